// The client program: @helia/remote-pinning 2 on a Node Helia 5 / libp2p 2 node that holds the content.
// Reads {endpoint, token, name?, timeoutMs, bytes (base64)} as JSON on stdin, writes the result as JSON on
// stdout. A process of its own, so that Node resolves every package from test/clients/node_modules (inside
// vitest, Vite resolves bare imports and may hand it the project's Helia 7 / libp2p 3 copies instead).
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { bitswap } from '@helia/block-brokers'
import { createRemotePins } from '@helia/remote-pinning'
import { unixfs } from '@helia/unixfs'
import { Helia } from '@helia/utils'
import { Configuration, RemotePinningServiceClient } from '@ipfs-shipyard/pinning-service-client'
import { identify } from '@libp2p/identify'
import { webSockets } from '@libp2p/websockets'
import { dns } from '@multiformats/dns'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { createLibp2p } from 'libp2p'
import { readFile } from 'node:fs/promises'
// The project's recorder of non-loopback sockets, UDP and DNS (plain TS: Node strips the types).
import { watchOutboundTraffic } from '../fixtures/traffic-guard.ts'

const guard = watchOutboundTraffic()

/** True for 127.0.0.0/8 and ::1 only: this node must never reach anything else. */
function isLoopback (ma) {
  const [first] = ma.stringTuples()
  if (first === undefined) return false
  if (first[0] === 4) return first[1].startsWith('127.')
  if (first[0] === 41) return first[1] === '::1'
  return false
}

/**
 * A Helia 5 node that only listens on ws://127.0.0.1 and dials nothing else. Built from @helia/utils and
 * libp2p directly: `helia`'s createHelia imports @libp2p/webrtc, whose native node-datachannel is not
 * built under --ignore-scripts, and its defaults bootstrap, use delegated routing, gateways, DHT, mdns,
 * autonat, upnp and relay. Every key is given here.
 */
async function startLoopbackHelia (deniedDials) {
  // No name is ever resolved: a lookup would go to the system resolver.
  const offline = dns({
    resolvers: {
      '.': async (name) => {
        throw new Error(`DNS is disabled here (${name})`)
      }
    }
  })
  const datastore = new MemoryDatastore()
  const libp2p = await createLibp2p({
    start: false,
    datastore,
    dns: offline,
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0/ws'] },
    transports: [webSockets()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    peerDiscovery: [],
    // identify tells the service's node that this peer speaks bitswap.
    services: { identify: identify() },
    connectionGater: {
      denyDialMultiaddr: (ma) => {
        if (isLoopback(ma)) return false
        deniedDials.push(ma.toString())
        return true
      }
    }
  })
  const helia = new Helia({
    libp2p,
    datastore,
    blockstore: new MemoryBlockstore(),
    dns: offline,
    blockBrokers: [bitswap()],
    routers: []
  })
  await helia.start()
  return helia
}

/** Versions actually loaded (all hoisted to this folder's node_modules), as the record of what was tested. */
async function versions () {
  const names = [
    '@helia/remote-pinning',
    '@helia/utils',
    '@helia/bitswap',
    '@helia/unixfs',
    'libp2p',
    '@libp2p/websockets',
    '@chainsafe/libp2p-noise',
    '@chainsafe/libp2p-yamux',
    '@libp2p/identify'
  ]
  const read = async (name) =>
    JSON.parse(await readFile(new URL(`node_modules/${name}/package.json`, import.meta.url), 'utf8')).version
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await read(name)])))
}

async function main () {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  const { endpoint, token, name, timeoutMs, bytes } = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  const deniedDials = []
  const requests = []
  // Records what the client sends (method, URL, body; never the headers) and passes it on unchanged.
  const fetchApi = async (url, init = {}) => {
    requests.push({
      method: init.method ?? 'GET',
      url: String(url),
      ...(typeof init.body === 'string' ? { body: init.body } : {})
    })
    return fetch(url, init)
  }
  const helia = await startLoopbackHelia(deniedDials)
  const peers = []
  helia.libp2p.addEventListener('connection:open', ({ detail }) => {
    peers.push(`${detail.direction} ${detail.remoteAddr.toString()}`)
  })
  try {
    const cid = await unixfs(helia).addBytes(Buffer.from(bytes, 'base64'))
    const config = { endpointUrl: endpoint, accessToken: token, fetchApi }
    const started = Date.now()
    // add() posts the pin (origins: this node's multiaddrs), dials the delegates, then polls
    // GET /pins/{id} every second until pinned; it throws PinningFailedError on failed.
    let addEndedAs = 'pinned'
    try {
      const options = { signal: AbortSignal.timeout(timeoutMs), ...(name === undefined ? {} : { name }) }
      for await (const pinned of createRemotePins(helia, config).add(cid, options)) void pinned
    } catch (err) {
      if (err?.name !== 'PinningFailedError') throw err
      addEndedAs = 'failed'
    }
    const elapsedMs = Date.now() - started
    // add() yields only the CID: read the PinStatus it ended on with the same API client.
    const { results } = await new RemotePinningServiceClient(new Configuration(config)).pinsGet({
      cid: [cid.toString()],
      limit: 1
    })
    const final = results[0]
    if (final === undefined) throw new Error(`the service lists no pin for ${cid} after add() ended ${addEndedAs}`)
    return {
      cid: cid.toString(),
      status: final.status,
      addEndedAs,
      requestid: final.requestid,
      created: final.created.toISOString(),
      origins: [...(final.pin.origins ?? [])],
      delegates: [...final.delegates],
      info: final.info ?? {},
      ownMultiaddrs: helia.libp2p.getMultiaddrs().map((ma) => ma.toString()),
      peers,
      deniedDials,
      requests,
      elapsedMs,
      versions: await versions()
    }
  } finally {
    await helia.stop()
  }
}

main().then((result) => {
  guard.stop()
  process.stdout.write(JSON.stringify({ ...result, outbound: guard.attempts }))
}, (err) => {
  process.stderr.write(`remote-pinning client failed: ${err?.stack ?? err}\n`)
  process.exitCode = 1
})
