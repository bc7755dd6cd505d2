/** What schema version 2 stores for replication to remote pinning services and for backups. */
import type { PinState } from '../service/types.ts'

/** Which local pins a remote service keeps: every one, or those whose meta has all these pairs. */
export type RemoteScope = { kind: 'all' } | { kind: 'meta', meta: Record<string, string> }

/** APIs that accept a DAG's blocks as a CAR before the pin by CID: IPFS Cluster's REST API, Kubo's RPC. */
export type UploadKind = 'ipfs-cluster' | 'kubo'

export interface RemoteUpload {
  kind: UploadKind
  /** The API's base URL, e.g. http://127.0.0.1:9094 (Cluster REST) or http://127.0.0.1:5001 (Kubo RPC). */
  url: string
  /** The whole `Authorization` header value (`Bearer …`, `Basic …`); none when the API needs none. */
  authorization?: string
}

/** A remote pinning service as the person set it up (written by the page only). */
export interface RemoteRecord {
  id: string
  label: string
  /** The Pinning Service API base URL, without `/pins` and without a trailing slash. */
  endpoint: string
  /** The access token; kept in this origin's IndexedDB, never logged, never shown again in full. */
  token: string
  scope: RemoteScope
  /** Deleting (or replacing) a local pin leaves its remote pin in place instead of removing it. */
  keepRemotePins: boolean
  upload?: RemoteUpload
  created: number
  /** Raised by every edit: a 401 is about the token of the revision it was answered for. */
  revision: number
  /** Raised when the endpoint changes: remote pins known under the old one are looked up afresh. */
  endpointRevision: number
}

export type RemoteHealthState = 'ok' | 'unreachable' | 'cors' | 'failing' | 'unauthorized'

/** How the remote answered lately, as the engine saw it. */
export interface RemoteHealth {
  state: RemoteHealthState
  /** A sentence for the person: what went wrong, in the remote's own words where it gave any. */
  message?: string
  /** When the current run of failures began (ms since the epoch). */
  since?: number
  failures: number
  /** No request before this time (backoff, or the remote's Retry-After). */
  retryAt?: number
  /** For `unauthorized`: the revision whose token was refused; a new token (a new revision) resumes. */
  revision?: number
  /** The last time the remote answered as expected. */
  lastContact?: number
}

/** The engine's own bookkeeping per remote (written by the engine only). */
export interface RemoteState {
  remoteId: string
  /** `created` of the newest local record already considered for this remote. */
  scannedUpTo: number
  /** The scope the records were considered with; another scope means considering them all again. */
  scopeKey: string
  endpointRevision: number
  health: RemoteHealth
}

/**
 * `create`: the remote pin is to be made (`posted`: a POST may have reached the remote, so look for it first);
 * `follow`: it exists, its status is checked from time to time; `rejected`: the remote refused it (4XX), tried
 * again much later; `remove`: the local request is gone and the remote pin is to be deleted.
 */
export type ReplicaPhase = 'create' | 'follow' | 'rejected' | 'remove'

/** For counting at a glance (an index): in step, on its way, in trouble, being removed. */
export type ReplicaStage = 'pinned' | 'working' | 'problem' | 'removing'

export interface StoredReplica {
  remoteId: string
  /** The local pin request it mirrors. */
  requestid: string
  /** The CID as the local request sent it. */
  cid: string
  cidKey: string
  name?: string
  phase: ReplicaPhase
  stage: ReplicaStage
  posted: boolean
  /** The content was uploaded to the remote's upload API (when it has one). */
  uploaded: boolean
  remoteRequestid?: string
  remoteStatus?: PinState
  /** The remote's own `info.status_details`, when it gave one. */
  remoteDetails?: string
  /** Since when the remote status is what it is (polls slow down as it stays). */
  statusSince?: number
  /** The last problem or wait, in words. */
  note?: string
  /** Failed tries in a row of this replica's own work (uploads, refusals). */
  attempts: number
  /** When the engine next acts on it (ms since the epoch). */
  due: number
  updated: number
}

/** A backup made here: its manifest's blocks stay (so its CAR can be downloaded) until newer backups push it out. */
export interface BackupRecord {
  manifest: string
  created: number
  pins: number
}
