import type { PinQuery, PinRecord, TextMatch } from '../service/types.ts'

/** Whether a record's name satisfies a name filter with the given matching strategy. */
export function nameMatches (name: string | undefined, filter: string, match: TextMatch): boolean {
  if (name === undefined) return false
  switch (match) {
    case 'exact':
      return name === filter
    case 'iexact':
      return name.toLowerCase() === filter.toLowerCase()
    case 'partial':
      return name.includes(filter)
    case 'ipartial':
      return name.toLowerCase().includes(filter.toLowerCase())
  }
}

/** Whether every key/value pair of the filter is in the record's meta. */
export function metaMatches (meta: Record<string, string> | undefined, filter: Record<string, string>): boolean {
  return Object.entries(filter).every(([key, value]) =>
    meta !== undefined && Object.hasOwn(meta, key) && meta[key] === value
  )
}

/** The whole query as a predicate over records; the reference that every indexed plan must agree with. */
export function recordMatches (record: PinRecord, query: PinQuery): boolean {
  return query.statuses.includes(record.status) &&
    (query.cidKeys === undefined || query.cidKeys.includes(record.cidKey)) &&
    (query.name === undefined || nameMatches(record.pin.name, query.name.value, query.name.match)) &&
    (query.meta === undefined || metaMatches(record.pin.meta, query.meta)) &&
    (query.before === undefined || record.created < query.before) &&
    (query.after === undefined || record.created > query.after)
}
