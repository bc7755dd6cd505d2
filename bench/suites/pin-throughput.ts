import { startIpfsNetwork } from '../../test/fixtures/ipfs-network.ts'
import { randomBytes } from '../../test/fixtures/random-bytes.ts'
import { fetchBlocks, fetchCarAndWrite, writeBlocksBatched, writeBlocksToIdb } from '../lib/block-floors.ts'
import { startCarGateway } from '../lib/car-gateway.ts'
import { blockBytes } from '../lib/dag-bytes.ts'
import { runChildJson } from '../lib/child.ts'
import { dagBlocks } from '../../test/fixtures/dag-blocks.ts'
import { pinAndWait } from '../lib/pin-in-page.ts'
import { NO_NETWORK, openServicePage } from '../lib/service-page.ts'
import { median } from '../lib/stats.ts'
import { BLOCK_CONCURRENCY } from '../lib/src-constants.ts'
import type { IpfsNetwork } from '../../test/fixtures/ipfs-network.ts'
import type { CarGateway } from '../lib/car-gateway.ts'
import type { EngineConfig } from '../../src/index.ts'
import type { FloorTiming } from '../lib/block-floors.ts'
import type { BenchContext } from '../lib/context.ts'
import type { PinTiming } from '../lib/pin-in-page.ts'
import type { BrowserContext } from 'playwright-core'

const NODE_REFERENCE = new URL('../reference/node-helia-pin.ts', import.meta.url).pathname
/** The floors fetch and write as many blocks at once as the engine does (BLOCK_CONCURRENCY). */
const FLOOR_CONCURRENCY = BLOCK_CONCURRENCY
const PIN_TIMEOUT_MS = 240_000
/** Only the origins named in the pin: no routing, no public gateways; libp2p loads when an origin needs it. */
const ENGINE: Partial<EngineConfig> = { ...NO_NETWORK, libp2p: 'auto', pinTimeoutMs: PIN_TIMEOUT_MS }

export const TRANSPORTS = ['gateway', 'ws'] as const
export type Transport = (typeof TRANSPORTS)[number]

export interface DagUnderTest {
  id: string
  label: string
  cid: string
  blocks: string[]
  /** Bytes of every distinct block. */
  dagBytes: number
  /** The blocks' bytes as stored by the source: what every floor must have fetched. */
  blockBytes: number
}

/** One Node Helia run: pins.add time (dialling included for ws), blocks walked, start-up of the node. */
export interface NodeRun {
  ms: number
  blocks: number
  startMs: number
}

/**
 * Node Helia's runs besides the judged one (blocks on disk, the engine's concurrency): in memory with the engine's
 * concurrency, and in memory one block at a time (Helia's default walk, the reference before issue 12).
 */
export const NODE_VARIANTS = ['memory-16', 'memory-1'] as const
export type NodeVariant = (typeof NODE_VARIANTS)[number]

export interface DagResult {
  id: string
  label: string
  cid: string
  blocks: number
  dagBytes: number
  /**
   * Per transport: the page (POST until GET says pinned) and Node Helia (pins.add), each run. `node`: the fair
   * reference, blocks on disk (blockstore-fs) and BLOCK_CONCURRENCY blocks in flight; `nodeVariants`: the others.
   */
  transports: Record<Transport, { page: PinTiming[], node: NodeRun[], nodeVariants: Record<NodeVariant, NodeRun[]> }>
  /**
   * Floors: plain fetch from a page without a service worker, and from a Worker of the service's page (as the
   * engine); IndexedDB writes one transaction per block, and batched as the engine writes; the whole DAG as one
   * CAR, each block checked and written batched as it arrives.
   */
  floors: {
    fetch: FloorTiming[]
    fetchControlledWorker: FloorTiming[]
    idbWrite: FloorTiming[]
    idbBatched: FloorTiming[]
    carWrite: FloorTiming[]
  }
  /** Whether the engine's Worker is a client of the page's service worker (then each of its fetches is a fetch event there). */
  engineWorkerControlled?: boolean
}

async function addDags (ctx: BenchContext, network: IpfsNetwork): Promise<DagUnderTest[]> {
  const dags: DagUnderTest[] = []
  for (const [i, size] of ctx.config.fileSizes.entries()) {
    const file = await network.addRandomFile(size, 100 + i)
    const blocks = await dagBlocks(network, file.cid)
    dags.push({
      id: `file-${size / 1024 / 1024}mib`,
      label: `${size / 1024 / 1024} MiB file`,
      cid: file.cid,
      blocks,
      dagBytes: file.dagSize,
      blockBytes: await blockBytes(network, blocks)
    })
  }
  const files: Record<string, Uint8Array> = {}
  // Small files of 1-4 KiB, as a site or a photo album's thumbnails.
  for (let i = 0; i < ctx.config.directoryFiles; i++) {
    files[`file-${String(i).padStart(4, '0')}.txt`] = randomBytes(1024 + ((i * 977) % 3072), 1000 + i)
  }
  const directory = await network.addDirectory(files)
  const blocks = await dagBlocks(network, directory.cid)
  const dagBytes = Object.values(files).reduce((sum, bytes) => sum + bytes.length, 0)
  dags.push({
    id: 'directory',
    label: `directory of ${ctx.config.directoryFiles.toLocaleString('en')} small files`,
    cid: directory.cid,
    blocks,
    dagBytes,
    blockBytes: await blockBytes(network, blocks)
  })
  return dags
}

/** Pin throughput: the page's engine against Node Helia, plain fetch and plain IndexedDB on the same DAGs. */
export async function runPinThroughput (ctx: BenchContext): Promise<DagResult[]> {
  const network = await startIpfsNetwork()
  const carGateway = await startCarGateway(network)
  try {
    const dags = await addDags(ctx, network)
    const results: DagResult[] = []
    for (const dag of dags) {
      ctx.log(`  ${dag.label}: ${dag.blocks.length} blocks, ${(dag.dagBytes / 1024 / 1024).toFixed(1)} MiB`)
      const result: DagResult = {
        id: dag.id,
        label: dag.label,
        cid: dag.cid,
        blocks: dag.blocks.length,
        dagBytes: dag.dagBytes,
        transports: {
          gateway: { page: [], node: [], nodeVariants: { 'memory-16': [], 'memory-1': [] } },
          ws: { page: [], node: [], nodeVariants: { 'memory-16': [], 'memory-1': [] } }
        },
        floors: { fetch: [], fetchControlledWorker: [], idbWrite: [], idbBatched: [], carWrite: [] }
      }
      // The large DAGs take most of the suite's time: fewer runs keep a quick run quick.
      const runs = dag.dagBytes > 50 * 1024 * 1024 || dag.id === 'directory'
        ? ctx.config.pinRunsLarge
        : ctx.config.pinRuns
      for (const transport of TRANSPORTS) {
        const origin = transport === 'gateway' ? network.gatewayMultiaddr : network.wsMultiaddr
        for (let run = 0; run < runs; run++) {
          result.transports[transport].page.push(await pinInFreshPage(ctx, dag, origin))
          const job = transport === 'gateway'
            ? { cid: dag.cid, gatewayUrl: network.gatewayUrl }
            : { cid: dag.cid, wsMultiaddr: network.wsMultiaddr }
          const node = async (concurrency: number, store: 'fs' | 'memory') =>
            runChildJson<NodeRun>(NODE_REFERENCE, [JSON.stringify({ ...job, concurrency, store })], PIN_TIMEOUT_MS)
          result.transports[transport].node.push(await node(BLOCK_CONCURRENCY, 'fs'))
          result.transports[transport].nodeVariants['memory-16'].push(await node(BLOCK_CONCURRENCY, 'memory'))
          result.transports[transport].nodeVariants['memory-1'].push(await node(1, 'memory'))
        }
        const page = result.transports[transport].page
        const { node, nodeVariants } = result.transports[transport]
        const ms = (runs: NodeRun[]) => median(runs.map((t) => t.ms)).toFixed(0)
        ctx.log(
          `    ${transport}: page ${median(page.map((t) => t.ms)).toFixed(0)} ms${
            page.every((t) => t.ok)
              ? ''
              : ` (NOT PINNED: ${JSON.stringify(page.find((t) => !t.ok)?.last)})`
          }, Node Helia ${ms(node)} ms (disk, ${BLOCK_CONCURRENCY} in flight; in memory ${
            ms(nodeVariants['memory-16'])
          } ms, one at a time ${ms(nodeVariants['memory-1'])} ms)`
        )
      }
      const floors = await measureFloors(ctx, network, carGateway, dag, runs)
      result.floors = floors.floors
      result.engineWorkerControlled = floors.engineWorkerControlled
      const f = (timings: FloorTiming[]) => median(timings.map((t) => t.ms)).toFixed(0)
      ctx.log(
        `    floors: fetch ${f(result.floors.fetch)} ms (${
          f(result.floors.fetchControlledWorker)
        } ms from a Worker of the service page), IndexedDB writes ${
          f(result.floors.idbWrite)
        } ms (batched as the engine: ${f(result.floors.idbBatched)} ms), one CAR checked and written ${
          f(result.floors.carWrite)
        } ms`
      )
      results.push(result)
    }
    return results
  } finally {
    await carGateway.close()
    await network.stop()
  }
}

/** A fresh profile each time, so no block is cached or stored from an earlier run. */
async function pinInFreshPage (ctx: BenchContext, dag: DagUnderTest, origin: string): Promise<PinTiming> {
  const browser = await ctx.launch()
  try {
    const { page, token } = await openServicePage(browser.context, ctx.origin, ENGINE)
    // The engine has started and applied the settings: what is timed is the pin, not the page's start.
    await page.evaluate(async () => {
      await window.pinningService!.engine.started
    })
    await page.waitForTimeout(300)
    return await pinAndWait(page, token, { cid: dag.cid, name: dag.label, origins: [origin] }, PIN_TIMEOUT_MS)
  } finally {
    await browser.dispose()
  }
}

async function measureFloors (
  ctx: BenchContext,
  network: IpfsNetwork,
  carGateway: CarGateway,
  dag: DagUnderTest,
  runs: number
) {
  const browser = await ctx.launch()
  const floors: DagResult['floors'] = {
    fetch: [],
    fetchControlledWorker: [],
    idbWrite: [],
    idbBatched: [],
    carWrite: []
  }
  try {
    const { page: servicePage } = await openServicePage(browser.context, ctx.origin)
    await servicePage.evaluate(async () => {
      await window.pinningService!.engine.started
    })
    const engineWorkerControlled = await isEngineWorkerControlled(browser.context)
    // A page of the gateway's own origin: no service worker, no CORS; IndexedDB of its own.
    const plain = await browser.context.newPage()
    await plain.goto(`${network.gatewayUrl}/`)
    // A floor that did not get every byte of the DAG measured something smaller: the suite breaks instead.
    const whole = (what: string, timing: FloorTiming) => {
      if (timing.bytes !== dag.blockBytes) {
        throw new Error(`${what} floor of ${dag.label} got ${timing.bytes} of ${dag.blockBytes} bytes`)
      }
      return timing
    }
    for (let run = 0; run < runs; run++) {
      floors.fetch.push(whole('fetch', await fetchBlocks(plain, network.gatewayUrl, dag.blocks, FLOOR_CONCURRENCY)))
      floors.fetchControlledWorker.push(
        whole(
          'Worker fetch',
          await fetchBlocks(servicePage, network.gatewayUrl, dag.blocks, FLOOR_CONCURRENCY, { inWorker: true })
        )
      )
      floors.idbWrite.push(
        whole('IndexedDB', await writeBlocksToIdb(plain, network.gatewayUrl, dag.blocks, FLOOR_CONCURRENCY))
      )
      // Checked by what the database holds afterwards: every block, every byte.
      const stored = (what: string, timing: FloorTiming & { stored: number }) => {
        if (timing.stored !== dag.blocks.length) {
          throw new Error(`${what} floor of ${dag.label} stored ${timing.stored} of ${dag.blocks.length} blocks`)
        }
        return whole(what, { ms: timing.ms, bytes: timing.bytes })
      }
      floors.idbBatched.push(
        stored('batched IndexedDB', await writeBlocksBatched(plain, network.gatewayUrl, dag.blocks, FLOOR_CONCURRENCY))
      )
      floors.carWrite.push(stored('CAR', await fetchCarAndWrite(plain, carGateway.url, dag.cid)))
    }
    return { floors, engineWorkerControlled }
  } finally {
    await browser.dispose()
  }
}

/** Asks the page's service worker whether the engine's Worker is among the clients it controls. */
async function isEngineWorkerControlled (context: BrowserContext): Promise<boolean> {
  const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker')
  return worker.evaluate(async () => {
    const scope = self as unknown as {
      clients: { matchAll(options: { type: string }): Promise<Array<{ type: string, url: string }>> }
    }
    const clients = await scope.clients.matchAll({ type: 'worker' })
    return clients.some((client) => client.url.includes('engine-worker'))
  })
}
