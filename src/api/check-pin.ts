import { multiaddr } from '@multiformats/multiaddr'
import { MAX_ORIGINS } from './limits.ts'
import { cidFault, metaProblems, nameFault } from './value-checks.ts'
import { clip, describe } from './values.ts'
import type { Problem } from '../problem.ts'
import type { Pin } from '../service/types.ts'

/** A Pin as a caller gave it: any field may hold anything, until checked. */
export type UncheckedPin = { [Field in keyof Pin]?: unknown }

/**
 * What is wrong with the fields of a Pin, by the API's rules (`POST /pins` refuses the same, in the same
 * words): each field on its own, so that a form can show every problem at once. Only the fields given are
 * checked: a form checks what is filled in, and `parsePin` requires the CID.
 */
export function checkPin (pin: UncheckedPin): Problem[] {
  const problems: Problem[] = []
  const cid = pin.cid === undefined ? undefined : cidFault(pin.cid)
  if (cid !== undefined) problems.push({ field: 'cid', message: cid })
  const name = pin.name === undefined ? undefined : nameFault(pin.name)
  if (name !== undefined) problems.push({ field: 'name', message: name })
  if (pin.origins !== undefined) problems.push(...originProblems(pin.origins))
  if (pin.meta !== undefined) problems.push(...metaProblems(pin.meta, 'meta'))
  return problems
}

/** docs/decisions.md, 6: any multiaddr, each once, at most MAX_ORIGINS. */
function originProblems (origins: unknown): Problem[] {
  const field = 'origins'
  if (!Array.isArray(origins)) {
    return [{ field, message: `must be an array of multiaddr strings, not ${describe(origins)}` }]
  }
  const problems: Problem[] = []
  if (origins.length > MAX_ORIGINS) {
    problems.push({ field, message: `has ${origins.length} entries; at most ${MAX_ORIGINS} are allowed` })
  }
  const seen = new Set<string>()
  origins.forEach((origin: unknown, index) => {
    const message = originFault(origin, seen)
    if (message !== undefined) problems.push({ field, index, message })
    if (typeof origin === 'string') seen.add(origin)
  })
  return problems
}

function originFault (origin: unknown, seen: ReadonlySet<string>): string | undefined {
  if (typeof origin !== 'string') return `must be a string, not ${describe(origin)}`
  try {
    multiaddr(origin)
  } catch (error) {
    return `"${clip(origin)}" is not a valid multiaddr: ${(error as Error).message}`
  }
  return seen.has(origin) ? `"${clip(origin)}" is listed twice; origins must be unique` : undefined
}
