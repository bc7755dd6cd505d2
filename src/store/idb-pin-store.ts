import { inTransaction } from './transaction.ts'
import { createWriteBatcher } from './write-batcher.ts'
import { runPinQuery } from './pin-query.ts'
import { fromStored, toStored } from './stored-pin.ts'
import { ANY_STATUS, adjustCounts, adjustCountsMany, metaDimension } from './range-counts.ts'
import type { IDBPTransaction } from 'idb'
import type { DatabaseConnection, ServiceSchema, StoredPin } from './database.ts'
import type { PinStore } from '../service/pin-store.ts'
import type { PinDraft, PinRecord } from '../service/types.ts'

/** Records read per request while scanning for filters that no index covers. */
export const DEFAULT_SCAN_BATCH = 2000

export interface IdbPinStoreInit {
  scanBatch?: number
}

type WriteTx = IDBPTransaction<ServiceSchema, ['pins', 'counts', 'names', 'dirty'], 'readwrite'>

/** Every write touches the records, their counters and the names projection together; removals also tell the engine. */
const WRITE_SCOPE = ['pins', 'counts', 'names', 'dirty'] as const

/** The pin store on IndexedDB: one object store, one index per filter (see query-plan.ts). */
export function createIdbPinStore (connection: DatabaseConnection, init: IdbPinStoreInit = {}): PinStore {
  const scanBatch = init.scanBatch ?? DEFAULT_SCAN_BATCH

  /** Adds records in order, each newer than the last: `created = max(now, newest + 1)`, then +1 each. */
  async function insert (tx: WriteTx, drafts: PinDraft[], now: number): Promise<PinRecord[]> {
    // Reading the newest `created` and adding in one readwrite transaction serialises writers, tabs included.
    const newest = await tx.objectStore('pins').index('created').openKeyCursor(null, 'prev')
    const first = Math.max(now, (newest?.key ?? -Infinity) + 1)
    const records = drafts.map((draft, i): PinRecord => ({ ...draft, created: first + i }))
    const stored = records.map(toStored)
    const pins = tx.objectStore('pins')
    const names = tx.objectStore('names')
    await Promise.all([
      ...stored.map(async (record) => pins.add(record)),
      ...stored.flatMap((record) =>
        record.pin.name === undefined
          ? []
          : [names.put({ requestid: record.requestid, name: record.pin.name, status: record.status }, record.created)]
      ),
      adjustCountsMany(tx, stored.map((record) => ({ dimensions: dimensionsOf(record), created: record.created })), +1)
    ])
    return records
  }

  /** Deletes a record and its counts; false when it did not exist. */
  async function erase (tx: WriteTx, requestid: string): Promise<boolean> {
    const pins = tx.objectStore('pins')
    const existing = await pins.get(requestid)
    if (existing === undefined) return false
    await Promise.all([
      pins.delete(requestid),
      tx.objectStore('names').delete(existing.created),
      adjustCounts(tx, dimensionsOf(existing), existing.created, -1),
      // The engine re-checks this CID and releases its blocks when no other request wants them.
      tx.objectStore('dirty').put(Math.random(), existing.cidKey)
    ])
    return true
  }

  async function insertNow (drafts: PinDraft[], now: number): Promise<PinRecord[]> {
    return inTransaction(
      (await connection.open()).transaction(WRITE_SCOPE, 'readwrite'),
      async (tx) => insert(tx, drafts, now)
    )
  }

  /**
   * POSTs that arrive while a write is under way share the next transaction (concurrent POSTs would otherwise
   * queue one transaction each); the first of a quiet moment is written at once, alone.
   */
  const addOne = createWriteBatcher<{ draft: PinDraft, now: number }, PinRecord>(
    async (adds) => insertNow(adds.map(({ draft }) => draft), Math.max(...adds.map(({ now }) => now))),
    { start: 'now' }
  )

  return {
    add: async (draft, now) => addOne({ draft, now }),

    // One transaction for the whole batch, never grouped with POSTs: all of it is stored, or none.
    addMany: insertNow,

    async get (requestid) {
      const stored = await (await connection.open()).get('pins', requestid)
      return stored === undefined ? undefined : fromStored(stored)
    },

    async replace (requestid, draft, now) {
      const [record] = await inTransaction(
        (await connection.open()).transaction(WRITE_SCOPE, 'readwrite'),
        async (tx) => await erase(tx, requestid) ? insert(tx, [draft], now) : []
      )
      return record
    },

    async remove (requestid) {
      return inTransaction(
        (await connection.open()).transaction(WRITE_SCOPE, 'readwrite'),
        async (tx) => erase(tx, requestid)
      )
    },

    async query (query) {
      return runPinQuery(await connection.open(), query, scanBatch)
    }
  }
}

/** What a record is counted under: its status, all statuses, and each of its meta pairs. */
function dimensionsOf (stored: StoredPin): string[] {
  return [stored.status, ANY_STATUS, ...stored.metaKeys.map(([pairKey]) => metaDimension(pairKey))]
}
