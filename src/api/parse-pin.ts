import { multiaddr } from '@multiformats/multiaddr'
import { BadRequestError } from './errors.ts'
import { MAX_META_ENTRIES, MAX_NAME_LENGTH, MAX_ORIGINS } from './limits.ts'
import { parseCid } from '../service/cid-key.ts'
import type { Pin } from '../service/types.ts'

/** Validates a parsed JSON body as the spec's `Pin` object. Unknown properties are ignored. */
export function parsePin (body: unknown): Pin {
  if (!isPlainObject(body)) throw new BadRequestError(`The request body must be a JSON object (a Pin), not ${describe(body)}`)

  const { cid, name, origins, meta } = body
  if (cid === undefined) throw new BadRequestError('Pin.cid is required')
  if (typeof cid !== 'string') throw new BadRequestError(`Pin.cid must be a string, not ${describe(cid)}`)
  checkCid(cid, 'Pin.cid')

  const pin: Pin = { cid }
  if (name !== undefined) pin.name = parseName(name, 'Pin.name')
  if (origins !== undefined) pin.origins = parseOrigins(origins)
  if (meta !== undefined) pin.meta = parseMeta(meta, 'Pin.meta')
  return pin
}

export function checkCid (text: string, field: string): void {
  try {
    parseCid(text)
  } catch (error) {
    throw new BadRequestError(`${field} "${clip(text)}" is not a valid CID: ${(error as Error).message}`)
  }
}

export function parseName (name: unknown, field: string): string {
  if (typeof name !== 'string') throw new BadRequestError(`${field} must be a string, not ${describe(name)}`)
  const length = [...name].length
  if (length > MAX_NAME_LENGTH) {
    throw new BadRequestError(`${field} is ${length} characters long; at most ${MAX_NAME_LENGTH} are allowed`)
  }
  return name
}

function parseOrigins (origins: unknown): string[] {
  if (!Array.isArray(origins)) throw new BadRequestError(`Pin.origins must be an array of multiaddr strings, not ${describe(origins)}`)
  if (origins.length > MAX_ORIGINS) {
    throw new BadRequestError(`Pin.origins has ${origins.length} entries; at most ${MAX_ORIGINS} are allowed`)
  }
  const seen = new Set<string>()
  origins.forEach((origin: unknown, i) => {
    if (typeof origin !== 'string') throw new BadRequestError(`Pin.origins[${i}] must be a string, not ${describe(origin)}`)
    try {
      multiaddr(origin)
    } catch (error) {
      throw new BadRequestError(`Pin.origins[${i}] "${clip(origin)}" is not a valid multiaddr: ${(error as Error).message}`)
    }
    if (seen.has(origin)) throw new BadRequestError(`Pin.origins[${i}] "${clip(origin)}" is listed twice; origins must be unique`)
    seen.add(origin)
  })
  return origins as string[]
}

/** Validates a string-to-string map (Pin.meta, or the list query's meta filter). */
export function parseMeta (meta: unknown, field: string): Record<string, string> {
  if (!isPlainObject(meta)) throw new BadRequestError(`${field} must be an object of string values, not ${describe(meta)}`)
  const entries = Object.entries(meta)
  if (entries.length > MAX_META_ENTRIES) {
    throw new BadRequestError(`${field} has ${entries.length} entries; at most ${MAX_META_ENTRIES} are allowed`)
  }
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw new BadRequestError(`${field}["${clip(key)}"] must be a string, not ${describe(value)}`)
  }
  return Object.fromEntries(entries) as Record<string, string>
}

export function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}

/** Keeps error details readable when the offending input is huge. */
export function clip (text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}
