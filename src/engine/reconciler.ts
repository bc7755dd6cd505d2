import { startJob } from './job-runner.ts'
import { JobSlots } from './job-slots.ts'
import { isLibp2pOrigin, parseOrigins, runPinJob } from './pin-job.ts'
import { withRoomForRecords } from './records-room.ts'
import { collectGarbage, releaseUnwanted, sweepOrphanBlocks } from './release-and-collect.ts'
import { startWakeLoop } from './wake-loop.ts'
import type { EngineContext } from './engine-context.ts'
import type { EngineNode } from './engine-node.ts'
import type { StorageReserve } from './storage-reserve.ts'
import type { EngineConfig } from '../settings/engine-config.ts'
import type { EngineStore } from '../store/engine-store.ts'
import type { ChangeFeed } from '../sync/change-feed.ts'

/** A safety net: a pass runs at least this often even when no notice arrives. */
const IDLE_PASS_MS = 30_000
/**
 * Jobs waiting between attempts (content nobody provides yet) give their fetch slot to the next pin, so they
 * never hold up pins that can be had; this bounds how many jobs exist at once per slot.
 */
const JOBS_PER_SLOT = 8

export interface ReconcilerComponents {
  store: EngineStore
  feed: ChangeFeed
  createNode(config: EngineConfig): Promise<EngineNode>
  /** Runs a collection unless an import is writing blocks (see sync/collection-lock.ts); says whether it ran. */
  collectUnlessImporting(collect: () => Promise<void>): Promise<boolean>
  /** Resolves once no import is writing blocks. */
  importsDone(): Promise<void>
  /** Room held for records while blocks are stored: given back when the browser refuses a block (see storage-reserve.ts). */
  reserve?: StorageReserve
  /** Fetches and pins one DAG. Default: runPinJob (the Node tests give a stand-in that needs no network). */
  pinDag?: EngineContext['pinDag']
}

/**
 * Moves what Helia holds towards what the records want. Each pass starts from stored state only:
 * release the DAGs no record wants, start fetches for waiting records (oldest first), and collect the
 * released blocks once nothing is left to fetch. A reload, a crash or a second tab never strands a pin.
 */
export interface Reconciler {
  /** Asks for a pass soon (after a change notice). */
  wake(): void
  /** Applies new settings: cuts running fetches (they resume), rebuilds the node. */
  reconfigure(config: EngineConfig): Promise<void>
  /** The node's dialable addresses (for remote services' `origins`); none while it has no node or no listener. */
  addresses(): Promise<string[]>
  stop(): Promise<void>
}

export function startReconciler (components: ReconcilerComponents, initial: EngineConfig): Reconciler {
  const { reserve } = components
  let config = initial
  let node: Promise<EngineNode> | undefined
  /** A collection was put off by an import: a pass follows once imports are done. */
  let collectionPutOff = false
  let swept = false

  const ensureNode = async (): Promise<EngineNode> => {
    node ??= components.createNode(config).then(async (created) => {
      // A refused block gives the records their room back at once: statuses, new requests and deletions go on.
      created.onStorageRefused(() => {
        void reserve?.give()
      })
      if (config.libp2p === 'always') await created.addLibp2p()
      return created
    }).catch((error: unknown) => {
      node = undefined // the next pass tries again
      throw error
    })
    return node
  }

  const context: EngineContext = {
    store: withRoomForRecords(components.store, reserve),
    feed: components.feed,
    slots: new JobSlots(),
    config: () => config,
    node: ensureNode,
    pinDag: components.pinDag ?? runPinJob,
    wake: () => {
      loop.wake()
    },
    collectUnlessImporting: components.collectUnlessImporting,
    importsDone: components.importsDone,
    ...(reserve === undefined ? {} : { reserve })
  }
  const { store, slots } = context

  async function startJobs (): Promise<void> {
    const free = Math.min(config.concurrency - slots.fetching, config.concurrency * JOBS_PER_SLOT - slots.size)
    if (free <= 0) return
    const work = await store.nextWork(free, slots.cidKeys())
    if (work.length === 0) return
    const current = await ensureNode()
    const needsLibp2p = work.some((record) => parseOrigins(record.pin.origins ?? []).some(isLibp2pOrigin))
    if (needsLibp2p && config.libp2p === 'auto' && !current.hasLibp2p) {
      await slots.haltAll('restarting the node with libp2p')
      await current.addLibp2p()
    }
    for (const record of work) startJob(context, record.cidKey, current)
  }

  async function collect (): Promise<void> {
    if (collectionPutOff || await collectGarbage(context)) return
    collectionPutOff = true
    void context.importsDone().then(() => {
      collectionPutOff = false
      loop.wake()
    })
  }

  async function pass (): Promise<void> {
    await releaseUnwanted(context)
    await startJobs()
    // Only with nothing left to fetch: blocks a waiting DAG shares with a released one must survive until
    // that DAG is pinned (replace keeps shared blocks), and fetched-but-unpinned blocks look like garbage.
    // Jobs waiting for providers fetch nothing meanwhile; a block they share with released garbage is refetched.
    if (slots.idle) await collect()
    // Once per engine start, when idle: blocks a tab that closed mid-import (or a crash) left behind.
    if (!swept) swept = await sweepOrphanBlocks(context)
  }

  /** Builds the node now rather than at the first pin, so that pin does not wait; it contacts nothing until asked. */
  function warmUp (): void {
    ensureNode().catch((error: unknown) => {
      console.error('pinning engine: the node could not start', error)
    })
  }
  warmUp()
  let stopped: Promise<void> | undefined
  const loop = startWakeLoop(pass, {
    idleMs: IDLE_PASS_MS,
    onError: (error) => {
      console.error('pinning engine: a pass failed; retrying', error)
    }
  })

  return {
    wake: () => {
      loop.wake()
    },
    async addresses () {
      try {
        return node === undefined ? [] : (await node).addresses()
      } catch {
        return []
      }
    },
    async reconfigure (next) {
      await slots.haltAll('settings changed')
      const previous = node
      node = undefined
      config = next
      await (await previous)?.stop()
      warmUp()
      loop.wake()
    },
    async stop () {
      // A second call waits for the first: stopping the node twice is not safe.
      stopped ??= (async () => {
        const stopping = loop.stop()
        await slots.haltAll('engine stopping')
        await stopping
        await (await node)?.stop()
      })()
      await stopped
    }
  }
}
