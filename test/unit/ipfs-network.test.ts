import { createHash } from 'node:crypto'
import { withBitswap } from '@helia/bitswap'
import { withHTTP } from '@helia/http'
import { withLibp2pLight } from '@helia/libp2p'
import { unixfs } from '@helia/unixfs'
import { multiaddr } from '@multiformats/multiaddr'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { createHeliaLight } from 'helia'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { loopbackLibp2p } from '../fixtures/loopback-libp2p.ts'
import { watchOutboundTraffic } from '../fixtures/traffic-guard.ts'
import { randomCid } from '../support/cids.ts'
import type { AddedDirectory, AddedFile, IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { Helia } from 'helia'

const MiB = 1024 * 1024
const RAW = 'application/vnd.ipld.raw'
const PAGE_ORIGIN = 'http://127.0.0.1:9'

/** The libp2p a page would run: dial-only WebSockets, noise, yamux, identify, and no dial off loopback. */
const dialOnlyLibp2p = () => loopbackLibp2p()

const stores = () => ({ blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() })

async function catSha256 (helia: Helia, cid: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of unixfs(helia).cat(CID.parse(cid), { signal: AbortSignal.timeout(10_000) })) {
    hash.update(chunk)
  }
  return hash.digest('hex')
}

async function providers (network: IpfsNetwork, cid: string) {
  const response = await fetch(`${network.routingUrl}/routing/v1/providers/${cid}`, {
    headers: { Origin: PAGE_ORIGIN }
  })
  expect(response.status).toBe(200)
  expect(response.headers.get('access-control-allow-origin')).toBe('*')
  return ((await response.json()) as { Providers: Array<{ ID: string, Addrs: string[] }> }).Providers
}

describe('an IPFS network in a box', () => {
  const traffic = watchOutboundTraffic()
  let network: IpfsNetwork
  let file: AddedFile
  let dir: AddedDirectory

  beforeAll(async () => {
    network = await startIpfsNetwork()
    file = await network.addRandomFile(3 * MiB, 1)
    dir = await network.addDirectory({
      'index.html': new TextEncoder().encode('<h1>hi</h1>'),
      'a/b.txt': new TextEncoder().encode('nested')
    })
  })

  afterAll(async () => {
    await network?.stop()
    traffic.stop()
  })

  test('adds deterministic content', async () => {
    expect(file.blocks).toBe(4) // three 1 MiB raw leaves and a dag-pb root
    expect(file.dagSize).toBeGreaterThan(3 * MiB)
    expect(await network.addRandomFile(3 * MiB, 1)).toEqual(file)
    expect((await network.addRandomFile(3 * MiB, 2)).cid).not.toBe(file.cid)
    expect(dir.blocks).toBe(4) // root, a/, and two single-block files
    expect(network.wsMultiaddr).toBe(`${network.wsMultiaddr.split('/p2p/')[0]}/p2p/${network.peerId}`)
    expect(network.gatewayMultiaddr).toBe(`/ip4/127.0.0.1/tcp/${new URL(network.gatewayUrl).port}/http`)
  })

  test('the gateway serves raw blocks with CORS, and 404 for what it does not hold', async () => {
    network.resetCounters()
    const response = await fetch(`${network.gatewayUrl}/ipfs/${file.cid}?format=raw`, {
      headers: { Origin: PAGE_ORIGIN }
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('content-type')).toBe(RAW)
    const block = new Uint8Array(await response.arrayBuffer())
    expect((await sha256.digest(block)).bytes).toEqual(CID.parse(file.cid).multihash.bytes)

    const byAccept = await fetch(`${network.gatewayUrl}/ipfs/${dir.cid}`, { headers: { Accept: RAW } })
    expect(byAccept.status).toBe(200)
    await byAccept.arrayBuffer()
    const head = await fetch(`${network.gatewayUrl}/ipfs/${file.cid}?format=raw`, { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe(String(block.length))

    const unknown = await fetch(`${network.gatewayUrl}/ipfs/${await randomCid()}?format=raw`)
    expect(unknown.status).toBe(404)
    expect(unknown.headers.get('access-control-allow-origin')).toBe('*')
    await unknown.text()
    expect((await fetch(`${network.gatewayUrl}/ipfs/${file.cid}`)).status).toBe(406)

    const preflight = await fetch(`${network.gatewayUrl}/ipfs/${file.cid}?format=raw`, {
      method: 'OPTIONS',
      headers: {
        Origin: PAGE_ORIGIN,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'x-custom'
      }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('x-custom')

    // HEAD, OPTIONS and non-raw requests are not block GETs; the unknown CID is.
    expect(network.blockRequests()).toBe(3)
    expect(network.blockRequests(file.cid)).toBe(1)
    // The same block asked for by its CIDv0 is the same counter.
    expect(network.blockRequests(CID.parse(dir.cid).toV0().toString())).toBe(1)
  })

  test('the gateway can be slowed down and switched off', async () => {
    const url = `${network.gatewayUrl}/ipfs/${file.cid}?format=raw`
    network.setGatewayDelay(300)
    const started = performance.now()
    const slow = await fetch(url)
    await slow.arrayBuffer()
    expect(slow.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    network.setGatewayDelay(0)

    network.setGatewayEnabled(false)
    const off = await fetch(url)
    expect(off.status).toBe(404)
    expect(off.headers.get('access-control-allow-origin')).toBe('*')
    await off.text()
    network.setGatewayEnabled(true)
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200)
  })

  test('routing names the content node for held blocks only, at the advertised addresses', async () => {
    const ws = network.wsMultiaddr.split('/p2p/')[0]
    const [provider, ...others] = await providers(network, file.cid)
    expect(others).toEqual([])
    expect(provider?.ID).toBe(network.peerId)
    expect(provider?.Addrs.sort()).toEqual([network.gatewayMultiaddr, ws].sort())
    expect(await providers(network, dir.cid)).toHaveLength(1)
    expect(await providers(network, await randomCid())).toEqual([])

    network.advertise({ gateway: true, websockets: false })
    expect((await providers(network, file.cid))[0]?.Addrs).toEqual([network.gatewayMultiaddr])
    network.advertise({ gateway: false, websockets: true })
    expect((await providers(network, file.cid))[0]?.Addrs).toEqual([ws])
    network.advertise({ gateway: false, websockets: false })
    expect(await providers(network, file.cid)).toEqual([])
    network.advertise({ gateway: true, websockets: true })

    const preflight = await fetch(`${network.routingUrl}/routing/v1/providers/${file.cid}`, {
      method: 'OPTIONS',
      headers: { Origin: PAGE_ORIGIN, 'Access-Control-Request-Method': 'GET' }
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
  })

  test('a Helia client finds the file through routing and fetches it from the gateway', async () => {
    network.resetCounters()
    // One ordinary router and no fallback router: Helia 7.1.15 hangs when fallback routers are all it has.
    const client = withHTTP(createHeliaLight(stores()), {
      delegatedRouters: [network.routingUrl],
      recursiveGateways: [],
      allowInsecure: true,
      allowLocal: true
    })
    await client.start()
    try {
      expect(await catSha256(client, file.cid)).toBe(file.sha256)
    } finally {
      await client.stop()
    }
    expect(network.blockRequests()).toBe(file.blocks)
    expect(network.providerRequests()).toBeGreaterThan(0)
    for (const request of network.gatewayLog) {
      expect(request).toEqual({ method: 'GET', url: expect.stringMatching(/^\/ipfs\/\w+\?format=raw$/), accept: RAW })
    }
  })

  test('a libp2p client dialling the WebSockets address gets blocks over bitswap', async () => {
    network.resetCounters()
    const client = withBitswap(withLibp2pLight(createHeliaLight(stores()), dialOnlyLibp2p()))
    await client.start()
    try {
      await client.libp2p.dial(multiaddr(network.wsMultiaddr), { signal: AbortSignal.timeout(5_000) })
      const leaf =
        (await unixfs(client).stat(CID.parse(dir.cid), { path: 'a/b.txt', signal: AbortSignal.timeout(5_000) })).cid
      const chunks = []
      for await (const chunk of client.blockstore.get(leaf, { signal: AbortSignal.timeout(5_000) })) chunks.push(chunk)
      expect(new TextDecoder().decode(Buffer.concat(chunks))).toBe('nested')
    } finally {
      await client.stop()
    }
    expect(network.blockRequests()).toBe(0)
  })

  test('a client with routing, gateway and bitswap follows a WebSockets-only record to bitswap', async () => {
    const other = await network.addRandomFile(2 * MiB, 3)
    network.resetCounters()
    network.advertise({ gateway: false, websockets: true })
    const client = withBitswap(withLibp2pLight(
      withHTTP(createHeliaLight(stores()), {
        delegatedRouters: [network.routingUrl],
        recursiveGateways: [],
        allowInsecure: true,
        allowLocal: true
      }),
      dialOnlyLibp2p()
    ))
    await client.start()
    try {
      expect(await catSha256(client, other.cid)).toBe(other.sha256)
    } finally {
      await client.stop()
      network.advertise({ gateway: true, websockets: true })
    }
    expect(network.providerRequests()).toBeGreaterThan(0)
    expect(network.blockRequests()).toBe(0)
  })

  test('nothing left loopback', () => {
    expect(traffic.attempts).toEqual([])
  })
})
