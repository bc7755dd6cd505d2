import { remoteInfoKey } from './remote-info.ts'
import { InvalidArgumentError } from '../service/errors.ts'
import type { DatabaseConnection, ServiceSchema } from './database.ts'
import type { RemoteRecord, RemoteState, ReplicaStage, StoredReplica } from './replication-schema.ts'
import type { IDBPTransaction } from 'idb'

export const REPLICA_STAGES: readonly ReplicaStage[] = ['pinned', 'working', 'problem', 'removing']

export interface RemoteEntry {
  record: RemoteRecord
  state?: RemoteState
  /** How many of its replicas are in each stage. */
  counts: Record<ReplicaStage, number>
}

/** The page's side of the remote services in IndexedDB: the person's settings, and what the engine reports. */
export interface RemoteStore {
  list(): Promise<RemoteEntry[]>
  get(id: string): Promise<RemoteRecord | undefined>
  /** Adds a remote; a label in use (in any case) is refused. */
  add(record: RemoteRecord): Promise<void>
  /** Stores an edited remote; a new label renames the `remote:<label>` info key of every pin it keeps. */
  update(record: RemoteRecord): Promise<void>
  /** Forgets a remote, its replicas and its info keys (its remote pins stay where they are). False if unknown. */
  remove(id: string): Promise<boolean>
  /** Every remote's replica of a local request. */
  replicasOf(requestid: string): Promise<StoredReplica[]>
}

type RemotesTx = IDBPTransaction<ServiceSchema, ['remotes', 'remote-state', 'replicas', 'pins'], 'readwrite'>
const SCOPE = ['remotes', 'remote-state', 'replicas', 'pins'] as const

export function createIdbRemoteStore (connection: DatabaseConnection): RemoteStore {
  const ofRemote = (remoteId: string) => IDBKeyRange.bound([remoteId, ''], [remoteId, '\uffff'])

  const checkLabel = async (tx: RemotesTx, record: RemoteRecord) => {
    const others = await tx.objectStore('remotes').getAll()
    if (others.some((other) => other.id !== record.id && other.label.toLowerCase() === record.label.toLowerCase())) {
      throw new InvalidArgumentError(`Invalid remote service: label: "${record.label}" is taken by another service`)
    }
  }

  /** Rewrites (or, with `to` undefined, removes) the info key of every pin this remote keeps. */
  const moveInfoKeys = async (tx: RemotesTx, remoteId: string, from: string, to: string | undefined) => {
    const pins = tx.objectStore('pins')
    const requestids = (await tx.objectStore('replicas').getAllKeys(ofRemote(remoteId))).map(([, requestid]) =>
      requestid
    )
    await Promise.all(requestids.map(async (requestid) => {
      const record = await pins.get(requestid)
      if (record?.info[from] === undefined) return
      const { [from]: text, ...info } = record.info
      await pins.put({ ...record, info: to === undefined ? info : { ...info, [to]: text as string } })
    }))
  }

  return {
    async list () {
      const db = await connection.open()
      const tx = db.transaction(['remotes', 'remote-state', 'replicas'], 'readonly')
      const records = await tx.objectStore('remotes').getAll()
      const stage = tx.objectStore('replicas').index('stage')
      const entries = await Promise.all(records.map(async (record): Promise<RemoteEntry> => {
        const [state, ...counts] = await Promise.all([
          tx.objectStore('remote-state').get(record.id),
          ...REPLICA_STAGES.map(async (name) => stage.count([record.id, name]))
        ])
        const entry: RemoteEntry = {
          record,
          counts: Object.fromEntries(REPLICA_STAGES.map((name, i) => [name, counts[i] ?? 0])) as Record<
            ReplicaStage,
            number
          >
        }
        if (state !== undefined) entry.state = state
        return entry
      }))
      return entries.sort((a, b) => a.record.created - b.record.created)
    },
    async get (id) {
      return (await connection.open()).get('remotes', id)
    },
    async add (record) {
      const tx = (await connection.open()).transaction(SCOPE, 'readwrite')
      await checkLabel(tx, record)
      await tx.objectStore('remotes').add(record)
      await tx.done
    },
    async update (record) {
      const tx = (await connection.open()).transaction(SCOPE, 'readwrite')
      const previous = await tx.objectStore('remotes').get(record.id)
      if (previous === undefined) throw new InvalidArgumentError(`No remote service with id "${record.id}"`)
      await checkLabel(tx, record)
      if (previous.label !== record.label) {
        await moveInfoKeys(tx, record.id, remoteInfoKey(previous.label), remoteInfoKey(record.label))
      }
      await tx.objectStore('remotes').put(record)
      await tx.done
    },
    async remove (id) {
      const tx = (await connection.open()).transaction(SCOPE, 'readwrite')
      const previous = await tx.objectStore('remotes').get(id)
      if (previous === undefined) {
        await tx.done
        return false
      }
      await moveInfoKeys(tx, id, remoteInfoKey(previous.label), undefined)
      await Promise.all([
        tx.objectStore('replicas').delete(ofRemote(id)),
        tx.objectStore('remote-state').delete(id),
        tx.objectStore('remotes').delete(id)
      ])
      await tx.done
      return true
    },
    async replicasOf (requestid) {
      return (await connection.open()).getAllFromIndex('replicas', 'requestid', requestid)
    }
  }
}
