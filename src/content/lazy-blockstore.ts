import { IDBBlockstore } from 'blockstore-idb'
import { blockstoreName } from '../config.ts'

/** The node's blockstore as seen from this tab, opened on first use (the engine may run in another tab). */
export function lazyBlockstore (
  databaseName: string
): { blockstore: () => Promise<IDBBlockstore>, close: () => Promise<void> } {
  let opened: Promise<IDBBlockstore> | undefined
  return {
    blockstore: async () => {
      opened ??= (async () => {
        const store = new IDBBlockstore(blockstoreName(databaseName))
        await store.open()
        return store
      })()
      return opened
    },
    close: async () => {
      await (await opened)?.close()
    }
  }
}
