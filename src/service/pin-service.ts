import { cidKey, parseCid } from './cid-key.ts'
import { PinNotFoundError } from './errors.ts'
import type { Pin, PinDraft, PinQuery, PinRecord, PinResults, PinStatus } from './types.ts'
import type { PinStore } from './pin-store.ts'

/** The pin-request rules of the spec: what each operation does to the records. */
export interface PinService {
  add(pin: Pin): Promise<PinStatus>
  /** Adds many pins at once (one transaction); for imports. The pins must be valid already. */
  addMany(pins: Pin[]): Promise<PinStatus[]>
  list(query: PinQuery): Promise<PinResults>
  get(requestid: string): Promise<PinStatus>
  /** A new request (new requestid and created) in place of the old one, which then no longer exists. */
  replace(requestid: string, pin: Pin): Promise<PinStatus>
  remove(requestid: string): Promise<void>
}

export interface PinServiceComponents {
  pins: PinStore
  /** The multiaddrs that receive pin data, each ending in /p2p/<peer id>; never empty. */
  delegates: () => Promise<string[]>
  now?: () => number
  newRequestId?: () => string
  /** Called after every change to the records (the engine and other tabs learn of it from here). */
  onChange?: () => void
}

export const QUEUED_DETAILS = 'Waiting for the pinning engine'

export function createPinService (components: PinServiceComponents): PinService {
  const { pins, delegates, now = Date.now, newRequestId = () => crypto.randomUUID(), onChange = () => {} } = components

  const toStatus = (record: PinRecord, delegates: string[]): PinStatus => ({
    requestid: record.requestid,
    status: record.status,
    // ISO 8601 with milliseconds, e.g. 2020-07-27T17:32:28.276Z: the precision `created` is kept in.
    created: new Date(record.created).toISOString(),
    pin: record.pin,
    delegates,
    info: record.info
  })

  const draftOf = (pin: Pin): PinDraft => ({
    requestid: newRequestId(),
    status: 'queued',
    pin,
    cidKey: cidKey(parseCid(pin.cid)),
    info: { status_details: QUEUED_DETAILS }
  })

  return {
    async add (pin) {
      // Delegates first: a write must never be followed by a failed answer.
      const addresses = await delegates()
      const record = await pins.add(draftOf(pin), now())
      onChange()
      return toStatus(record, addresses)
    },

    async addMany (many) {
      const addresses = await delegates()
      const records = await pins.addMany(many.map(draftOf), now())
      onChange()
      return records.map((record) => toStatus(record, addresses))
    },

    async list (query) {
      const [page, addresses] = await Promise.all([pins.query(query), delegates()])
      return { count: page.count, results: page.results.map((record) => toStatus(record, addresses)) }
    },

    async get (requestid) {
      const [record, addresses] = await Promise.all([pins.get(requestid), delegates()])
      if (record === undefined) throw new PinNotFoundError(requestid)
      return toStatus(record, addresses)
    },

    async replace (requestid, pin) {
      const addresses = await delegates()
      const record = await pins.replace(requestid, draftOf(pin), now())
      if (record === undefined) throw new PinNotFoundError(requestid)
      onChange()
      return toStatus(record, addresses)
    },

    async remove (requestid) {
      if (!await pins.remove(requestid)) throw new PinNotFoundError(requestid)
      onChange()
    }
  }
}
