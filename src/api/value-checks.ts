/** Checks of the values a Pin and the list query share, so that both refuse alike and in the same words. */
import { MAX_META_ENTRIES, MAX_NAME_LENGTH } from './limits.ts'
import { clip, describe, isPlainObject } from './values.ts'
import { parseCid } from '../service/cid-key.ts'
import { TEXT_MATCHES } from '../service/types.ts'
import type { Problem } from '../problem.ts'

/** What is wrong with a CID (in any multibase), worded to follow the field's name; undefined when nothing. */
export function cidFault (cid: unknown): string | undefined {
  if (typeof cid !== 'string') return `must be a string, not ${describe(cid)}`
  try {
    parseCid(cid)
    return undefined
  } catch (error) {
    return `"${clip(cid)}" is not a valid CID: ${(error as Error).message}`
  }
}

/** What is wrong with a name (a pin's, or the name filter), worded to follow the field's name. */
export function nameFault (name: unknown): string | undefined {
  if (typeof name !== 'string') return `must be a string, not ${describe(name)}`
  // Characters as people count them: an emoji is one, not two UTF-16 units.
  const length = [...name].length
  return length > MAX_NAME_LENGTH ? `is ${length} characters long; at most ${MAX_NAME_LENGTH} are allowed` : undefined
}

/** What is wrong with a name filter's matching strategy; checked even without a name, as a client's mistake. */
export function matchFault (match: unknown): string | undefined {
  if ((TEXT_MATCHES as readonly unknown[]).includes(match)) return undefined
  return `"${clip(String(match))}" is not one of ${TEXT_MATCHES.join(', ')}`
}

/** What is wrong with a string-to-string map (Pin.meta, or the list query's meta filter) named `field`. */
export function metaProblems (meta: unknown, field: string): Problem[] {
  if (!isPlainObject(meta)) return [{ field, message: `must be an object of string values, not ${describe(meta)}` }]
  const entries = Object.entries(meta)
  const problems: Problem[] = []
  if (entries.length > MAX_META_ENTRIES) {
    problems.push({ field, message: `has ${entries.length} entries; at most ${MAX_META_ENTRIES} are allowed` })
  }
  for (const [key, value] of entries) {
    if (typeof value !== 'string') problems.push({ field, key, message: `must be a string, not ${describe(value)}` })
  }
  return problems
}
