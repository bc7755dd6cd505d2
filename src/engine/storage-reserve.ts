import { openDB } from 'idb'
import { RECORDS_RESERVE_BYTES } from './storage-room.ts'
import type { IDBPDatabase } from 'idb'

const STORE = 'reserve'
const KEY = 'room-for-records'

/**
 * Room kept for records: a block of this site's storage held aside while blocks are fetched, and given back the
 * moment the browser refuses a block, so that a full disk still takes new pin requests, status changes and
 * deletions (the browser's own figures cannot be trusted to stop short of full). Kept again after a collection.
 */
export interface StorageReserve {
  /** Holds the room if it is not held yet; false when there is no room to hold. */
  keep(): Promise<boolean>
  /** Gives the room back to the records. */
  give(): Promise<void>
  close(): void
}

export async function openStorageReserve (
  databaseName: string,
  bytes = RECORDS_RESERVE_BYTES
): Promise<StorageReserve> {
  const db: IDBPDatabase = await openDB(`${databaseName}-reserve`, 1, {
    upgrade (database) {
      database.createObjectStore(STORE)
    },
    blocking () {
      db.close()
    }
  })
  return {
    async keep () {
      try {
        if (await db.getKey(STORE, KEY) !== undefined) return true
        await db.put(STORE, incompressible(bytes), KEY)
        return true
      } catch {
        return false
      }
    },
    async give () {
      await db.delete(STORE, KEY).catch(() => {})
    },
    close () {
      db.close()
    }
  }
}

/** Bytes that take their full size on disk (the browser compresses what it stores). */
function incompressible (size: number): Uint8Array {
  const bytes = new Uint8Array(size)
  for (let offset = 0; offset < size; offset += 65_536) crypto.getRandomValues(bytes.subarray(offset, offset + 65_536))
  return bytes
}
