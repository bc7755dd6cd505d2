import { fromStored } from './stored-pin.ts'
import type { DatabaseConnection } from './database.ts'
import type { BackupRecord } from './replication-schema.ts'
import type { PinRecord } from '../service/types.ts'

/** Records read per step when a backup or a restore goes through all of them. */
const BATCH = 1000

/** What backups read and keep in IndexedDB. */
export interface BackupStore {
  /** Every record, oldest first, a batch at a time (flat memory for any number). */
  eachRecord(visit: (records: PinRecord[]) => Promise<void>): Promise<void>
  records(requestids: readonly string[]): Promise<PinRecord[]>
  /** Which of these CIDs (normalized) the engine holds pinned in full. */
  held(cidKeys: readonly string[]): Promise<Set<string>>
  /** Keeps a new backup and hands the older ones beyond `keep` to garbage collection (their manifest blocks). */
  addBackup(backup: BackupRecord, keep: number): Promise<void>
}

export function createIdbBackupStore (connection: DatabaseConnection): BackupStore {
  return {
    async eachRecord (visit) {
      let after = -Infinity
      for (;;) {
        const batch = await (await connection.open()).getAllFromIndex(
          'pins',
          'created',
          IDBKeyRange.lowerBound(after, true),
          BATCH
        )
        const last = batch.at(-1)
        if (last === undefined) return
        await visit(batch.map(fromStored))
        if (batch.length < BATCH) return
        after = last.created
      }
    },
    async records (requestids) {
      const tx = (await connection.open()).transaction('pins', 'readonly')
      const found = await Promise.all(requestids.map(async (requestid) => tx.store.get(requestid)))
      return found.filter((record) => record !== undefined).map(fromStored)
    },
    async held (cidKeys) {
      const tx = (await connection.open()).transaction('held', 'readonly')
      const found = await Promise.all(cidKeys.map(async (cidKey) => tx.store.getKey(cidKey)))
      return new Set(found.filter((key) => key !== undefined))
    },
    async addBackup (backup, keep) {
      const tx = (await connection.open()).transaction(['backups', 'garbage'], 'readwrite')
      await tx.objectStore('backups').put(backup)
      const all = await tx.objectStore('backups').index('created').getAll()
      const old = all.slice(0, Math.max(0, all.length - keep))
      await Promise.all(old.flatMap((item) => [
        tx.objectStore('backups').delete(item.manifest),
        // Collected by the engine once nothing fetches: the walk stops at every block a pin still holds.
        tx.objectStore('garbage').put(Date.now(), item.manifest)
      ]))
      await tx.done
    }
  }
}
