import { openDB } from 'idb'
import type { DBSchema, IDBPDatabase } from 'idb'
import type { PinRecord, PinState } from '../service/types.ts'

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

export interface StoredToken {
  id: string
  label: string
  created: number
  /** SHA-256 of the token, hex; the token itself is never stored. */
  hash: string
  /** The token's first characters (`ips_` and 4 more), to tell tokens apart; not enough to guess it. */
  prefix?: string
  /** When a request last presented it (ms since the epoch), written at most about once a minute. */
  lastUsed?: number
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
}

export type ServiceDatabase = IDBPDatabase<ServiceSchema>

export const DEFAULT_DATABASE_NAME = 'in-page-pinning-service'
const SCHEMA_VERSION = 1

export async function openServiceDatabase (name: string = DEFAULT_DATABASE_NAME): Promise<ServiceDatabase> {
  const db = await openDB<ServiceSchema>(name, SCHEMA_VERSION, {
    upgrade (db, oldVersion) {
      if (oldVersion < 1) {
        const pins = db.createObjectStore('pins', { keyPath: 'requestid' })
        // Unique: a second tab racing for the same millisecond fails its transaction instead of duplicating it.
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
    },
    blocking () {
      // A newer version of the page wants to upgrade the schema: let it, rather than block it forever.
      db.close()
    }
  })
  return db
}
