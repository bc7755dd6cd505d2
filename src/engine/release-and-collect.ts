/**
 * The letting go of the engine: DAGs no record wants any more are unpinned (released), and their blocks
 * deleted (collected) once nothing is being fetched, apart from blocks another pin holds.
 */
import { collectDag, sweepOrphans } from './collect-garbage.ts'
import { cidOf } from './pin-job.ts'
import { releaseDag } from './stored-dag.ts'
import type { EngineContext } from './engine-context.ts'

/** Change notices read per pass. */
const DIRTY_BATCH = 200

/** Releases the DAGs whose last record went (deleted, replaced, failed); a running job of one is cut first. */
export async function releaseUnwanted ({ store, slots, node }: EngineContext): Promise<void> {
  for (const { cidKey, stamp } of await store.dirty(DIRTY_BATCH)) {
    if ((await store.recordsOf(cidKey)).length > 0) {
      await store.clearDirty(cidKey, stamp)
      continue
    }
    if (slots.has(cidKey)) {
      // Cut the fetch; the notice stays, and the next pass (once the job settled) releases what it left.
      slots.abort(cidKey, 'released')
      continue
    }
    const held = await store.held(cidKey) !== undefined
    const current = await node()
    // Pinned but not yet recorded as held (the worker stopped in between): released all the same.
    if (held || await current.ledger.isPinned(cidOf(cidKey))) await releaseDag(current, cidOf(cidKey))
    if (held) await store.removeHeld(cidKey)
    await store.addGarbage(cidKey)
    await store.clearDirty(cidKey, stamp)
  }
}

/**
 * Deletes the released DAGs' blocks that no pin holds. Call it only with nothing left to fetch: blocks a
 * waiting DAG shares with a released one must survive until that DAG is pinned. False when an import in
 * progress put the collection off (its blocks have no pin request yet): try again once imports are done.
 */
export async function collectGarbage (context: EngineContext): Promise<boolean> {
  const { store, slots, feed, reserve } = context
  if ((await store.garbage()).length === 0) return true
  const { helia, blockstore, ledger } = await context.node()
  return context.collectUnlessImporting(async () => {
    // Checked under the lock: a wanted DAG with no job yet (an import's, just recorded) holds no pin, and
    // may share blocks with the garbage. Its job goes first; the pass after it collects.
    if (!slots.idle || (await store.nextWork(1, slots.cidKeys())).length > 0) return
    await slots.whileCollecting(async () => {
      for (const root of await store.garbage()) {
        // Wanted again (a new request for the same CID): its blocks are about to be used, not collected.
        if ((await store.recordsOf(root)).length === 0 && await store.held(root) === undefined) {
          await collectDag(cidOf(root), {
            blockstore,
            isPinned: async (cid) => ledger.holds(cid),
            getCodec: helia.getCodec
          })
        }
        await store.removeGarbage(root)
      }
    })
    await reserve?.keep()
    feed.notify('storage')
  })
}

/**
 * Deletes blocks no pin holds and no record points to (left by a tab that closed mid-import, or a crash).
 * Runs only when idle; says whether it ran (else a later pass tries again).
 */
export async function sweepOrphanBlocks (
  { store, slots, feed, node, collectUnlessImporting }: EngineContext
): Promise<boolean> {
  if (slots.size > 0 || (await store.garbage()).length > 0) return false
  const current = await node()
  let swept = false
  await collectUnlessImporting(async () => {
    if (slots.size > 0 || (await store.nextWork(1, new Set())).length > 0) return
    const { blocks } = await sweepOrphans({
      storedBlocks: () => current.storedBlocks(),
      isPinned: async (cid) => current.ledger.holds(cid),
      deleteBlock: async (cid) => {
        await current.blockstore.delete(cid)
      }
    })
    swept = true
    if (blocks > 0) feed.notify('storage')
  })
  return swept
}
