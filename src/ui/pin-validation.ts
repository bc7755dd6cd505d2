import { DEFAULT_MAX_BODY_BYTES, MAX_NAME_LENGTH, checkPin } from '../index.ts'
import { readCidInput } from './cid-input.ts'
import { formatBytes } from './format.ts'
import type { CidInput } from './cid-input.ts'
import type { Pin, Problem } from '../index.ts'

/** What the add and replace forms hold: text as typed, rows as shown. */
export interface PinFields {
  cid: string
  name: string
  origins: string[]
  meta: MetaRow[]
}

export interface MetaRow {
  key: string
  value: string
}

export type PinFieldErrors = Partial<Record<'cid' | 'name' | 'origins' | 'meta' | 'size', string>>

/** A checked form: the pin when every field is fine, a reason per field otherwise, and how the CID was read. */
export interface CheckedPin {
  pin?: Pin
  errors: PinFieldErrors
  cid: CidInput
}

/**
 * Checks each field with the API's own checks (same limits, same words), so the form refuses what
 * `POST /pins` would refuse. The CID field also takes links to a CID (see cid-input.ts): the pin gets the CID.
 */
export function checkPinFields (fields: PinFields): CheckedPin {
  const errors: PinFieldErrors = {}
  const read = readCidInput(fields.cid)
  const pin: Pin = { cid: read.ok ? read.cid : fields.cid.trim() }
  if (!read.ok) errors.cid = read.problem

  if (fields.name !== '') {
    pin.name = fields.name
  } else if (read.ok && read.path !== '') {
    // A link into a DAG: the whole DAG is pinned; the path the person meant names it.
    pin.name = [...pathName(read.path)].slice(0, MAX_NAME_LENGTH).join('')
  }
  const origins = fields.origins.map((origin) => origin.trim()).filter((origin) => origin !== '')
  if (origins.length > 0) pin.origins = origins
  const meta = metaObject(fields.meta)
  if (typeof meta === 'string') errors.meta = meta
  else if (meta !== undefined) pin.meta = Object.fromEntries(Object.entries(meta))

  // The CID was checked as read above, in words that know about links.
  for (const problem of checkPin({ name: pin.name, origins: pin.origins, meta: pin.meta })) {
    const field = FORM_FIELDS.find((name) => name === problem.field)
    if (field !== undefined) errors[field] ??= `${labelOf(problem)} ${problem.message}`
  }

  if (Object.keys(errors).length > 0) return { errors, cid: read }
  if (new TextEncoder().encode(JSON.stringify(pin)).length > DEFAULT_MAX_BODY_BYTES) {
    const limit = formatBytes(DEFAULT_MAX_BODY_BYTES)
    const size = `This pin is larger than the API takes (${limit} as JSON): shorten its meta.`
    return { errors: { size }, cid: read }
  }
  return { pin, errors: {}, cid: read }
}

const FORM_FIELDS = ['name', 'origins', 'meta'] as const

/** A field as the form names it: the origins by their line among those filled in, counted from 1. */
function labelOf ({ field, index, key }: Problem): string {
  if (field === 'origins') return index === undefined ? 'The origins list' : `Origin ${index + 1}`
  if (field === 'meta') return key === undefined ? 'Meta' : `Meta "${key}"`
  return 'The name'
}

/** Meta rows as an object; a message when a row is half-filled or a key repeats. Blank rows are skipped. */
export function metaObject (rows: MetaRow[]): Record<string, string> | string | undefined {
  const filled = rows.filter((row) => row.key !== '' || row.value !== '')
  if (filled.length === 0) return undefined
  // A null prototype, so that a key named __proto__ is an ordinary key.
  const meta: Record<string, string> = Object.create(null)
  for (const [i, row] of filled.entries()) {
    if (row.key === '') return `Meta row ${i + 1} has a value but no key.`
    if (Object.hasOwn(meta, row.key)) return `The meta key "${row.key}" is given twice; keys must be unique.`
    meta[row.key] = row.value
  }
  return meta
}

/** The name a link's path gives a pin: the path without its leading slash (`docs/report.pdf`). */
export function pathName (path: string): string {
  return path.replace(/^\/+/, '')
}
