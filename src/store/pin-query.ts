/**
 * The pin store's query runner: a PinQuery planned (query-plan.ts) and answered in one read transaction,
 * counts from the range counters where they cover the filter, records from the narrowest index.
 */
import { nameMatches } from './pin-filter.ts'
import { readIn } from './transaction.ts'
import { planQuery } from './query-plan.ts'
import { fromStored } from './stored-pin.ts'
import { ANY_STATUS, countRange, metaDimension } from './range-counts.ts'
import type { IDBPIndex, IDBPTransaction } from 'idb'
import type { ServiceDatabase, ServiceSchema, StoredPin } from './database.ts'
import type { QueryPlan, Source } from './query-plan.ts'
import type { PinPage, PinQuery } from '../service/types.ts'

type ReadTx = IDBPTransaction<ServiceSchema, ['pins', 'counts', 'names'], 'readonly'>
type PinIndex = IDBPIndex<
  ServiceSchema,
  ['pins', 'counts', 'names'],
  'pins',
  keyof ServiceSchema['pins']['indexes'],
  'readonly'
>

const READ_SCOPE = ['pins', 'counts', 'names'] as const

/** Newest first, at most `query.limit` records, and the exact count of every match. */
export async function runPinQuery (db: ServiceDatabase, query: PinQuery, scanBatch: number): Promise<PinPage> {
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
      const [count, newest] = await Promise.all([
        countSource(tx, index, source, plan),
        readNewest(index, range, query.limit)
      ])
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
    const matches = entries.flatMap((entry, i) =>
      query.statuses.includes(entry.status) && nameMatches(entry.name, value, match)
        ? [{ created: keys[i] as number, requestid: entry.requestid }]
        : []
    )
    count += matches.length
    newest = newest.concat(matches).slice(-query.limit)
    const last = keys.at(-1) as number | undefined
    if (keys.length < batchSize || last === undefined || last >= plan.upper) break
    range = IDBKeyRange.bound(last, plan.upper, true)
  }
  const records = await Promise.all(
    newest.reverse().map(async ({ requestid }) => tx.objectStore('pins').get(requestid))
  )
  return { count, newest: records.filter((record) => record !== undefined) }
}

function rangeOf (source: Source, plan: QueryPlan, lowerOpen = false): IDBKeyRange {
  if (source.prefix === undefined) return IDBKeyRange.bound(plan.lower, plan.upper, lowerOpen)
  return IDBKeyRange.bound([source.prefix, plan.lower], [source.prefix, plan.upper], lowerOpen)
}

/** Counts a source: status, creation and meta ranges from the counters, the narrow indexes directly. */
async function countSource (tx: ReadTx, index: PinIndex, source: Source, plan: QueryPlan): Promise<number> {
  const dimension = source.index === 'status'
    ? source.prefix
    : source.index === 'created'
    ? ANY_STATUS
    : source.index === 'meta' && source.prefix !== undefined
    ? metaDimension(source.prefix)
    : undefined
  if (dimension === undefined) return index.count(rangeOf(source, plan))
  return countRange(
    tx,
    dimension,
    plan.lower,
    plan.upper,
    async (from, to) => index.count(rangeOf(source, { ...plan, lower: from, upper: to }))
  )
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
