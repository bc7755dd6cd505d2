import { adjustCountsMany, oldestInDimension } from './range-counts.ts'
import { keepRemoteInfo } from './remote-info.ts'
import { inTransaction, readIn } from './transaction.ts'
import { createWriteBatcher } from './write-batcher.ts'
import { fromStored } from './stored-pin.ts'
import type { DatabaseConnection, HeldDag, ServiceSchema } from './database.ts'
import type { IDBPTransaction } from 'idb'
import type { PinRecord, PinState } from '../service/types.ts'

export type { HeldDag }

export type RecordInfo = Record<string, string> | ((record: PinRecord) => Record<string, string>)

/** States in which a record wants its DAG held (a failed record wants nothing). */
export const LIVE_STATES: readonly PinState[] = ['queued', 'pinning', 'pinned']

/** What the pinning engine reads and writes: work to do, per-CID status, and its own ledger. */
export interface EngineStore {
  /** Oldest first: records left `pinning` by an earlier run, then `queued`; skipping CIDs already in hand. */
  nextWork(limit: number, skip: ReadonlySet<string>): Promise<PinRecord[]>
  /**
   * Sets status and info on every record of a CID whose status is in `from`; returns how many changed.
   * `info` may be a function of the record, for words that name the CID each request sent (`Qm…` or `bafy…`).
   */
  setStatus(cidKey: string, from: readonly PinState[], status: PinState, info: RecordInfo): Promise<number>
  /** Records of a CID in the given states. */
  recordsOf(cidKey: string, states?: readonly PinState[]): Promise<PinRecord[]>
  /** CIDs to re-check, with the stamp of their latest notice. */
  dirty(limit: number): Promise<Array<{ cidKey: string, stamp: number }>>
  markDirty(cidKey: string): Promise<void>
  /** Clears a notice unless a newer one (another stamp) arrived since it was read. */
  clearDirty(cidKey: string, stamp: number): Promise<void>
  held(cidKey: string): Promise<HeldDag | undefined>
  putHeld(dag: HeldDag): Promise<void>
  removeHeld(cidKey: string): Promise<void>
  /** Every held DAG (for storage figures). */
  allHeld(): Promise<HeldDag[]>
  garbage(): Promise<string[]>
  addGarbage(cidKey: string): Promise<void>
  removeGarbage(cidKey: string): Promise<void>
}

export function createIdbEngineStore (connection: DatabaseConnection): EngineStore {
  /**
   * Where the next look for work starts, by `created`: the oldest record that was queued or pinning at the last
   * look, or the newest record when none was. A record becomes queued only when it is made, newer than every
   * record there is, and keeps its `created` when it moves on to pinning, so no work is older than this mark. The
   * status index keeps the deleted entries of every record that went through queued and pinning until the
   * browser compacts it (measured: an empty look over 10,000 pinned records took 47 ms, and grows with them).
   * A new engine starts from the status counters: no queued or pinning record is older than their oldest bucket.
   */
  let workFrom: number | undefined

  // Status and progress writes of every running job share transactions: with many jobs, one each would keep
  // the records' stores busy, and the API's own writes would wait behind them.
  const setStatusBatched = createWriteBatcher<StatusChange, number>(async (changes) => {
    return inTransaction(
      (await connection.open()).transaction(['pins', 'counts', 'names', 'dirty'], 'readwrite'),
      async (tx) => {
        const counts: number[] = []
        for (const change of changes) counts.push(await setStatusIn(tx, change))
        return counts
      }
    )
  }, { start: 'now' })

  return {
    async nextWork (limit, skip) {
      return readIn((await connection.open()).transaction(['pins', 'counts'], 'readonly'), async (tx) => {
        const found: PinRecord[] = []
        const index = tx.objectStore('pins').index('status')
        const from = workFrom ?? Math.min(
          ...await Promise.all(
            (['pinning', 'queued'] as const).map(async (status) => await oldestInDimension(tx, status) ?? Infinity)
          )
        )
        let oldest = Infinity
        for (const status of ['pinning', 'queued'] as const) {
          let cursor = await index.openCursor(IDBKeyRange.bound([status, from], [status, Infinity]))
          if (cursor !== null) oldest = Math.min(oldest, cursor.value.created)
          while (cursor !== null && found.length < limit) {
            if (!skip.has(cursor.value.cidKey) && !found.some((r) => r.cidKey === cursor!.value.cidKey)) {
              found.push(fromStored(cursor.value))
            }
            cursor = await cursor.continue()
          }
        }
        // Read in this same transaction: whatever is made after it is newer.
        const newest = (await tx.objectStore('pins').index('created').openKeyCursor(null, 'prev'))?.key ?? -Infinity
        workFrom = oldest === Infinity ? newest : oldest
        return found
      })
    },

    setStatus: async (cidKey, from, status, info) => setStatusBatched({ cidKey, from, status, info }),

    async recordsOf (cidKey, states = LIVE_STATES) {
      const records = await (await connection.open()).getAllFromIndex(
        'pins',
        'cid',
        IDBKeyRange.bound([cidKey, -Infinity], [cidKey, Infinity])
      )
      return records.filter((record) => states.includes(record.status)).map(fromStored)
    },

    async dirty (limit) {
      return readIn((await connection.open()).transaction('dirty', 'readonly'), async (tx) => {
        const [keys, stamps] = await Promise.all([tx.store.getAllKeys(null, limit), tx.store.getAll(null, limit)])
        return keys.map((cidKey, i) => ({ cidKey, stamp: stamps[i] ?? 0 }))
      })
    },
    async markDirty (cidKey) {
      // A fresh random stamp: clearDirty compares it to tell a newer notice from the one it handled.
      await (await connection.open()).put('dirty', Math.random(), cidKey)
    },
    async clearDirty (cidKey, stamp) {
      await inTransaction((await connection.open()).transaction('dirty', 'readwrite'), async (tx) => {
        if (await tx.store.get(cidKey) === stamp) await tx.store.delete(cidKey)
      })
    },

    async held (cidKey) {
      return (await connection.open()).get('held', cidKey)
    },
    async putHeld (dag) {
      await (await connection.open()).put('held', dag)
    },
    async removeHeld (cidKey) {
      await (await connection.open()).delete('held', cidKey)
    },
    async allHeld () {
      return (await connection.open()).getAll('held')
    },

    async garbage () {
      return (await connection.open()).getAllKeys('garbage')
    },
    async addGarbage (cidKey) {
      await (await connection.open()).put('garbage', Date.now(), cidKey)
    },
    async removeGarbage (cidKey) {
      await (await connection.open()).delete('garbage', cidKey)
    }
  }
}

interface StatusChange {
  cidKey: string
  from: readonly PinState[]
  status: PinState
  info: RecordInfo
}

type StatusTx = IDBPTransaction<ServiceSchema, ['pins', 'counts', 'names', 'dirty'], 'readwrite'>

/** One CID's records in `from` move to `status` with new info; their counters and names follow. */
async function setStatusIn (tx: StatusTx, { cidKey, from, status, info }: StatusChange): Promise<number> {
  const pins = tx.objectStore('pins')
  const records = await pins.index('cid').getAll(IDBKeyRange.bound([cidKey, -Infinity], [cidKey, Infinity]))
  const changing = records.filter((record) => from.includes(record.status))
  const moving = changing.filter((record) => record.status !== status)
  // One counter update for the batch: parallel read-modify-writes of one counter would lose updates.
  await adjustCountsMany(tx, moving.map((record) => ({ dimensions: [record.status], created: record.created })), -1)
  await adjustCountsMany(tx, moving.map((record) => ({ dimensions: [status], created: record.created })), +1)
  const names = tx.objectStore('names')
  await Promise.all(changing.map(async (record) => {
    const next = typeof info === 'function' ? info(fromStored(record)) : info
    // The remote services' status of this pin (written by replication) outlives the engine's own words.
    await pins.put({ ...record, status, info: keepRemoteInfo(record.info, next) })
    if (record.pin.name !== undefined && record.status !== status) {
      await names.put({ requestid: record.requestid, name: record.pin.name, status }, record.created)
    }
  }))
  return changing.length
}
