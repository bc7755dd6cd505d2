import * as dagPb from '@ipld/dag-pb'
import { MemoryBlockstore } from 'blockstore-core'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { identity } from 'multiformats/hashes/identity'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createCarFetcher } from '../../src/engine/car-fetcher.ts'
import { depthFirst } from '../fixtures/car-frames.ts'
import { startFaultyGateway } from '../fixtures/faulty-gateway.ts'
import { dagBlocks } from '../fixtures/dag-blocks.ts'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { randomBytes } from '../fixtures/random-bytes.ts'
import type { CarFetcher } from '../../src/engine/car-fetcher.ts'
import type { DagProgress } from '../../src/engine/fetch-dag.ts'
import type { FaultyGateway } from '../fixtures/faulty-gateway.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { CodecLoader, HasherLoader } from '@helia/interface'

/** The CAR fetcher in Node against the network in a box: real HTTP, real CAR streams, a memory blockstore. */
let network: IpfsNetwork
let faulty: FaultyGateway | undefined
beforeAll(async () => {
  network = await startIpfsNetwork()
})
afterAll(async () => {
  await network.stop()
})
afterEach(async () => {
  await faulty?.close()
  faulty = undefined
  network.setGatewayCars(true)
  network.setGatewayDelay(0)
  network.resetCounters()
})

const getHasher: HasherLoader = (code) => {
  if (code === sha256.code) return sha256
  if (code === identity.code) return identity
  throw Object.assign(new Error(`no hasher ${code}`), { name: 'UnknownHashAlgorithmError' })
}
const getCodec: CodecLoader = (code) => {
  if (code === dagPb.code) return dagPb as any
  if (code === raw.code) return raw as any
  throw Object.assign(new Error(`no codec ${code}`), { name: 'UnknownCodecError' })
}

function setup () {
  const store = new MemoryBlockstore()
  const streamed: Array<{ gateway: string, valid: boolean }> = []
  const progress: DagProgress[] = []
  const fetcher: CarFetcher = createCarFetcher({
    blockstore: {
      has: async (cid) => store.has(cid),
      get: (cid) => store.get(cid),
      put: async (cid, bytes) => store.put(cid, bytes)
    },
    getHasher,
    getCodec,
    findGateways: async function* () {}
  })
  const fetch = async (root: string, gateways: string[]) =>
    fetcher.fetch(CID.parse(root), {
      gateways,
      signal: AbortSignal.timeout(30_000),
      listener: {
        want () {},
        unwant () {},
        streamed (gateway, valid) {
          streamed.push({ gateway, valid })
        }
      },
      onProgress (latest) {
        progress.push(latest)
      }
    })
  const stored = async (cids: string[]) =>
    (await Promise.all(cids.map(async (cid) => await store.has(CID.parse(cid)) ? [cid] : []))).flat()
  return { store, fetch, streamed, progress, stored }
}

/** A DAG's blocks in the order a depth-first CAR sends them. */
async function inOrder (root: string): Promise<string[]> {
  const cids: string[] = []
  const read = async (cid: CID) => {
    const chunks: Uint8Array[] = []
    for await (const chunk of network.helia.blockstore.get(cid, { offline: true })) chunks.push(chunk)
    return new Uint8Array(Buffer.concat(chunks))
  }
  for await (const { cid } of depthFirst(CID.parse(root), read)) cids.push(cid.toString())
  return cids
}

const files = (count: number, size: number, seed: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [`f${String(i).padStart(2, '0')}.bin`, randomBytes(size, seed + i)])
  )

describe('fetching DAGs as CARs', () => {
  test('a whole DAG arrives in one request, every block verified and written, and the leaves\' sizes are known', async () => {
    const dir = await network.addDirectory({ ...files(30, 2000, 100), 'big.bin': randomBytes(1024 * 1024 + 3, 7) })
    const blocks = await dagBlocks(network, dir.cid)
    const { fetch, stored, progress, streamed } = setup()
    const result = await fetch(dir.cid, [network.gatewayUrl])
    expect(network.carRequests()).toBe(1)
    expect(network.blockRequests()).toBe(0)
    expect(await stored(blocks)).toEqual(blocks)
    expect(progress.at(-1)?.blocks).toBe(blocks.length)
    expect(streamed).toHaveLength(blocks.length)
    expect(result.leafSize(CID.parse(blocks.find((cid) => CID.parse(cid).code === raw.code)!))).toBeGreaterThan(0)
  })

  test('a stream cut in the middle: the missing sub-DAGs are asked for as CARs, nothing stored is asked for again', async () => {
    const dir = await network.addDirectory({
      ...Object.fromEntries(Object.entries(files(8, 3000, 200)).map(([name, bytes]) => [`a/${name}`, bytes])),
      ...Object.fromEntries(Object.entries(files(8, 3000, 300)).map(([name, bytes]) => [`b/${name}`, bytes])),
      'c.bin': randomBytes(2.5 * 1024 * 1024, 9) // a dag-pb node over three 1 MiB leaves
    })
    const blocks = await dagBlocks(network, dir.cid)
    const { fetch, stored } = setup()
    // Depth-first: the root, a/, three of a/'s eight files; then the connection breaks.
    network.cutNextCarAfter(5)
    await fetch(dir.cid, [network.gatewayUrl])

    // b/ and c.bin were asked for as CARs of their own; a/'s five missing files are single raw blocks, left to
    // block requests (one request each either way).
    const carRoots = network.carRequests()
    expect(carRoots).toBe(3)
    expect(network.blockRequests()).toBe(0)
    const missing = blocks.filter((cid) => network.carBlocksSent(cid) === 0)
    expect(missing).toHaveLength(5)
    expect(missing.every((cid) => CID.parse(cid).code === raw.code)).toBe(true)
    for (const cid of blocks) expect(network.carBlocksSent(cid), cid).toBeLessThanOrEqual(1)
    expect((await stored(blocks)).sort()).toEqual(blocks.filter((cid) => !missing.includes(cid)).sort())
  })

  test('a block that does not match its CID drops the stream: neither it nor anything after it is written', async () => {
    const file = await network.addRandomFile(6 * 256 * 1024, 11, { chunkSize: 256 * 1024 })
    const blocks = await inOrder(file.cid) // root, then its six leaves in order
    const wrong = blocks[3]!
    faulty = await startFaultyGateway(network.gatewayUrl, 'wrong-block', { block: wrong })
    const { fetch, stored, streamed } = setup()
    await fetch(file.cid, [faulty.url])
    expect(await stored(blocks)).toEqual(blocks.slice(0, 3))
    expect(streamed.filter(({ valid }) => !valid)).toEqual([{ gateway: faulty.url, valid: false }])
    // The gateway is asked for nothing more in this fetch: the rest are raw blocks, for block requests.
    expect(faulty.requests).toBe(1)
  })

  test('a gateway that serves no CARs is asked once, then only for blocks', async () => {
    const file = await network.addRandomFile(300 * 1024, 12, { chunkSize: 100 * 1024 })
    network.setGatewayCars(false)
    const first = setup()
    await first.fetch(file.cid, [network.gatewayUrl])
    expect(network.carRequests()).toBe(1)
    expect(first.progress).toEqual([])
    await first.fetch(file.cid, [network.gatewayUrl])
    expect(network.carRequests()).toBe(1)
  })

  test('a stored sub-DAG met under a new root ends the stream; what is missing beside it comes as its own CAR', async () => {
    const shared = files(6, 50_000, 400)
    const old = await network.addDirectory(
      Object.fromEntries(Object.entries(shared).map(([name, bytes]) => [`a-shared/${name}`, bytes]))
    )
    const next = await network.addDirectory({
      ...Object.fromEntries(Object.entries(shared).map(([name, bytes]) => [`a-shared/${name}`, bytes])),
      ...Object.fromEntries(Object.entries(files(4, 1000, 500)).map(([name, bytes]) => [`b-new/${name}`, bytes]))
    })
    const { fetch, stored } = setup()
    await fetch(old.cid, [network.gatewayUrl])
    network.resetCounters()
    await fetch(next.cid, [network.gatewayUrl])
    const blocks = await dagBlocks(network, next.cid)
    expect(await stored(blocks)).toEqual(blocks)
    const newDir = blocks.find((cid) => cid !== next.cid && network.carRequests(cid) > 0)
    expect(newDir).toBeDefined()
    expect(network.carRequests()).toBe(2)
  })
})
