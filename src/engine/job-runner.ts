import { PinTimeoutError, cidOf, parseOrigins } from './pin-job.ts'
import { createSourceReport } from './source-report.ts'
import { cannotPinInfo, gaveUpInfo, noStorageInfo, pinnedInfo } from './status-text.ts'
import { PinNeedsStorageError, isQuotaError } from './storage-room.ts'
import type { EngineContext } from './engine-context.ts'
import type { EngineNode } from './engine-node.ts'

/** Starts the job of one CID in a free slot; the pass after its end starts the next. */
export function startJob (context: EngineContext, cidKey: string, node: EngineNode): void {
  context.slots.start(cidKey, async (signal) =>
    runJob(context, cidKey, node, signal).catch((error: unknown) => {
      // Storage so full that even the job's bookkeeping did not fit: the record keeps its state, and a later
      // pass (after a collection has made room) finishes it from what is stored.
      if (isQuotaError(error)) return
      console.error(`pinning engine: job for ${cidKey} failed unexpectedly`, error)
    }), () => {
    context.wake()
  })
}

/**
 * One CID's job, with every status write of its records: `pinning` with progress from its first word,
 * then `pinned`, or `failed` with the reason each request can read (a release follows a failure).
 * A job cut short (`signal`) writes nothing more: its records resume at a later pass.
 */
export async function runJob (
  context: EngineContext,
  cidKey: string,
  node: EngineNode,
  signal: AbortSignal
): Promise<void> {
  const { store, feed, slots, reserve } = context
  const held = await store.held(cidKey)
  if (held !== undefined) {
    await store.setStatus(cidKey, ['queued', 'pinning'], 'pinned', pinnedInfo(held))
    feed.notify('pins')
    return
  }
  const records = await store.recordsOf(cidKey, ['queued', 'pinning'])
  if (records.length === 0) return
  const config = context.config()
  const origins = parseOrigins([...new Set(records.flatMap((record) => record.pin.origins ?? []))])
  const { gateways, routers, allowInsecure, libp2p } = config
  const report = createSourceReport({ gateways, routers, origins, allowInsecure, libp2p })
  try {
    const dag = await context.pinDag(node, {
      cid: cidOf(cidKey),
      origins,
      signal,
      deadlineMs: config.pinTimeoutMs,
      report,
      onProgress: (info) => {
        if (signal.aborted) return
        // The job's first word (as it starts asking) moves its records from queued to pinning. A progress write
        // may fail (storage full, the database closing): the next one, or the end, says more.
        store.setStatus(cidKey, ['queued', 'pinning'], 'pinning', info).then(() => {
          feed.notify('pins')
        }, () => {})
      },
      onFetched: (bytes) => {
        slots.fetched(cidKey, bytes)
      },
      onStorageFull: (bytes) => {
        void reserve?.give()
        return slots.holdsTheMost(cidKey, bytes)
      },
      onWaiting: async (isWaiting) => {
        if (!isWaiting) return slots.resume(cidKey)
        slots.waiting(cidKey)
        context.wake() // its slot is free for the next pin
      }
    })
    // Recorded even if released meanwhile: the pin exists in Helia, and the release that follows undoes it.
    await store.putHeld(dag)
    await store.setStatus(cidKey, ['queued', 'pinning'], 'pinned', pinnedInfo(dag))
    feed.notify('storage')
  } catch (error) {
    if (signal.aborted) return
    // Each request's reason names the CID as that request sent it (`Qm…` or `bafy…`).
    await store.setStatus(cidKey, ['queued', 'pinning'], 'failed', (record) =>
      error instanceof PinTimeoutError
        ? gaveUpInfo(error.gaveUp, record.pin.cid)
        : error instanceof PinNeedsStorageError
        ? noStorageInfo(error)
        : cannotPinInfo(error, record.pin.cid))
    if (error instanceof PinNeedsStorageError) slots.freeing(cidKey, error.fetchedBytes)
    // Whatever was fetched is released unless another request still wants this CID.
    await store.markDirty(cidKey)
  }
  feed.notify('pins')
}
