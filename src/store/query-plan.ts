import { recordMatches } from './pin-filter.ts'
import { PIN_STATES } from '../service/types.ts'
import type { PinQuery, PinRecord } from '../service/types.ts'

/**
 * Indexes of the pin store; all but `created` are keyed `[prefix, created]`. `names` is not an index but a
 * small projection of the named records (name, status) keyed by created, scanned for partial name matches.
 */
export type IndexName = 'created' | 'status' | 'cid' | 'name' | 'nameLower' | 'meta' | 'names'

/** One index range; the union of a plan's sources holds every match, each exactly once. */
export interface Source {
  index: IndexName
  prefix?: string
}

export interface QueryPlan {
  sources: Source[]
  /** Inclusive bounds on `created` (from the strict before/after); lower > upper means nothing can match. */
  lower: number
  upper: number
  /** The checks the sources do not cover; undefined when every record of the sources matches. */
  residual?: (record: PinRecord) => boolean
}

/** The key of one meta pair in the multi-entry `meta` index; JSON keeps any key and value unambiguous. */
export function metaPairKey (key: string, value: string): string {
  return JSON.stringify([key, value])
}

/**
 * Chooses the narrowest index the filters allow: CIDs, then an exact name, then a meta pair, then the names
 * projection (partial names), then statuses, then creation order alone. Whatever the chosen source does not
 * cover is checked record by record.
 */
export function planQuery (query: PinQuery): QueryPlan {
  const lower = query.after === undefined ? -Infinity : query.after + 1
  const upper = query.before === undefined ? Infinity : query.before - 1
  const allStatuses = PIN_STATES.every((state) => query.statuses.includes(state))
  const { cidKeys, name, meta } = query
  const metaPairs = meta === undefined ? [] : Object.entries(meta)
  const firstMetaPair = metaPairs[0]

  let sources: Source[]
  let covered: boolean
  if (cidKeys !== undefined) {
    sources = cidKeys.map((prefix) => ({ index: 'cid', prefix }))
    covered = name === undefined && metaPairs.length === 0 && allStatuses
  } else if (name !== undefined && (name.match === 'exact' || name.match === 'iexact')) {
    sources = name.match === 'exact'
      ? [{ index: 'name', prefix: name.value }]
      : [{ index: 'nameLower', prefix: name.value.toLowerCase() }]
    covered = metaPairs.length === 0 && allStatuses
  } else if (firstMetaPair !== undefined) {
    sources = [{ index: 'meta', prefix: metaPairKey(...firstMetaPair) }]
    covered = name === undefined && metaPairs.length === 1 && allStatuses
  } else if (name !== undefined) {
    // A partial match no index can answer: scan the light projection of named records, not whole records.
    sources = [{ index: 'names' }]
    covered = false
  } else if (!allStatuses) {
    sources = query.statuses.map((prefix) => ({ index: 'status', prefix }))
    covered = name === undefined
  } else {
    sources = [{ index: 'created' }]
    covered = name === undefined
  }

  const plan: QueryPlan = { sources, lower, upper }
  if (!covered) plan.residual = (record) => recordMatches(record, query)
  return plan
}
