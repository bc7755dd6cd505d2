import { nameMatches } from './pin-filter.ts'
import { inTransaction, readIn } from './transaction.ts'
import { createWriteBatcher } from './write-batcher.ts'
import { planQuery } from './query-plan.ts'
import { fromStored, toStored } from './stored-pin.ts'
import { ANY_STATUS, adjustCounts, adjustCountsMany, countRange, metaDimension } from './range-counts.ts'
import type { IDBPIndex, IDBPTransaction } from 'idb'
import type { DatabaseConnection, ServiceDatabase, ServiceSchema, StoredPin } from './database.ts'
import type { PinStore } from '../service/pin-store.ts'
import type { QueryPlan, Source } from './query-plan.ts'
import type { PinDraft, PinPage, PinQuery, PinRecord } from '../service/types.ts'

/** Records read per request while scanning for filters that no index covers. */
export const DEFAULT_SCAN_BATCH = 2000

export interface IdbPinStoreInit {
  scanBatch?: number
}

type WriteTx = IDBPTransaction<ServiceSchema, ['pins', 'counts', 'names', 'dirty'], 'readwrite'>
type ReadTx = IDBPTransaction<ServiceSchema, ['pins', 'counts', 'names'], 'readonly'>
type PinIndex = IDBPIndex<ServiceSchema, ['pins', 'counts', 'names'], 'pins', keyof ServiceSchema['pins']['indexes'], 'readonly'>

/** Every write touches the records, their counters and the names projection together; removals also tell the engine. */
const WRITE_SCOPE = ['pins', 'counts', 'names', 'dirty'] as const
const READ_SCOPE = ['pins', 'counts', 'names'] as const

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
      ...stored.flatMap((record) => record.pin.name === undefined ? [] : [names.put({ requestid: record.requestid, name: record.pin.name, status: record.status }, record.created)]),
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
    return inTransaction((await connection.open()).transaction(WRITE_SCOPE, 'readwrite'), async (tx) => insert(tx, drafts, now))
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
      const [record] = await inTransaction((await connection.open()).transaction(WRITE_SCOPE, 'readwrite'), async (tx) => await erase(tx, requestid) ? insert(tx, [draft], now) : [])
      return record
    },

    async remove (requestid) {
      return inTransaction((await connection.open()).transaction(WRITE_SCOPE, 'readwrite'), async (tx) => erase(tx, requestid))
    },

    async query (query) {
      return runQuery(await connection.open(), query, scanBatch)
    }
  }
}

async function runQuery (db: ServiceDatabase, query: PinQuery, scanBatch: number): Promise<PinPage> {
  const plan = planQuery(query)
  if (plan.lower > plan.upper) return { count: 0, results: [] }
  return readIn(db.transaction(READ_SCOPE, 'readonly'), async (tx) => queryIn(tx, query, plan, scanBatch))
}

async function queryIn (tx: ReadTx, query: PinQuery, plan: QueryPlan, scanBatch: number): Promise<PinPage> {
  const perSource = await Promise.all(plan.sources.map(async (source) => {
    if (source.index === 'names') return scanNames(tx, query, plan, scanBatch)
    const index = tx.objectStore('pins').index(source.index)
    const range = rangeOf(source, plan)
    if (plan.residual === undefined) {
      const [count, newest] = await Promise.all([countSource(tx, index, source, plan), readNewest(index, range, query.limit)])
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

/** A partial name match: scans the names projection (small entries), then reads only the records returned. */
async function scanNames (tx: ReadTx, query: PinQuery, plan: QueryPlan, batchSize: number) {
  const names = tx.objectStore('names')
  const { value, match } = query.name ?? { value: '', match: 'partial' }
  let count = 0
  let newest: Array<{ created: number, requestid: string }> = []
  let range = IDBKeyRange.bound(plan.lower, plan.upper)
  for (;;) {
    const [keys, entries] = await Promise.all([names.getAllKeys(range, batchSize), names.getAll(range, batchSize)])
    const matches = entries.flatMap((entry, i) => query.statuses.includes(entry.status) && nameMatches(entry.name, value, match)
      ? [{ created: keys[i] as number, requestid: entry.requestid }]
      : [])
    count += matches.length
    newest = newest.concat(matches).slice(-query.limit)
    const last = keys.at(-1) as number | undefined
    if (keys.length < batchSize || last === undefined || last >= plan.upper) break
    range = IDBKeyRange.bound(last, plan.upper, true)
  }
  const records = await Promise.all(newest.reverse().map(async ({ requestid }) => tx.objectStore('pins').get(requestid)))
  return { count, newest: records.filter((record) => record !== undefined) }
}

function rangeOf (source: Source, plan: QueryPlan, lowerOpen = false): IDBKeyRange {
  if (source.prefix === undefined) return IDBKeyRange.bound(plan.lower, plan.upper, lowerOpen)
  return IDBKeyRange.bound([source.prefix, plan.lower], [source.prefix, plan.upper], lowerOpen)
}

/** What a record is counted under: its status, all statuses, and each of its meta pairs. */
function dimensionsOf (stored: StoredPin): string[] {
  return [stored.status, ANY_STATUS, ...stored.metaKeys.map(([pairKey]) => metaDimension(pairKey))]
}

/** Counts a source: status, creation and meta ranges from the counters, the narrow indexes directly. */
async function countSource (tx: ReadTx, index: PinIndex, source: Source, plan: QueryPlan): Promise<number> {
  const dimension = source.index === 'status' ? source.prefix
    : source.index === 'created' ? ANY_STATUS
      : source.index === 'meta' && source.prefix !== undefined ? metaDimension(source.prefix)
        : undefined
  if (dimension === undefined) return index.count(rangeOf(source, plan))
  return countRange(tx, dimension, plan.lower, plan.upper,
    async (from, to) => index.count(rangeOf(source, { ...plan, lower: from, upper: to })))
}

/** The `limit` newest records of a range, newest first: a key cursor finds the oldest of them, one getAll reads them. */
async function readNewest (index: PinIndex, range: IDBKeyRange, limit: number): Promise<StoredPin[]> {
  const newestKey = await index.openKeyCursor(range, 'prev')
  if (newestKey === null) return []
  const oldestKey = limit > 1 ? await newestKey.advance(limit - 1) : newestKey
  const window = oldestKey === null ? range : IDBKeyRange.bound(oldestKey.key, range.upper, false, range.upperOpen)
  return (await index.getAll(window, limit)).reverse()
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
    if (batch.length < batchSize || last === undefined || last.created >= plan.upper) break
    range = rangeOf(source, { ...plan, lower: last.created }, true)
  }
  return { count, newest: newest.reverse() }
}
