import { checkPinQuery } from './check-pin-query.ts'
import { BadRequestError } from './errors.ts'
import { DEFAULT_LIMIT } from './limits.ts'
import { normalizePinQuery } from './normalize-pin-query.ts'
import { parseRfc3339 } from './rfc3339.ts'
import { matchFault } from './value-checks.ts'
import { clip, isPlainObject } from './values.ts'
import { PIN_STATES } from '../service/types.ts'
import type { Problem } from '../problem.ts'
import type { PinQuery, PinState, TextMatch } from '../service/types.ts'

const META_KEY_PARAM = /^meta\[(.*)\]$/s

/**
 * Turns the query string of `GET /pins` into a validated query, applying the defaults of docs/decisions.md.
 * The text is read here; what it says is judged by checkPinQuery, as for any caller of `pins.list`.
 */
export function parseListQuery (params: URLSearchParams): PinQuery {
  const cids = list(params, 'cid')
  const name = single(params, 'name')
  const match = single(params, 'match')
  const before = parseDate(params, 'before')
  const after = parseDate(params, 'after')
  const meta = parseMetaFilter(params)
  // Checked below, with everything else the query says.
  const given = list(params, 'status') as PinState[] | undefined
  const limit = single(params, 'limit')

  const query: PinQuery = {
    // docs/decisions.md, 1: no status means pinned only when nothing else filters, all states otherwise.
    statuses: given ?? (hasAnyFilter(cids, name, before, after, meta) ? [...PIN_STATES] : ['pinned']),
    // Digits only: Number() would also take ' 5', '0x10' or '1e2'.
    limit: limit === undefined ? DEFAULT_LIMIT : /^\d{1,7}$/.test(limit) ? Number(limit) : Number.NaN
  }
  if (cids !== undefined) query.cidKeys = cids
  if (name !== undefined) query.name = { value: name, match: (match ?? 'exact') as TextMatch }
  // before/after are strict: created < before and created > after, with created in whole milliseconds.
  if (before !== undefined) query.before = before.hasSubMs ? before.floorMs + 1 : before.floorMs
  if (after !== undefined) query.after = after.floorMs
  if (meta !== undefined) query.meta = meta

  const problems = checkPinQuery(query)
  // A wrong match is a client's mistake even when no name is given to match.
  const matchProblem = name === undefined && match !== undefined ? matchFault(match) : undefined
  if (matchProblem !== undefined) problems.push({ field: 'match', message: matchProblem })
  const problem = problems[0]
  if (problem !== undefined) throw new BadRequestError(`${parameterName(problem, limit)} ${problem.message}`)
  return normalizePinQuery(query)
}

/** The parameter as the API's messages name it: `The cid filter value`, `The limit "ten"`. */
function parameterName ({ field, index, key }: Problem, limit: string | undefined): string {
  if (field === 'limit') return `The limit "${clip(limit ?? '')}"`
  if (field === 'match' || field === 'before' || field === 'after') return `The ${field} parameter`
  if (index !== undefined) return `The ${field} filter value`
  return `The ${field} filter${key === undefined ? '' : `["${clip(key)}"]`}`
}

function hasAnyFilter (...filters: unknown[]): boolean {
  return filters.some((filter) => filter !== undefined)
}

/** A single-valued parameter; sending it twice is ambiguous and refused. */
function single (params: URLSearchParams, key: string): string | undefined {
  const values = params.getAll(key)
  if (values.length > 1) {
    throw new BadRequestError(`The query parameter "${key}" was given ${values.length} times; give it once`)
  }
  return values[0]
}

/** A comma-separated list (`a,b`), also accepted in exploded form (`x=a&x=b`). */
function list (params: URLSearchParams, key: string): string[] | undefined {
  const values = params.getAll(key)
  if (values.length === 0) return undefined
  const items = values.flatMap((value) => value.split(','))
  if (items.some((item) => item === '')) {
    throw new BadRequestError(`The "${key}" filter has an empty item; separate values with single commas`)
  }
  return items
}

function parseDate (params: URLSearchParams, key: 'before' | 'after') {
  const text = single(params, key)
  if (text === undefined) return undefined
  const instant = parseRfc3339(text)
  if (instant === undefined) {
    throw new BadRequestError(
      `The ${key} parameter "${clip(text)}" is not an RFC 3339 date-time such as 2020-07-27T17:32:28.276Z`
    )
  }
  return instant
}

/**
 * The spec's `meta={"k":"v"}` (URL-encoded JSON) and the JS client's `meta[k]=v`; both AND together.
 * Its values are checked with the rest of the query.
 */
function parseMetaFilter (params: URLSearchParams): Record<string, string> | undefined {
  const json = single(params, 'meta')
  // A null prototype, so that a key named __proto__ is an ordinary key.
  const filter: Record<string, unknown> = Object.create(null)
  if (json !== undefined) Object.assign(filter, parseMetaJson(json))
  let hasBracketForm = false
  for (const [param, value] of params) {
    const key = META_KEY_PARAM.exec(param)?.[1]
    if (key === undefined) continue
    hasBracketForm = true
    if (Object.hasOwn(filter, key) && filter[key] !== value) {
      throw new BadRequestError(`The meta filter gives the key "${clip(key)}" two different values`)
    }
    filter[key] = value
  }
  if (json === undefined && !hasBracketForm) return undefined
  return Object.fromEntries(Object.entries(filter)) as Record<string, string>
}

function parseMetaJson (json: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    throw new BadRequestError(
      `The meta filter "${clip(json)}" is not valid JSON; send a URL-encoded JSON object such as {"app_id":"demo"}`
    )
  }
  if (!isPlainObject(parsed)) throw new BadRequestError('The meta filter must be a JSON object of string values')
  return parsed
}
