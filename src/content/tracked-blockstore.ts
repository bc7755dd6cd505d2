import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

/** The part of a blockstore an import writes to. */
export type ImportStore = Pick<Blockstore, 'put' | 'has' | 'delete'>

/**
 * Wraps the blockstore for one import: remembers which blocks were new, so that a failed or cancelled
 * import can take them out again (nothing pins them, and garbage collection only walks released DAGs).
 */
export function trackNewBlocks (store: ImportStore) {
  const added: CID[] = []
  const addedKeys = new Set<string>()
  return {
    store: {
      async put (cid: CID, bytes: Uint8Array) {
        if (!await store.has(cid)) {
          added.push(cid)
          addedKeys.add(cid.toString())
        }
        return store.put(cid, bytes)
      }
    },
    get newBlocks () {
      return added.length
    },
    /** Whether this import wrote the block (it was not stored before). */
    isNew (cid: CID): boolean {
      return addedKeys.has(cid.toString())
    },
    async undo (): Promise<void> {
      addedKeys.clear()
      for (const cid of added.splice(0)) {
        try {
          await store.delete(cid)
        } catch {
          // Best effort: a block that cannot be deleted now is only wasted space.
        }
      }
    }
  }
}
