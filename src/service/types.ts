/** The four states of a pin request, in the spec's order. */
export const PIN_STATES = ['queued', 'pinning', 'pinned', 'failed'] as const
export type PinState = (typeof PIN_STATES)[number]

export const TEXT_MATCHES = ['exact', 'iexact', 'partial', 'ipartial'] as const
export type TextMatch = (typeof TEXT_MATCHES)[number]

/** The spec's `Pin` object, as the client sent it (validated). */
export interface Pin {
  cid: string
  name?: string
  origins?: string[]
  meta?: Record<string, string>
}

/** One pin request as it is stored. */
export interface PinRecord {
  requestid: string
  status: PinState
  /** Milliseconds since the epoch; unique and strictly increasing per store. */
  created: number
  pin: Pin
  /** The CID in its normalized form (CIDv1, base32), so that `Qm…` and `bafy…` of one DAG match. */
  cidKey: string
  info: Record<string, string>
}

/** A record before the store has given it its unique `created`. */
export type PinDraft = Omit<PinRecord, 'created'>

/** The spec's `PinStatus` object. */
export interface PinStatus {
  requestid: string
  status: PinState
  created: string
  pin: Pin
  delegates: string[]
  info: Record<string, string>
}

export interface PinResults {
  count: number
  results: PinStatus[]
}

/** A validated list query; every default has been applied. */
export interface PinQuery {
  /** Normalized CID keys (see `PinRecord.cidKey`), unique: `normalizePinQuery` makes them from CIDs in any form. */
  cidKeys?: string[]
  name?: { value: string, match: TextMatch }
  /** Unique states; never empty. */
  statuses: PinState[]
  /** Exclusive upper bound: `created < before`. */
  before?: number
  /** Exclusive lower bound: `created > after`. */
  after?: number
  limit: number
  meta?: Record<string, string>
}

export interface PinPage {
  count: number
  results: PinRecord[]
}
