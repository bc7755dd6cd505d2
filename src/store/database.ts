import { openDB } from 'idb'
import type { DBSchema, IDBPDatabase } from 'idb'
import { DatabaseBlockedError, DatabaseOutdatedError } from './errors.ts'
import type { StoredToken } from '../service/token-store.ts'
import type { PinRecord, PinState } from '../service/types.ts'
import type { BackupRecord, RemoteRecord, RemoteState, StoredReplica } from './replication-schema.ts'

/** A pin record with the derived fields its indexes need. */
export interface StoredPin extends PinRecord {
  nameLower?: string
  /** `[metaPairKey(key, value), created]` per meta entry, for the multi-entry `meta` index. */
  metaKeys: Array<[string, number]>
}

export interface NamedPin {
  requestid: string
  name: string
  status: PinState
}

export interface HeldDag {
  cidKey: string
  blocks: number
  bytes: number
  pinnedAt: number
}

export interface ServiceSchema extends DBSchema {
  pins: {
    key: string
    value: StoredPin
    indexes: {
      created: number
      status: [string, number]
      cid: [string, number]
      name: [string, number]
      nameLower: [string, number]
      meta: [string, number]
    }
  }
  tokens: {
    key: string
    value: StoredToken
    indexes: { hash: string }
  }
  /** Counters per [dimension, level, bucket] of created times: statuses, all, meta pairs (see range-counts.ts). */
  counts: {
    key: [string, number, number]
    value: number
  }
  /** The named records in brief, keyed by created: what a partial name match scans (see query-plan.ts). */
  names: {
    key: number
    value: NamedPin
  }
  /** CIDs whose records were removed or failed, for the engine to re-check (release when no record wants them). */
  dirty: {
    key: string
    value: number
  }
  /** CIDs the engine holds pinned in Helia, with their size: the engine's own ledger. */
  held: {
    key: string
    value: HeldDag
  }
  /** Released root CIDs whose unpinned blocks are to be deleted once no fetch is running. */
  garbage: {
    key: string
    value: number
  }
  /** Small named values of the service, such as its peer identity. */
  settings: {
    key: string
    value: unknown
  }
  /** Remote pinning services to keep pins in step with (version 2): written by the page. */
  remotes: {
    key: string
    value: RemoteRecord
  }
  /** Per remote, what the engine's replication knows and owes (version 2): written by the engine. */
  'remote-state': {
    key: string
    value: RemoteState
  }
  /** One per remote and local pin request: the remote pin kept in step with it (version 2). */
  replicas: {
    key: [string, string]
    value: StoredReplica
    indexes: {
      requestid: string
      due: [string, number]
      remoteRequestid: [string, string]
      stage: [string, string]
    }
  }
  /** Backups made here, newest kept; their manifest blocks are collected once they fall out (version 2). */
  backups: {
    key: string
    value: BackupRecord
    indexes: { created: number }
  }
}

export type ServiceDatabase = IDBPDatabase<ServiceSchema>

export const DEFAULT_DATABASE_NAME = 'in-page-pinning-service'
/** The schema this code writes. A newer build that changes the schema raises it (see docs/update-policy.md). */
export const SCHEMA_VERSION = 2
/** How long an operation waits for an upgrade that older tabs of the service keep blocked. */
const BLOCKED_WAIT_MS = 5000

/**
 * The service's database as every context shares it (pages, the service worker, the engine's Worker). It opens
 * on first use and again after the browser closed it or another context deleted it. When a newer version of the
 * service asks to upgrade it, this connection steps aside at once (an upgrade is never blocked by old code) and
 * from then on fails with `DatabaseOutdatedError`: the old code must not write a schema it does not know.
 */
export interface DatabaseConnection {
  readonly name: string
  open(): Promise<ServiceDatabase>
  /** Whether a newer version of the service has taken the database over. */
  readonly outdated: boolean
  /** Called once, when a newer version of the service takes the database over. */
  onOutdated(listener: () => void): () => void
  close(): void
}

export function connectServiceDatabase (name: string = DEFAULT_DATABASE_NAME): DatabaseConnection {
  let current: Promise<ServiceDatabase> | undefined
  let outdated = false
  let blocked = false
  const listeners = new Set<() => void>()

  const becomeOutdated = () => {
    if (outdated) return
    outdated = true
    for (const listener of listeners) listener()
  }

  const connect = (): Promise<ServiceDatabase> => {
    blocked = false
    const opening: Promise<ServiceDatabase> = openDB<ServiceSchema>(name, SCHEMA_VERSION, {
      upgrade: createSchema,
      blocked () {
        // Older contexts still hold the database open; they are asked to close (they all step aside when told).
        blocked = true
      },
      blocking (_current, wanted, event) {
        // Another context wants a newer version (or to delete the database): close at once, so it is never blocked.
        ;(event.target as IDBDatabase).close()
        if (current === opening) current = undefined
        if (wanted !== null && wanted > SCHEMA_VERSION) becomeOutdated()
      },
      terminated () {
        // The browser closed it (storage cleared, disk trouble): the next use opens it again.
        if (current === opening) current = undefined
      }
    }).then((db) => {
      blocked = false
      return db
    }, (error: unknown) => {
      if (current === opening) current = undefined
      if (error instanceof Error && error.name === 'VersionError') {
        becomeOutdated()
        throw new DatabaseOutdatedError(name)
      }
      throw error
    })
    return opening
  }

  return {
    name,
    get outdated () {
      return outdated
    },
    async open () {
      if (outdated) throw new DatabaseOutdatedError(name)
      current ??= connect()
      const opening = current
      let timer: ReturnType<typeof setTimeout> | undefined
      const waitedTooLong = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          if (blocked) reject(new DatabaseBlockedError(name))
        }, BLOCKED_WAIT_MS)
      })
      try {
        return await Promise.race([opening, waitedTooLong])
      } finally {
        clearTimeout(timer)
      }
    },
    onOutdated (listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    close () {
      void current?.then((db) => {
        db.close()
      }, () => {})
      current = undefined
      listeners.clear()
    }
  }
}

/**
 * Creates the stores of every version after `oldVersion` up to `newVersion` (default: this code's), each step
 * adding what its version brought. Exported for the upgrade tests, which build an older version's database.
 */
export function createSchema (
  db: ServiceDatabase,
  oldVersion: number,
  newVersion: number | null = SCHEMA_VERSION
): void {
  const target = newVersion ?? SCHEMA_VERSION
  if (oldVersion < 1 && target >= 1) {
    const pins = db.createObjectStore('pins', { keyPath: 'requestid' })
    // Unique: a second writer racing for the same millisecond fails its transaction instead of duplicating it.
    pins.createIndex('created', 'created', { unique: true })
    pins.createIndex('status', ['status', 'created'])
    pins.createIndex('cid', ['cidKey', 'created'])
    pins.createIndex('name', ['pin.name', 'created'])
    pins.createIndex('nameLower', ['nameLower', 'created'])
    pins.createIndex('meta', 'metaKeys', { multiEntry: true })
    const tokens = db.createObjectStore('tokens', { keyPath: 'id' })
    tokens.createIndex('hash', 'hash', { unique: true })
    db.createObjectStore('counts')
    db.createObjectStore('names')
    db.createObjectStore('dirty')
    db.createObjectStore('held', { keyPath: 'cidKey' })
    db.createObjectStore('garbage')
    db.createObjectStore('settings')
  }
  if (oldVersion < 2 && target >= 2) {
    // Replication and backups: new stores only, so the records of version 1 stay as they are.
    db.createObjectStore('remotes', { keyPath: 'id' })
    db.createObjectStore('remote-state', { keyPath: 'remoteId' })
    const replicas = db.createObjectStore('replicas', { keyPath: ['remoteId', 'requestid'] })
    replicas.createIndex('requestid', 'requestid')
    replicas.createIndex('due', ['remoteId', 'due'])
    replicas.createIndex('remoteRequestid', ['remoteId', 'remoteRequestid'])
    replicas.createIndex('stage', ['remoteId', 'stage'])
    db.createObjectStore('backups', { keyPath: 'manifest' }).createIndex('created', 'created')
  }
}
