import { checkPin } from './check-pin.ts'
import { BadRequestError } from './errors.ts'
import { clip, describe, isPlainObject } from './values.ts'
import type { Problem } from '../problem.ts'
import type { Pin } from '../service/types.ts'

/** Validates a parsed JSON body as the spec's `Pin` object. Unknown properties are ignored. */
export function parsePin (body: unknown): Pin {
  if (!isPlainObject(body)) {
    throw new BadRequestError(`The request body must be a JSON object (a Pin), not ${describe(body)}`)
  }

  const { cid, name, origins, meta } = body
  if (cid === undefined) throw new BadRequestError('Pin.cid is required')
  const problem = checkPin({ cid, name, origins, meta })[0]
  if (problem !== undefined) throw new BadRequestError(`${pinFieldName(problem)} ${problem.message}`)

  // Checked above: each field is what a Pin holds.
  const pin: Pin = { cid: cid as string }
  if (name !== undefined) pin.name = name as string
  if (origins !== undefined) pin.origins = origins as string[]
  if (meta !== undefined) pin.meta = Object.fromEntries(Object.entries(meta as Record<string, string>))
  return pin
}

/** The field as the spec's schema names it: `Pin.origins[2]`, `Pin.meta["app"]`. */
function pinFieldName ({ field, index, key }: Problem): string {
  return `Pin.${field}${index === undefined ? '' : `[${index}]`}${key === undefined ? '' : `["${clip(key)}"]`}`
}
