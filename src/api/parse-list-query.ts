import { BadRequestError } from './errors.ts'
import { DEFAULT_LIMIT, MAX_CIDS_PER_QUERY, MAX_LIMIT, MIN_LIMIT } from './limits.ts'
import { metaProblems, nameFault } from './value-checks.ts'
import { clip, isPlainObject } from './values.ts'
import { parseRfc3339 } from './rfc3339.ts'
import { cidKey, parseCid } from '../service/cid-key.ts'
import { PIN_STATES, TEXT_MATCHES } from '../service/types.ts'
import type { PinQuery, PinState, TextMatch } from '../service/types.ts'

const META_KEY_PARAM = /^meta\[(.*)\]$/s

/** Turns the query string of `GET /pins` into a validated query, applying the defaults of docs/decisions.md. */
export function parseListQuery (params: URLSearchParams): PinQuery {
  const cidKeys = parseCids(params)
  const name = single(params, 'name')
  const match = parseMatch(single(params, 'match'))
  const before = parseDate(params, 'before')
  const after = parseDate(params, 'after')
  const meta = parseMetaFilter(params)
  const given = parseStatuses(params)

  const query: PinQuery = {
    // docs/decisions.md, 1: no status means pinned only when nothing else filters, all states otherwise.
    statuses: given ?? (hasAnyFilter(cidKeys, name, before, after, meta) ? [...PIN_STATES] : ['pinned']),
    limit: parseLimit(single(params, 'limit'))
  }
  if (cidKeys !== undefined) query.cidKeys = cidKeys
  if (name !== undefined) query.name = { value: parseName(name, 'The name filter'), match }
  // before/after are strict: created < before and created > after, with created in whole milliseconds.
  if (before !== undefined) query.before = before.hasSubMs ? before.floorMs + 1 : before.floorMs
  if (after !== undefined) query.after = after.floorMs
  if (meta !== undefined) query.meta = meta
  return query
}

function parseName (name: string, field: string): string {
  const fault = nameFault(name)
  if (fault !== undefined) throw new BadRequestError(`${field} ${fault}`)
  return name
}

function parseMeta (meta: unknown, field: string): Record<string, string> {
  const problem = metaProblems(meta, field)[0]
  if (problem !== undefined) {
    throw new BadRequestError(`${field}${problem.key === undefined ? '' : `["${clip(problem.key)}"]`} ${problem.message}`)
  }
  return Object.fromEntries(Object.entries(meta as Record<string, string>))
}

function hasAnyFilter (...filters: unknown[]): boolean {
  return filters.some((filter) => filter !== undefined)
}

/** A single-valued parameter; sending it twice is ambiguous and refused. */
function single (params: URLSearchParams, key: string): string | undefined {
  const values = params.getAll(key)
  if (values.length > 1) throw new BadRequestError(`The query parameter "${key}" was given ${values.length} times; give it once`)
  return values[0]
}

/** A comma-separated list (`a,b`), also accepted in exploded form (`x=a&x=b`). */
function list (params: URLSearchParams, key: string): string[] | undefined {
  const values = params.getAll(key)
  if (values.length === 0) return undefined
  const items = values.flatMap((value) => value.split(','))
  if (items.some((item) => item === '')) throw new BadRequestError(`The "${key}" filter has an empty item; separate values with single commas`)
  return items
}

function parseCids (params: URLSearchParams): string[] | undefined {
  const cids = list(params, 'cid')
  if (cids === undefined) return undefined
  if (cids.length > MAX_CIDS_PER_QUERY) {
    throw new BadRequestError(`The cid filter has ${cids.length} CIDs; at most ${MAX_CIDS_PER_QUERY} are allowed`)
  }
  const keys = cids.map((cid) => {
    try {
      return cidKey(parseCid(cid))
    } catch (error) {
      throw new BadRequestError(`The cid filter value "${clip(cid)}" is not a valid CID: ${(error as Error).message}`)
    }
  })
  return [...new Set(keys)]
}

function parseStatuses (params: URLSearchParams): PinState[] | undefined {
  const statuses = list(params, 'status')
  if (statuses === undefined) return undefined
  for (const status of statuses) {
    if (!(PIN_STATES as readonly string[]).includes(status)) {
      throw new BadRequestError(`The status filter value "${clip(status)}" is not one of ${PIN_STATES.join(', ')}`)
    }
  }
  return [...new Set(statuses as PinState[])]
}

function parseMatch (match: string | undefined): TextMatch {
  if (match === undefined) return 'exact'
  if (!(TEXT_MATCHES as readonly string[]).includes(match)) {
    throw new BadRequestError(`The match parameter "${clip(match)}" is not one of ${TEXT_MATCHES.join(', ')}`)
  }
  return match as TextMatch
}

function parseLimit (limit: string | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT
  const value = /^\d{1,7}$/.test(limit) ? Number(limit) : Number.NaN
  if (!(value >= MIN_LIMIT && value <= MAX_LIMIT)) {
    throw new BadRequestError(`The limit "${clip(limit)}" must be a whole number from ${MIN_LIMIT} to ${MAX_LIMIT}`)
  }
  return value
}

function parseDate (params: URLSearchParams, key: 'before' | 'after') {
  const text = single(params, key)
  if (text === undefined) return undefined
  const instant = parseRfc3339(text)
  if (instant === undefined) {
    throw new BadRequestError(`The ${key} parameter "${clip(text)}" is not an RFC 3339 date-time such as 2020-07-27T17:32:28.276Z`)
  }
  return instant
}

/** The spec's `meta={"k":"v"}` (URL-encoded JSON) and the JS client's `meta[k]=v`; both AND together. */
function parseMetaFilter (params: URLSearchParams): Record<string, string> | undefined {
  const json = single(params, 'meta')
  // A null prototype, so that a key named __proto__ is an ordinary key.
  const filter: Record<string, string> = Object.assign(Object.create(null), json === undefined ? {} : parseMetaJson(json))
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
  return json === undefined && !hasBracketForm ? undefined : parseMeta(filter, 'The meta filter')
}

function parseMetaJson (json: string): Record<string, string> {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    throw new BadRequestError(`The meta filter "${clip(json)}" is not valid JSON; send a URL-encoded JSON object such as {"app_id":"demo"}`)
  }
  if (!isPlainObject(parsed)) throw new BadRequestError('The meta filter must be a JSON object of string values')
  return parseMeta(parsed, 'The meta filter')
}
