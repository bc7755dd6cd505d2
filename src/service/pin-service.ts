import { cidKey, parseCid } from './cid-key.ts'
import { PinNotFoundError } from './errors.ts'
import type { Pin, PinDraft, PinQuery, PinRecord, PinResults, PinStatus } from './types.ts'
import type { PinStore } from '../store/pin-store.ts'

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
  delegates: () => string[]
  now?: () => number
  newRequestId?: () => string
  /** Called after every change to the records (the engine and other tabs learn of it from here). */
  onChange?: () => void
}

export const QUEUED_DETAILS = 'Waiting for the pinning engine'

export function createPinService (components: PinServiceComponents): PinService {
  const { pins, delegates, now = Date.now, newRequestId = () => crypto.randomUUID(), onChange = () => {} } = components

  const toStatus = (record: PinRecord): PinStatus => ({
    requestid: record.requestid,
    status: record.status,
    // ISO 8601 with milliseconds, e.g. 2020-07-27T17:32:28.276Z: the precision `created` is kept in.
    created: new Date(record.created).toISOString(),
    pin: record.pin,
    delegates: delegates(),
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
      const record = await pins.add(draftOf(pin), now())
      onChange()
      return toStatus(record)
    },

    async addMany (many) {
      const records = await pins.addMany(many.map(draftOf), now())
      onChange()
      return records.map(toStatus)
    },

    async list (query) {
      const page = await pins.query(query)
      return { count: page.count, results: page.results.map(toStatus) }
    },

    async get (requestid) {
      const record = await pins.get(requestid)
      if (record === undefined) throw new PinNotFoundError(requestid)
      return toStatus(record)
    },

    async replace (requestid, pin) {
      const record = await pins.replace(requestid, draftOf(pin), now())
      if (record === undefined) throw new PinNotFoundError(requestid)
      onChange()
      return toStatus(record)
    },

    async remove (requestid) {
      if (!await pins.remove(requestid)) throw new PinNotFoundError(requestid)
      onChange()
    }
  }
}
