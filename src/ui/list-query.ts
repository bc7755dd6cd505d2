import { PIN_STATES, checkPinQuery, normalizePinQuery } from '../index.ts'
import { metaObject } from './pin-validation.ts'
import type { PinQuery, PinState, Problem, TextMatch } from '../index.ts'
import type { MetaRow } from './pin-validation.ts'

/** The filters of the pin list, as the person set them. */
export interface PinFilter {
  /** Shown states; all four when none is ticked (a person expects everything, unlike the API's default). */
  statuses: PinState[]
  name: string
  match: TextMatch
  /** One or more CIDs, separated by commas or spaces. */
  cids: string
  meta: MetaRow[]
}

export const EMPTY_FILTER: PinFilter = { statuses: [], name: '', match: 'ipartial', cids: '', meta: [] }

/** The query to run, or why the filters cannot be run, in a sentence. */
export type FilterQuery = { query: PinQuery, problem?: never } | { query?: never, problem: string }

/**
 * The query the filters ask for, judged by the API's own checks: the same limits and words as `GET /pins`.
 * `before` is the `created` of the previous page's last pin.
 */
export function filterQuery (filter: PinFilter, page: { limit: number, before?: string }): FilterQuery {
  const statuses = filter.statuses.length === 0 ? [...PIN_STATES] : filter.statuses
  const query: PinQuery = { statuses, limit: page.limit }
  if (filter.name !== '') query.name = { value: filter.name, match: filter.match }
  const cids = filter.cids.split(/[\s,]+/).filter((cid) => cid !== '')
  if (cids.length > 0) query.cidKeys = cids
  const meta = metaObject(filter.meta)
  if (typeof meta === 'string') return { problem: meta }
  if (meta !== undefined) query.meta = meta
  if (page.before !== undefined) query.before = Date.parse(page.before)

  const problem = checkPinQuery(query)[0]
  if (problem !== undefined) return { problem: `${filterName(problem)} ${problem.message}` }
  return { query: normalizePinQuery(query) }
}

/** The filter as the list names it: `The cid filter value "…" is not a valid CID`. */
function filterName ({ field, index, key }: Problem): string {
  if (index !== undefined) return `The ${field} filter value`
  return `The ${field} filter${key === undefined ? '' : ` key "${key}"`}`
}

export function isFiltered (filter: PinFilter): boolean {
  return filter.statuses.length > 0 || filter.name !== '' || filter.cids.trim() !== '' ||
    filter.meta.some((row) => row.key !== '' || row.value !== '')
}
