import { metaPairKey } from './query-plan.ts'
import type { StoredPin } from './database.ts'
import type { PinRecord } from '../service/types.ts'

/** Adds the derived fields the indexes need (lower-case name, meta pair keys). */
export function toStored (record: PinRecord): StoredPin {
  const stored: StoredPin = {
    ...record,
    metaKeys: Object.entries(record.pin.meta ?? {}).map(([key, value]) => [metaPairKey(key, value), record.created])
  }
  if (record.pin.name !== undefined) stored.nameLower = record.pin.name.toLowerCase()
  return stored
}

/** Drops the derived fields again. */
export function fromStored (stored: StoredPin): PinRecord {
  const { nameLower: _nameLower, metaKeys: _metaKeys, ...record } = stored
  return record
}
