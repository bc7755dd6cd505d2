import { MAX_CIDS_PER_QUERY, MAX_LIMIT, MIN_LIMIT } from './limits.ts'
import { cidFault, matchFault, metaProblems, nameFault } from './value-checks.ts'
import { clip } from './values.ts'
import { PIN_STATES } from '../service/types.ts'
import type { Problem } from '../problem.ts'
import type { PinQuery } from '../service/types.ts'

/**
 * What is wrong with a list query, by the API's rules (`GET /pins` refuses the same, in the same words); each
 * problem's field is the query parameter's name (`cid`, `status`, `limit`…). The CIDs may be in any form:
 * `normalizePinQuery` turns a query without problems into the one `pins.list` takes.
 */
export function checkPinQuery (query: PinQuery): Problem[] {
  const problems = [...cidProblems(query.cidKeys)]
  const name = query.name === undefined ? undefined : nameFault(query.name.value)
  if (name !== undefined) problems.push({ field: 'name', message: name })
  const match = query.name === undefined ? undefined : matchFault(query.name.match)
  if (match !== undefined) problems.push({ field: 'match', message: match })
  for (const field of ['before', 'after'] as const) {
    const time = query[field]
    if (time !== undefined && !Number.isSafeInteger(time)) {
      problems.push({ field, message: 'must be a time in whole milliseconds since 1970' })
    }
  }
  if (query.meta !== undefined) problems.push(...metaProblems(query.meta, 'meta'))
  problems.push(...statusProblems(query.statuses))
  if (!(Number.isInteger(query.limit) && query.limit >= MIN_LIMIT && query.limit <= MAX_LIMIT)) {
    problems.push({ field: 'limit', message: `must be a whole number from ${MIN_LIMIT} to ${MAX_LIMIT}` })
  }
  return problems
}

function cidProblems (cids: unknown): Problem[] {
  const field = 'cid'
  if (cids === undefined) return []
  if (!Array.isArray(cids)) return [{ field, message: 'must be a list of CIDs' }]
  const problems: Problem[] = []
  if (cids.length > MAX_CIDS_PER_QUERY) {
    problems.push({ field, message: `has ${cids.length} CIDs; at most ${MAX_CIDS_PER_QUERY} are allowed` })
  }
  cids.forEach((cid: unknown, index) => {
    const message = cidFault(cid)
    if (message !== undefined) problems.push({ field, index, message })
  })
  return problems
}

function statusProblems (statuses: unknown): Problem[] {
  const field = 'status'
  const states = PIN_STATES.join(', ')
  if (!Array.isArray(statuses)) return [{ field, message: `must be a list of states: ${states}` }]
  if (statuses.length === 0) return [{ field, message: `names no state; give at least one of ${states}` }]
  const problems: Problem[] = []
  statuses.forEach((status: unknown, index) => {
    if (!(PIN_STATES as readonly unknown[]).includes(status)) {
      problems.push({ field, index, message: `"${clip(String(status))}" is not one of ${states}` })
    }
  })
  return problems
}
