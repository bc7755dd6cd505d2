// The Node reference for pin throughput: Helia (same versions as the page) pins a DAG from the network in a box.
// Run as a child so it does not share the fixture's event loop:
//   node node-helia-pin.ts '{"cid":"bafy…","gatewayUrl":"http://127.0.0.1:4100","concurrency":16,"store":"fs"}'
// (or "wsMultiaddr"). `concurrency`: blocks in flight in Helia's own walk (default 1, Helia's default walker;
// the engine has BLOCK_CONCURRENCY). `store`: "memory" (default) or "fs", a blockstore on disk (blockstore-fs,
// in a temporary folder removed afterwards), as the page's blocks land on disk in IndexedDB.
// Prints {"ms","blocks","startMs"}; ms covers dialling (ws) and helia.pins.add, not starting the node.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NaturalOrderGraphWalker } from '@helia/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { MemoryBlockstore } from 'blockstore-core'
import { FsBlockstore } from 'blockstore-fs'
import { MemoryDatastore } from 'datastore-core'
import { createHelia } from 'helia'
import { CID } from 'multiformats/cid'
import { loopbackLibp2p } from '../../test/fixtures/loopback-libp2p.ts'
import type { GraphWalker, GraphWalkerComponents } from '@helia/utils'

interface Job {
  cid: string
  gatewayUrl?: string
  wsMultiaddr?: string
  concurrency?: number
  store?: 'memory' | 'fs'
}

/**
 * Helia's own walker (natural order, the one `pins.add` is built on) with `concurrency` blocks in flight instead of
 * one: its queue is made by the class's getQueue(), so the subclass makes the same queue with a larger concurrency.
 */
function concurrentWalker (concurrency: number): (components: GraphWalkerComponents) => GraphWalker {
  class ConcurrentWalker extends NaturalOrderGraphWalker {
    override getQueue<T> (): ReturnType<typeof NaturalOrderGraphWalker.prototype.getQueue<T>> {
      const queue = super.getQueue<T>()
      const Queue = queue.constructor as new(init: { concurrency: number }) => typeof queue
      return new Queue({ concurrency })
    }
  }
  return (components) => new ConcurrentWalker(components)
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job
const concurrency = job.concurrency ?? 1
const folder = job.store === 'fs' ? await mkdtemp(join(tmpdir(), 'pinning-bench-node-blocks-')) : undefined
try {
  const started = performance.now()
  const blockstore = folder === undefined ? new MemoryBlockstore() : new FsBlockstore(folder)
  if (blockstore instanceof FsBlockstore) await blockstore.open()
  // Every endpoint is given, as in test/fixtures/content-node.ts: Helia's defaults reach public hosts.
  const helia = await createHelia({
    blockstore,
    datastore: new MemoryDatastore(),
    // The trustless gateway broker asks the fixture gateway (as a recursive gateway) for every block.
    http: {
      delegatedRouters: [],
      recursiveGateways: job.gatewayUrl === undefined ? [] : [job.gatewayUrl],
      allowInsecure: true,
      allowLocal: true
    },
    libp2p: loopbackLibp2p()
  })
  await helia.start()
  const startMs = performance.now() - started

  const t0 = performance.now()
  if (job.wsMultiaddr !== undefined) await helia.libp2p.dial(multiaddr(job.wsMultiaddr))
  let blocks = 0
  const options = {
    signal: AbortSignal.timeout(300_000),
    ...(concurrency === 1 ? {} : { walker: concurrentWalker(concurrency) })
  }
  for await (const _ of helia.pins.add(CID.parse(job.cid), options)) blocks++
  const ms = performance.now() - t0

  await helia.stop()
  console.log(JSON.stringify({ ms, blocks, startMs }))
} finally {
  if (folder !== undefined) await rm(folder, { recursive: true, force: true })
}
