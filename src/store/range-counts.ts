import type { IDBPTransaction } from 'idb'
import type { ServiceSchema } from './database.ts'

/**
 * Exact counts of pins over any `created` range without reading every record, per dimension: each status,
 * all statuses, and each meta pair (a dapp's `app_id` may cover every pin). A segment tree of counters
 * stored in IndexedDB: level i counts the records of each time bucket 2^LEVEL_BITS[i] ms wide; a range is
 * the sum of a few bucket runs per level plus two raw index counts of under ~1 s each. IndexedDB's own
 * count() reads every entry (~3 µs each in Chromium: 240 ms for 75,000 pins), which is what this avoids.
 * The counters are kept in the same transactions that write the records.
 */
const LEVEL_BITS = [10, 16, 22, 28, 34, 40] as const
/** The dimension of every record, for queries over all statuses. */
export const ANY_STATUS = '*'

/** The dimension of one meta pair (see metaPairKey). */
export function metaDimension (pairKey: string): string {
  return `meta:${pairKey}`
}
/** Bounds used for open ranges; multiples of every bucket width, and exact as doubles. */
const MIN = -(2 ** 53)
const MAX = 2 ** 53

type CountsTx = IDBPTransaction<ServiceSchema, Array<'pins' | 'counts' | 'names' | 'dirty'>, 'readwrite' | 'readonly'>
type WriteTx = IDBPTransaction<ServiceSchema, Array<'pins' | 'counts' | 'names' | 'dirty'>, 'readwrite'>

/** Adds `delta` (+1 or -1) to every bucket that holds `created`, in each of the dimensions. */
export async function adjustCounts (
  tx: WriteTx,
  dimensions: readonly string[],
  created: number,
  delta: number
): Promise<void> {
  await adjustCountsMany(tx, [{ dimensions, created }], delta)
}

/** The same for many records at once: each counter is read and written once however many records touch it. */
export async function adjustCountsMany (
  tx: WriteTx,
  records: ReadonlyArray<{ dimensions: readonly string[], created: number }>,
  delta: number
): Promise<void> {
  const deltas = new Map<string, { key: [string, number, number], delta: number }>()
  for (const { dimensions, created } of records) {
    for (const dimension of dimensions) {
      LEVEL_BITS.forEach((bits, level) => {
        const key: [string, number, number] = [dimension, level, Math.floor(created / 2 ** bits)]
        const id = JSON.stringify(key)
        const entry = deltas.get(id) ?? { key, delta: 0 }
        entry.delta += delta
        deltas.set(id, entry)
      })
    }
  }
  const counts = tx.objectStore('counts')
  await Promise.all([...deltas.values()].map(async ({ key, delta }) => {
    const next = (await counts.get(key) ?? 0) + delta
    await (next === 0 ? counts.delete(key) : counts.put(next, key))
  }))
}

/**
 * The start of the oldest finest bucket that counts a record of `dimension`: no record of it is older (undefined
 * when it has none). A lower bound for a scan of its records that skips what the index still keeps of deleted ones.
 */
export async function oldestInDimension (tx: CountsTx, dimension: string): Promise<number | undefined> {
  const first = await tx.objectStore('counts').openKeyCursor(
    IDBKeyRange.bound([dimension, 0, MIN], [dimension, 0, MAX])
  )
  return first === null ? undefined : (first.key[2] as number) * 2 ** LEVEL_BITS[0]
}

/**
 * The number of records in a dimension with `lower <= created <= upper`.
 * `rawCount` counts a short range from the record index itself.
 */
export async function countRange (
  tx: CountsTx,
  dimension: string,
  lower: number,
  upper: number,
  rawCount: (from: number, to: number) => Promise<number>
): Promise<number> {
  if (lower > upper) return 0
  const lo = Math.max(lower, MIN)
  const hi = Math.min(upper, MAX - 1)
  const parts: Array<Promise<number>> = []
  // [start, end): the aligned middle still to count; the unaligned edges are counted raw.
  const w0 = 2 ** LEVEL_BITS[0]
  let start = Math.ceil(lo / w0) * w0
  let end = Math.floor((hi + 1) / w0) * w0
  if (start >= end) return rawCount(lo, hi)
  if (lo < start) parts.push(rawCount(lo, start - 1))
  if (end <= hi) parts.push(rawCount(end, hi))

  const counts = tx.objectStore('counts')
  const sumBuckets = async (level: number, from: number, to: number) => {
    if (from > to) return 0
    const values = await counts.getAll(IDBKeyRange.bound([dimension, level, from], [dimension, level, to]))
    return values.reduce((sum, value) => sum + value, 0)
  }
  for (let level = 0; level < LEVEL_BITS.length; level++) {
    const width = 2 ** LEVEL_BITS[level]!
    const parentBits = LEVEL_BITS[level + 1]
    if (parentBits === undefined) {
      parts.push(sumBuckets(level, start / width, end / width - 1))
      break
    }
    const parent = 2 ** parentBits
    const innerStart = Math.ceil(start / parent) * parent
    const innerEnd = Math.floor(end / parent) * parent
    if (innerStart >= innerEnd) {
      parts.push(sumBuckets(level, start / width, end / width - 1))
      break
    }
    parts.push(
      sumBuckets(level, start / width, innerStart / width - 1),
      sumBuckets(level, innerEnd / width, end / width - 1)
    )
    start = innerStart
    end = innerEnd
  }
  return (await Promise.all(parts)).reduce((sum, part) => sum + part, 0)
}
