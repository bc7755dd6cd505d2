import { collectDag, sweepOrphans } from './collect-garbage.ts'
import { PinTimeoutError, cidOf, isLibp2pOrigin, parseOrigins, runPinJob } from './pin-job.ts'
import { createSourceReport } from './source-report.ts'
import { releaseDag } from './stored-dag.ts'
import { cannotPinInfo, gaveUpInfo, noStorageInfo, pinnedInfo } from './status-text.ts'
import { withRoomForRecords } from './records-room.ts'
import { PinNeedsStorageError, isQuotaError } from './storage-room.ts'
import type { EngineConfig } from '../settings/engine-config.ts'
import type { EngineNode } from './engine-node.ts'
import type { StorageReserve } from './storage-reserve.ts'
import type { ChangeFeed } from '../sync/change-feed.ts'
import type { EngineStore } from '../store/engine-store.ts'

/** A safety net: a pass runs at least this often even when no notice arrives. */
const IDLE_PASS_MS = 30_000
const DIRTY_BATCH = 200
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

interface Job {
  controller: AbortController
  done: Promise<void>
}

export function startReconciler (components: ReconcilerComponents, initial: EngineConfig): Reconciler {
  const { feed, createNode, collectUnlessImporting, importsDone, reserve } = components
  const store = withRoomForRecords(components.store, reserve)
  let config = initial
  let node: Promise<EngineNode> | undefined
  let stopped = false
  const jobs = new Map<string, Job>()
  /** Jobs between attempts: they keep their place but not their fetch slot. */
  const waiting = new Set<string>()
  let wakeUp: () => void = () => {}
  let wakeRequested = false
  /** A collection was put off by an import: a pass follows once imports are done. */
  let collectionPutOff = false
  /** Set while blocks are being collected: a waiting job resumes fetching only after it. */
  let collecting: Promise<void> | undefined
  /** Bytes each running job has fetched: when storage runs out, the one that holds the most is given up. */
  const fetched = new Map<string, number>()
  /** Bytes of DAGs given up for lack of storage, until a collection frees them: room that is coming back. */
  const freeing = new Map<string, number>()
  /** Whether the pin that fetched `bytes` is the one to give up: nothing else holds more, or will free more. */
  const holdsTheMost = (cidKey: string, bytes: number): boolean =>
    [...fetched].every(([other, theirs]) => other === cidKey || waiting.has(other) || theirs <= bytes) &&
    [...freeing.values()].every((theirs) => theirs <= bytes)

  const ensureNode = async (): Promise<EngineNode> => {
    node ??= createNode(config).then(async (created) => {
      // A refused block gives the records their room back at once: statuses, new requests and deletions go on.
      created.onStorageRefused(() => { void reserve?.give() })
      if (config.libp2p === 'always') await created.addLibp2p()
      return created
    }).catch((error: unknown) => {
      node = undefined // the next pass tries again
      throw error
    })
    return node
  }

  /** Cuts every running fetch and waits for it to settle; its records stay `pinning` and resume later. */
  const haltJobs = async (reason: string) => {
    const running = [...jobs.values()]
    for (const job of running) job.controller.abort(new Error(reason))
    await Promise.allSettled(running.map(async (job) => job.done))
  }

  async function releaseUnwanted (): Promise<void> {
    for (const { cidKey, stamp } of await store.dirty(DIRTY_BATCH)) {
      if ((await store.recordsOf(cidKey)).length > 0) {
        await store.clearDirty(cidKey, stamp)
        continue
      }
      const job = jobs.get(cidKey)
      if (job !== undefined) {
        // Cut the fetch; the notice stays, and the next pass (once the job settled) releases what it left.
        job.controller.abort(new Error('released'))
        continue
      }
      const held = await store.held(cidKey) !== undefined
      const current = await ensureNode()
      // Pinned but not yet recorded as held (the worker stopped in between): released all the same.
      if (held || await current.ledger.isPinned(cidOf(cidKey))) await releaseDag(current, cidOf(cidKey))
      if (held) await store.removeHeld(cidKey)
      await store.addGarbage(cidKey)
      await store.clearDirty(cidKey, stamp)
    }
  }

  async function collectGarbage (): Promise<void> {
    if ((await store.garbage()).length === 0) return
    const { helia, blockstore, ledger } = await ensureNode()
    // An import in progress holds the lock: its blocks have no pin request yet.
    const collected = await collectUnlessImporting(async () => {
      // Checked under the lock: a wanted DAG with no job yet (an import's, just recorded) holds no pin, and
      // may share blocks with the garbage. Its job goes first; the pass after it collects.
      if (jobs.size !== waiting.size || (await store.nextWork(1, new Set(jobs.keys()))).length > 0) return
      const done = Promise.withResolvers<void>()
      collecting = done.promise
      try {
        for (const root of await store.garbage()) {
          // Wanted again (a new request for the same CID): its blocks are about to be used, not collected.
          if ((await store.recordsOf(root)).length === 0 && await store.held(root) === undefined) {
            await collectDag(cidOf(root), { blockstore, isPinned: async (cid) => ledger.holds(cid), getCodec: helia.getCodec })
          }
          await store.removeGarbage(root)
        }
      } finally {
        collecting = undefined
        done.resolve()
      }
      freeing.clear()
      await reserve?.keep()
      feed.notify('storage')
    })
    if (!collected && !collectionPutOff) {
      collectionPutOff = true
      void importsDone().then(() => {
        collectionPutOff = false
        wake()
      })
    }
  }

  /**
   * Once per engine start, when it is idle: deletes blocks no pin holds and no record points to (left by a tab
   * that closed mid-import, or a crash). Retried at a later pass while something fetches or imports.
   */
  let swept = false
  async function sweepOnce (): Promise<void> {
    if (swept || jobs.size > 0 || (await store.garbage()).length > 0) return
    const current = await ensureNode()
    await collectUnlessImporting(async () => {
      if (jobs.size > 0 || (await store.nextWork(1, new Set())).length > 0) return
      const { blocks } = await sweepOrphans({
        storedBlocks: () => current.storedBlocks(),
        isPinned: async (cid) => current.ledger.holds(cid),
        deleteBlock: async (cid) => { await current.blockstore.delete(cid) }
      })
      swept = true
      if (blocks > 0) feed.notify('storage')
    })
  }

  async function startJobs (): Promise<void> {
    const fetching = jobs.size - waiting.size
    const free = Math.min(config.concurrency - fetching, config.concurrency * JOBS_PER_SLOT - jobs.size)
    if (free <= 0) return
    const work = await store.nextWork(free, new Set(jobs.keys()))
    if (work.length === 0) return
    const current = await ensureNode()
    const needsLibp2p = work.some((record) => parseOrigins(record.pin.origins ?? []).some(isLibp2pOrigin))
    if (needsLibp2p && config.libp2p === 'auto' && !current.hasLibp2p) {
      await haltJobs('restarting the node with libp2p')
      await current.addLibp2p()
    }
    for (const record of work) startJob(record.cidKey, current)
  }

  function startJob (cidKey: string, current: EngineNode): void {
    const controller = new AbortController()
    const done = runJob(cidKey, current, controller.signal)
      .catch((error: unknown) => {
        // Storage so full that even the job's bookkeeping did not fit: the record keeps its state, and a later
        // pass (after a collection has made room) finishes it from what is stored.
        if (isQuotaError(error)) return
        console.error(`pinning engine: job for ${cidKey} failed unexpectedly`, error)
      })
      .finally(() => {
        jobs.delete(cidKey)
        waiting.delete(cidKey)
        fetched.delete(cidKey)
        wake()
      })
    jobs.set(cidKey, { controller, done })
  }

  async function runJob (cidKey: string, current: EngineNode, signal: AbortSignal): Promise<void> {
    const held = await store.held(cidKey)
    if (held !== undefined) {
      await store.setStatus(cidKey, ['queued', 'pinning'], 'pinned', pinnedInfo(held))
      feed.notify('pins')
      return
    }
    const records = await store.recordsOf(cidKey, ['queued', 'pinning'])
    if (records.length === 0) return
    const origins = parseOrigins([...new Set(records.flatMap((record) => record.pin.origins ?? []))])
    const { gateways, routers, allowInsecure, libp2p } = config
    const report = createSourceReport({ gateways, routers, origins, allowInsecure, libp2p })
    try {
      const dag = await runPinJob(current, {
        cid: cidOf(cidKey),
        origins,
        signal,
        deadlineMs: config.pinTimeoutMs,
        report,
        onProgress: (info) => {
          if (signal.aborted) return
          // The job's first word (as it starts asking) moves its records from queued to pinning. A progress write
          // may fail (storage full, the database closing): the next one, or the end, says more.
          store.setStatus(cidKey, ['queued', 'pinning'], 'pinning', info).then(() => { feed.notify('pins') }, () => {})
        },
        onFetched: (bytes) => { fetched.set(cidKey, bytes) },
        onStorageFull: (bytes) => {
          void reserve?.give()
          return holdsTheMost(cidKey, bytes)
        },
        onWaiting: async (isWaiting) => {
          if (isWaiting) {
            waiting.add(cidKey)
            wake() // its slot is free for the next pin
            return
          }
          // A collection started while every job waited: blocks this DAG shares with garbage may be going.
          while (collecting !== undefined) await collecting
          waiting.delete(cidKey)
        }
      })
      // Recorded even if released meanwhile: the pin exists in Helia, and the release that follows undoes it.
      await store.putHeld(dag)
      await store.setStatus(cidKey, ['queued', 'pinning'], 'pinned', pinnedInfo(dag))
      feed.notify('storage')
    } catch (error) {
      if (signal.aborted) return
      // Each request's reason names the CID as that request sent it (`Qm…` or `bafy…`).
      await store.setStatus(cidKey, ['queued', 'pinning'], 'failed', (record) => error instanceof PinTimeoutError
        ? gaveUpInfo(error.gaveUp, record.pin.cid)
        : error instanceof PinNeedsStorageError ? noStorageInfo(error) : cannotPinInfo(error, record.pin.cid))
      if (error instanceof PinNeedsStorageError) freeing.set(cidKey, error.fetchedBytes)
      // Whatever was fetched is released unless another request still wants this CID.
      await store.markDirty(cidKey)
    }
    feed.notify('pins')
  }

  async function pass (): Promise<void> {
    await releaseUnwanted()
    await startJobs()
    // Only with nothing left to fetch: blocks a waiting DAG shares with a released one must survive until
    // that DAG is pinned (replace keeps shared blocks), and fetched-but-unpinned blocks look like garbage.
    // Jobs waiting for providers fetch nothing meanwhile; a block they share with released garbage is refetched.
    if (jobs.size === waiting.size) await collectGarbage()
    await sweepOnce()
  }

  function wake (): void {
    wakeRequested = true
    wakeUp()
  }

  async function loop (): Promise<void> {
    while (!stopped) {
      wakeRequested = false
      try {
        await pass()
      } catch (error) {
        console.error('pinning engine: a pass failed; retrying', error)
      }
      if (stopped || wakeRequested) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, IDLE_PASS_MS)
        wakeUp = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wakeUp = () => {}
    }
  }
  /** Builds the node now rather than at the first pin, so that pin does not wait; it contacts nothing until asked. */
  function warmUp (): void {
    ensureNode().catch((error: unknown) => { console.error('pinning engine: the node could not start', error) })
  }
  warmUp()
  const running = loop()

  return {
    wake,
    async addresses () {
      try {
        return node === undefined ? [] : (await node).addresses()
      } catch {
        return []
      }
    },
    async reconfigure (next) {
      await haltJobs('settings changed')
      const previous = node
      node = undefined
      config = next
      await (await previous)?.stop()
      warmUp()
      wake()
    },
    async stop () {
      stopped = true
      wake()
      await haltJobs('engine stopping')
      await running
      await (await node)?.stop()
    }
  }
}
