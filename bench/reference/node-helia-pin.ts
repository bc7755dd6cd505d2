// The Node reference for pin throughput: Helia (same versions as the page) with an in-memory blockstore
// pins a DAG from the network in a box. Run as a child so it does not share the fixture's event loop:
//   node node-helia-pin.ts '{"cid":"bafy…","gatewayUrl":"http://127.0.0.1:4100"}'   (or "wsMultiaddr")
// Prints {"ms","blocks","startMs"}; ms covers dialling (ws) and helia.pins.add, not starting the node.
import { multiaddr } from '@multiformats/multiaddr'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { createHelia } from 'helia'
import { CID } from 'multiformats/cid'
import { loopbackLibp2p } from '../../test/fixtures/loopback-libp2p.ts'

interface Job {
  cid: string
  gatewayUrl?: string
  wsMultiaddr?: string
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job
const started = performance.now()
// Every endpoint is given, as in test/fixtures/content-node.ts: Helia's defaults reach public hosts.
const helia = await createHelia({
  blockstore: new MemoryBlockstore(),
  datastore: new MemoryDatastore(),
  // The trustless gateway broker asks the fixture gateway (as a recursive gateway) for every block.
  http: { delegatedRouters: [], recursiveGateways: job.gatewayUrl === undefined ? [] : [job.gatewayUrl], allowInsecure: true, allowLocal: true },
  libp2p: loopbackLibp2p()
})
await helia.start()
const startMs = performance.now() - started

const t0 = performance.now()
if (job.wsMultiaddr !== undefined) await helia.libp2p.dial(multiaddr(job.wsMultiaddr))
let blocks = 0
for await (const _ of helia.pins.add(CID.parse(job.cid), { signal: AbortSignal.timeout(300_000) })) blocks++
const ms = performance.now() - t0

await helia.stop()
console.log(JSON.stringify({ ms, blocks, startMs }))
