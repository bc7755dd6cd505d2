import { parseListQuery } from '../api/parse-list-query.ts'
import { PIN_STATES } from '../service/types.ts'
import type { PinQuery, PinState, TextMatch } from '../index.ts'
import type { MetaRow } from './pin-validation.ts'
import { metaObject } from './pin-validation.ts'

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

/**
 * Builds the query string `GET /pins` would get and lets the API's own parser judge it: the same limits
 * and messages, and the same query the HTTP route would run. Throws BadRequestError with a readable message.
 */
export function filterQuery (filter: PinFilter, page: { limit: number, before?: string }): PinQuery {
  const params = new URLSearchParams()
  params.set('status', (filter.statuses.length === 0 ? PIN_STATES : filter.statuses).join(','))
  if (filter.name !== '') {
    params.set('name', filter.name)
    params.set('match', filter.match)
  }
  const cids = filter.cids.split(/[\s,]+/).filter((cid) => cid !== '')
  if (cids.length > 0) params.set('cid', cids.join(','))
  const meta = metaObject(filter.meta)
  if (typeof meta === 'string') throw new TypeError(meta)
  if (meta !== undefined) params.set('meta', JSON.stringify(meta))
  params.set('limit', String(page.limit))
  if (page.before !== undefined) params.set('before', page.before)
  return parseListQuery(params)
}

export function isFiltered (filter: PinFilter): boolean {
  return filter.statuses.length > 0 || filter.name !== '' || filter.cids.trim() !== '' || filter.meta.some((row) => row.key !== '' || row.value !== '')
}
