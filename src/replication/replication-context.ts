/** What one remote's replication works with, and the helpers every step of it shares. */
import { replicaText, stageOf } from './replica-text.ts'
import type { Fetch } from './remote-fetch.ts'
import type { GatewayBlockstore } from '../gateway/block-reader.ts'
import type { ChangeKind } from '../sync/change-feed.ts'
import type { ReplicaChanges, ReplicaStore } from '../store/replica-store.ts'
import type { RemoteRecord, RemoteState, StoredReplica } from '../store/replication-schema.ts'

export interface ReplicationComponents {
  store: ReplicaStore
  fetch: Fetch
  /** The node's blockstore, read-only: the source of uploaded CARs. */
  blockstore(): Promise<GatewayBlockstore>
  /** This node's peer id: part of the marker that finds its remote pins again. */
  nodeId(): Promise<string>
  /** This node's dialable multiaddrs (ending in /p2p/<id>), given to remotes as origins; often none in a browser. */
  addresses(): Promise<string[]>
  notify(kind: ChangeKind): void
  now?(): number
}

export interface ReplicationInit {
  /** A request to the Pinning Service API that takes longer is cut (and its answer counted as lost). */
  requestTimeoutMs?: number
  /** The same for an upload (a CAR may be large). */
  uploadTimeoutMs?: number
  /** Requests in flight at once per remote. */
  concurrency?: number
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
export const DEFAULT_UPLOAD_TIMEOUT_MS = 30 * 60_000
export const DEFAULT_CONCURRENCY = 4

/** The meta key of the marker that names, on a remote pin, the node and local request it mirrors. */
export const REPLICA_MARKER = 'in-page-pinning-service'

export interface RemoteContext {
  components: ReplicationComponents
  remote: RemoteRecord
  state: RemoteState
  now: () => number
  requestTimeoutMs: number
  uploadTimeoutMs: number
  concurrency: number
  signal: AbortSignal
}

/** `<peer id>/<local requestid>`: unique per node and request, so a lost answer never makes a second remote pin. */
export async function markerOf (context: RemoteContext, requestid: string): Promise<string> {
  return `${await context.components.nodeId()}/${requestid}`
}

/** A replica with its stage and time stamp brought up to date. */
export function touched (replica: StoredReplica, now: number): StoredReplica {
  return { ...replica, stage: stageOf(replica), updated: now }
}

/** Writes replicas (and their pins' info) in one transaction, and says so to the UI. */
export async function save (
  context: RemoteContext,
  put: StoredReplica[],
  remove: string[] = [],
  withState = false
): Promise<void> {
  if (put.length === 0 && remove.length === 0 && !withState) return
  const info = new Map<string, string | undefined>()
  for (const replica of put) info.set(replica.requestid, replicaText(replica))
  for (const requestid of remove) info.set(requestid, undefined)
  const changes: ReplicaChanges = { put, delete: remove, info }
  if (withState) changes.state = context.state
  await context.components.store.apply(context.remote.id, changes)
  context.components.notify('replicas')
}
