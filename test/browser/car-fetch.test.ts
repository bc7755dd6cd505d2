import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { startFaultyGateway } from '../fixtures/faulty-gateway.ts'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { randomBytes } from '../fixtures/random-bytes.ts'
import { launchBrowser } from '../support/chromium.ts'
import {
  dagBlocks,
  expectStoredExactly,
  getPin,
  networkSettings,
  postPin,
  sha256InPage,
  waitForStatus
} from '../support/engine-helpers.ts'
import { createToken, openServicePage } from '../support/service-page.ts'
import type { FaultyGateway } from '../fixtures/faulty-gateway.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { BrowserSession } from '../support/chromium.ts'
import type { EngineConfig } from '../../src/index.ts'

/** Whole DAGs in one request: the engine asks trustless gateways for CARs, and copes when they fail it. */
const MiB = 1024 * 1024
let network: IpfsNetwork
let browser: BrowserSession | undefined
let faulty: FaultyGateway | undefined
beforeAll(async () => {
  network = await startIpfsNetwork()
})
afterAll(async () => {
  await network.stop()
})
afterEach(async () => {
  await browser?.dispose()
  await faulty?.close()
  browser = undefined
  faulty = undefined
  network.advertise({ gateway: true, websockets: true })
  network.setGatewayDelay(0)
  network.setGatewayCars(true)
  network.resetCounters()
})

async function servicePage (engine: Partial<EngineConfig>) {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context, { engine })
  const errors: string[] = []
  page.on('pageerror', (error) => {
    errors.push(error.message)
  })
  return { page, token: await createToken(page), errors }
}

/** Settings that name only these gateways: no routing, no libp2p. */
const gatewaysOnly = (gateways: string[], changes: Partial<EngineConfig> = {}): Partial<EngineConfig> => ({
  gateways,
  routers: [],
  allowInsecure: true,
  libp2p: 'never',
  pinTimeoutMs: 60_000,
  ...changes
})

const files = (count: number, size: number, seed: number, folder: string) =>
  Object.fromEntries(
    Array.from(
      { length: count },
      (_, i) => [`${folder}/f${String(i).padStart(2, '0')}.bin`, randomBytes(size, seed + i)]
    )
  )

test('a whole DAG found through routing comes in one CAR request, and no block request', async () => {
  const folder = await network.addDirectory({
    ...files(40, 3000, 10, 'photos'),
    'video.bin': randomBytes(3 * MiB + 1, 11)
  })
  const blocks = await dagBlocks(network, folder.cid)
  network.advertise({ gateway: true, websockets: false })
  const { page, token, errors } = await servicePage(networkSettings(network))
  const added = await postPin(page, token, { cid: folder.cid })
  const pinned = await waitForStatus(page, token, added.requestid, 'pinned')
  expect(pinned.info.blocks).toBe(String(blocks.length))
  expect(network.carRequests()).toBe(1)
  expect(network.carRequests(folder.cid)).toBe(1)
  expect(network.blockRequests()).toBe(0)
  // A simple request: no CORS preflight (a round trip more) before it.
  expect(network.gatewayLog.filter(({ method }) => method === 'OPTIONS')).toEqual([])
  for (const cid of blocks) expect(network.blocksSent(cid), cid).toBe(1)
  await expectStoredExactly(page, network, [folder.cid])
  expect(errors).toEqual([])
})

test('a CAR cut off in the middle resumes with only the missing blocks: sub-DAGs as CARs, single blocks as blocks', async () => {
  const folder = await network.addDirectory({
    ...files(10, 4000, 20, 'a'),
    ...files(10, 4000, 40, 'b'),
    'c.bin': randomBytes(2.5 * MiB, 12) // a file node over three 1 MiB leaves
  })
  const blocks = await dagBlocks(network, folder.cid)
  // Depth-first, the stream breaks after the root, a/ and four of a/'s ten files. Paced, so that the page has
  // read every block sent before the connection breaks (a broken body's unread data is lost).
  network.setGatewayDelay(100)
  network.cutNextCarAfter(6)
  const { page, token, errors } = await servicePage(gatewaysOnly([network.gatewayUrl]))
  const added = await postPin(page, token, { cid: folder.cid })
  await waitForStatus(page, token, added.requestid, 'pinned')

  // Nothing came twice: what the cut CAR brought was never asked for again.
  for (const cid of blocks) expect(network.blocksSent(cid), cid).toBe(1)
  // The CAR of the root, then one of b/ and one of c.bin; a/'s six missing files were asked for one by one.
  expect(network.carRequests()).toBe(3)
  expect(network.blockRequests()).toBe(6)
  const asBlocks = blocks.filter((cid) => network.blockRequests(cid) === 1)
  expect(asBlocks.every((cid) => CID.parse(cid).code === raw.code)).toBe(true)
  expect(network.carBlocksSent()).toBe(blocks.length - 6)
  await expectStoredExactly(page, network, [folder.cid])
  expect(errors).toEqual([])
})

test('a gateway that serves no CARs still serves the pin through blocks, and is not asked for CARs again', async () => {
  const first = await network.addRandomFile(3 * MiB, 13)
  const second = await network.addRandomFile(2 * MiB, 14)
  network.setGatewayCars(false)
  const { page, token, errors } = await servicePage(gatewaysOnly([network.gatewayUrl]))
  await waitForStatus(page, token, (await postPin(page, token, { cid: first.cid })).requestid, 'pinned')
  expect(network.carRequests()).toBe(1) // answered 406
  expect(network.blockRequests()).toBe(first.blocks)
  await waitForStatus(page, token, (await postPin(page, token, { cid: second.cid })).requestid, 'pinned')
  expect(network.carRequests()).toBe(1)
  expect(network.blockRequests()).toBe(first.blocks + second.blocks)
  expect(await sha256InPage(page, second.cid)).toBe(second.sha256)
  expect(errors).toEqual([])
})

test('a CAR with a wrong block is dropped at that block, which is never stored; the pin completes from a good gateway', async () => {
  const file = await network.addRandomFile(6 * MiB, 15)
  const blocks = await dagBlocks(network, file.cid)
  const wrong = blocks[3]! // a leaf in the middle: the stream has brought some, and would bring more
  faulty = await startFaultyGateway(network.gatewayUrl, 'wrong-block', { block: wrong })
  // The faulty gateway first: its CAR is read, and refused at the wrong block.
  const { page, token, errors } = await servicePage(gatewaysOnly([faulty.url, network.gatewayUrl]))
  const added = await postPin(page, token, { cid: file.cid })
  await waitForStatus(page, token, added.requestid, 'pinned')
  expect(faulty.requests).toBeGreaterThan(0)
  // Every stored byte is the DAG's own: the file reads back intact, the wrong block's included.
  expect(await sha256InPage(page, file.cid)).toBe(file.sha256)
  await expectStoredExactly(page, network, [file.cid])
  expect(errors).toEqual([])
})

test('a CAR with a wrong block and no good source: the pin fails with a plain reason, and nothing of it is kept', async () => {
  const file = await network.addRandomFile(4 * MiB, 16)
  const blocks = await dagBlocks(network, file.cid)
  const wrong = blocks.find((cid) => cid !== file.cid)!
  faulty = await startFaultyGateway(network.gatewayUrl, 'wrong-block', { block: wrong })
  const { page, token, errors } = await servicePage(gatewaysOnly([faulty.url], { pinTimeoutMs: 4000 }))
  const added = await postPin(page, token, { cid: file.cid })
  const failed = await waitForStatus(page, token, added.requestid, 'failed', 30_000).catch(async () =>
    getPin(page, token, added.requestid)
  )
  expect(failed.status).toBe('failed')
  expect(failed.info.status_details).toMatch(
    new RegExp(
      `^Gave up on ${file.cid} after 4 s: \\d+ blocks \\(.+\\) arrived, but the block ${
        CID.parse(wrong).toV1()
      } inside it never did\\. What was tried: gateway 127\\.0\\.0\\.1:\\d+ sent blocks\\.$`
    )
  )
  expect(failed.info.sources).toBe(
    `gateway ${faulty.url}: sent blocks; 1 block it sent failed verification and was not kept`
  )
  // Nothing of it stays: not pinned, and its blocks are collected.
  await expectStoredExactly(page, network, [])
  expect(await page.evaluate(async () => window.pinningService!.storageUsage())).toMatchObject({ dags: 0 })
  expect(errors).toEqual([])
})

test('a CAR stream is cut when the deadline passes: the pin fails then, and the gateway is asked for nothing more', async () => {
  const file = await network.addRandomFile(8 * MiB, 17)
  network.setGatewayDelay(1000) // a block a second: the deadline comes long before the end
  const { page, token, errors } = await servicePage(gatewaysOnly([network.gatewayUrl], { pinTimeoutMs: 2500 }))
  const added = await postPin(page, token, { cid: file.cid })
  const failed = await waitForStatus(page, token, added.requestid, 'failed', 20_000).catch(async () =>
    getPin(page, token, added.requestid)
  )
  expect(failed.status).toBe('failed')
  expect(failed.info.status_details).toMatch(new RegExp(`^Gave up on ${file.cid} after 3 s: `))
  expect(network.carRequests()).toBe(1)
  const sent = network.blocksSent()
  expect(sent).toBeLessThan(file.blocks)
  await new Promise((resolve) => setTimeout(resolve, 2500))
  expect(network.blocksSent(), 'the stream went on after the deadline').toBe(sent)
  await expectStoredExactly(page, network, [])
  expect(errors).toEqual([])
})
