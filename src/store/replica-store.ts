import { remoteInfoKey } from './remote-info.ts'
import { fromStored } from './stored-pin.ts'
import type { DatabaseConnection } from './database.ts'
import type { RemoteRecord, RemoteState, StoredReplica } from './replication-schema.ts'
import type { PinRecord } from '../service/types.ts'

/** What one write of the replication changes, all in one transaction. */
export interface ReplicaChanges {
  put: StoredReplica[]
  /** Local requestids whose replica is forgotten. */
  delete: string[]
  /** Per local requestid: the sentence for `info["remote:<label>"]`, or undefined to take the key out. */
  info: Map<string, string | undefined>
  state?: RemoteState
}

/** The engine's side of replication in IndexedDB: the remotes (read), its bookkeeping and the pins' info (written). */
export interface ReplicaStore {
  remotes(): Promise<RemoteRecord[]>
  remote(id: string): Promise<RemoteRecord | undefined>
  state(remoteId: string): Promise<RemoteState | undefined>
  /** Local records created after `after`, oldest first. */
  recordsAfter(after: number, limit: number): Promise<PinRecord[]>
  /** Every local requestid. */
  requestids(): Promise<Set<string>>
  /** The local requestids this remote has a replica for. */
  replicatedIds(remoteId: string): Promise<string[]>
  replicas(remoteId: string, requestids: readonly string[]): Promise<StoredReplica[]>
  /** Replicas whose time has come, soonest first. */
  due(remoteId: string, until: number, limit: number): Promise<StoredReplica[]>
  /** The next time any replica of this remote is due, or undefined when none is. */
  nextDue(remoteId: string): Promise<number | undefined>
  records(requestids: readonly string[]): Promise<Map<string, PinRecord>>
  /** Other replicas of this remote that point at the same remote pin (services that key pins by CID). */
  sharing(remoteId: string, remoteRequestid: string): Promise<StoredReplica[]>
  /** Applies the changes unless the remote was removed meanwhile (then false, and nothing is written). */
  apply(remoteId: string, changes: ReplicaChanges): Promise<boolean>
}

const WRITE_SCOPE = ['remotes', 'remote-state', 'replicas', 'pins'] as const

export function createIdbReplicaStore (connection: DatabaseConnection): ReplicaStore {
  const ofRemote = (remoteId: string) => IDBKeyRange.bound([remoteId, ''], [remoteId, '\uffff'])
  return {
    async remotes () {
      return (await connection.open()).getAll('remotes')
    },
    async remote (id) {
      return (await connection.open()).get('remotes', id)
    },
    async state (remoteId) {
      return (await connection.open()).get('remote-state', remoteId)
    },
    async recordsAfter (after, limit) {
      const records = await (await connection.open()).getAllFromIndex(
        'pins',
        'created',
        IDBKeyRange.lowerBound(after, true),
        limit
      )
      return records.map(fromStored)
    },
    async requestids () {
      return new Set(await (await connection.open()).getAllKeys('pins'))
    },
    async replicatedIds (remoteId) {
      const keys = await (await connection.open()).getAllKeys('replicas', ofRemote(remoteId))
      return keys.map(([, requestid]) => requestid)
    },
    async replicas (remoteId, requestids) {
      const tx = (await connection.open()).transaction('replicas', 'readonly')
      const found = await Promise.all(requestids.map(async (requestid) => tx.store.get([remoteId, requestid])))
      return found.filter((replica) => replica !== undefined)
    },
    async due (remoteId, until, limit) {
      return (await connection.open()).getAllFromIndex(
        'replicas',
        'due',
        IDBKeyRange.bound([remoteId, -Infinity], [remoteId, until]),
        limit
      )
    },
    async nextDue (remoteId) {
      const cursor = await (await connection.open()).transaction('replicas').store.index('due').openKeyCursor(
        IDBKeyRange.bound([remoteId, -Infinity], [remoteId, Infinity])
      )
      return cursor === null ? undefined : cursor.key[1]
    },
    async records (requestids) {
      const tx = (await connection.open()).transaction('pins', 'readonly')
      const found = await Promise.all(requestids.map(async (requestid) => tx.store.get(requestid)))
      return new Map(
        found.filter((record) => record !== undefined).map((record) => [record.requestid, fromStored(record)])
      )
    },
    async sharing (remoteId, remoteRequestid) {
      return (await connection.open()).getAllFromIndex('replicas', 'remoteRequestid', [remoteId, remoteRequestid])
    },
    async apply (remoteId, changes) {
      const tx = (await connection.open()).transaction(WRITE_SCOPE, 'readwrite')
      // The label as it is now: the page renames the info keys in the same transaction as a rename.
      const remote = await tx.objectStore('remotes').get(remoteId)
      if (remote === undefined) {
        await tx.done
        return false
      }
      const replicas = tx.objectStore('replicas')
      const pins = tx.objectStore('pins')
      const key = remoteInfoKey(remote.label)
      await Promise.all([
        ...changes.put.map(async (replica) => replicas.put(replica)),
        ...changes.delete.map(async (requestid) => replicas.delete([remoteId, requestid])),
        ...[...changes.info].map(async ([requestid, text]) => {
          const record = await pins.get(requestid)
          if (record === undefined || record.info[key] === text) return
          const info = { ...record.info }
          if (text === undefined) delete info[key]
          else info[key] = text
          await pins.put({ ...record, info })
        }),
        ...(changes.state === undefined ? [] : [tx.objectStore('remote-state').put(changes.state)])
      ])
      await tx.done
      return true
    }
  }
}
