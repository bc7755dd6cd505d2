import { metaPairKey, planQuery } from './query-plan.ts'
import type { IDBPIndex, IDBPTransaction } from 'idb'
import type { ServiceDatabase, ServiceSchema, StoredPin } from './database.ts'
import type { PinStore } from './pin-store.ts'
import type { QueryPlan, Source } from './query-plan.ts'
import type { PinDraft, PinPage, PinQuery, PinRecord } from '../service/types.ts'

/** Records read per request while scanning for filters that no index covers. */
export const DEFAULT_SCAN_BATCH = 2000

export interface IdbPinStoreInit {
  scanBatch?: number
}

type WriteTx = IDBPTransaction<ServiceSchema, ['pins'], 'readwrite'>
type PinIndex = IDBPIndex<ServiceSchema, ['pins'], 'pins', keyof ServiceSchema['pins']['indexes'], 'readonly'>

/** The pin store on IndexedDB: one object store, one index per filter (see query-plan.ts). */
export function createIdbPinStore (db: ServiceDatabase, init: IdbPinStoreInit = {}): PinStore {
  const scanBatch = init.scanBatch ?? DEFAULT_SCAN_BATCH

  async function insert (tx: WriteTx, draft: PinDraft, now: number): Promise<PinRecord> {
    // Reading the newest `created` and adding in one readwrite transaction serialises writers, tabs included.
    const newest = await tx.objectStore('pins').index('created').openKeyCursor(null, 'prev')
    const created = Math.max(now, (newest?.key ?? -Infinity) + 1)
    const record: PinRecord = { ...draft, created }
    await tx.objectStore('pins').add(toStored(record))
    return record
  }

  return {
    async add (draft, now) {
      const tx = db.transaction('pins', 'readwrite')
      const record = await insert(tx, draft, now)
      await tx.done
      return record
    },

    async get (requestid) {
      const stored = await db.get('pins', requestid)
      return stored === undefined ? undefined : fromStored(stored)
    },

    async replace (requestid, draft, now) {
      const tx = db.transaction('pins', 'readwrite')
      const pins = tx.objectStore('pins')
      if (await pins.getKey(requestid) === undefined) {
        await tx.done
        return undefined
      }
      await pins.delete(requestid)
      const record = await insert(tx, draft, now)
      await tx.done
      return record
    },

    async remove (requestid) {
      const tx = db.transaction('pins', 'readwrite')
      const exists = await tx.store.getKey(requestid) !== undefined
      if (exists) await tx.store.delete(requestid)
      await tx.done
      return exists
    },

    async query (query) {
      return runQuery(db, query, scanBatch)
    },

    close () {
      db.close()
    }
  }
}

async function runQuery (db: ServiceDatabase, query: PinQuery, scanBatch: number): Promise<PinPage> {
  const plan = planQuery(query)
  if (plan.lower > plan.upper) return { count: 0, results: [] }
  const tx = db.transaction('pins', 'readonly')
  const perSource = await Promise.all(plan.sources.map(async (source) => {
    const index = tx.store.index(source.index)
    const range = rangeOf(source, plan)
    if (plan.residual === undefined) {
      const [count, newest] = await Promise.all([index.count(range), readNewest(index, range, query.limit)])
      return { count, newest }
    }
    return scan(index, source, plan, query.limit, scanBatch)
  }))
  const results = perSource.flatMap((page) => page.newest)
    .sort((a, b) => b.created - a.created)
    .slice(0, query.limit)
    .map(fromStored)
  return { count: perSource.reduce((sum, page) => sum + page.count, 0), results }
}

function rangeOf (source: Source, plan: QueryPlan, lowerOpen = false): IDBKeyRange {
  if (source.prefix === undefined) return IDBKeyRange.bound(plan.lower, plan.upper, lowerOpen)
  return IDBKeyRange.bound([source.prefix, plan.lower], [source.prefix, plan.upper], lowerOpen)
}

/** The `limit` newest records of a range, newest first. */
async function readNewest (index: PinIndex, range: IDBKeyRange, limit: number): Promise<StoredPin[]> {
  const newest: StoredPin[] = []
  let cursor = await index.openCursor(range, 'prev')
  while (cursor !== null && newest.length < limit) {
    newest.push(cursor.value)
    cursor = newest.length < limit ? await cursor.continue() : null
  }
  return newest
}

/** Reads a whole range in batches, counting the records that pass the residual checks and keeping the newest. */
async function scan (index: PinIndex, source: Source, plan: QueryPlan, limit: number, batchSize: number) {
  const residual = plan.residual ?? (() => true)
  let count = 0
  let newest: StoredPin[] = []
  let range = rangeOf(source, plan)
  for (;;) {
    const batch = await index.getAll(range, batchSize)
    const matches = batch.filter(residual)
    count += matches.length
    // Batches come oldest first, so the newest matches are always at the end.
    newest = newest.concat(matches).slice(-limit)
    const last = batch.at(-1)
    if (batch.length < batchSize || last === undefined) break
    range = rangeOf(source, { ...plan, lower: last.created }, true)
  }
  return { count, newest: newest.reverse() }
}

function toStored (record: PinRecord): StoredPin {
  const stored: StoredPin = {
    ...record,
    metaKeys: Object.entries(record.pin.meta ?? {}).map(([key, value]) => [metaPairKey(key, value), record.created])
  }
  if (record.pin.name !== undefined) stored.nameLower = record.pin.name.toLowerCase()
  return stored
}

function fromStored (stored: StoredPin): PinRecord {
  const { nameLower: _nameLower, metaKeys: _metaKeys, ...record } = stored
  return record
}
