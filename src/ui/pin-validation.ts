import { PayloadTooLargeError } from '../api/errors.ts'
import { DEFAULT_MAX_BODY_BYTES, MAX_NAME_LENGTH } from '../api/limits.ts'
import { parseMeta, parseName, parsePin } from '../api/parse-pin.ts'
import { readCidInput } from './cid-input.ts'
import type { CidInput } from './cid-input.ts'
import type { Pin } from '../index.ts'

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

/** Any valid CID: lets the API's own Pin check judge the origins alone. */
const PLACEHOLDER_CID = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

/** A checked form: the pin when every field is fine, a reason per field otherwise, and how the CID was read. */
export interface CheckedPin {
  pin?: Pin
  errors: PinFieldErrors
  cid: CidInput
}

/**
 * Checks each field with the API's own validators (same limits, same words), so the form refuses what
 * `POST /pins` would refuse. The CID field also takes links to a CID (see cid-input.ts): the pin gets the CID.
 */
export function checkPinFields (fields: PinFields): CheckedPin {
  const errors: Partial<Record<keyof PinFieldErrors, string | undefined>> = {}
  const read = readCidInput(fields.cid)
  const pin: Pin = { cid: read.ok ? read.cid : fields.cid.trim() }
  if (!read.ok) errors.cid = read.problem

  if (fields.name !== '') {
    errors.name = problem(() => { pin.name = parseName(fields.name, 'The name') })
  } else if (read.ok && read.path !== '') {
    // A link into a DAG: the whole DAG is pinned; the path the person meant names it.
    pin.name = [...pathName(read.path)].slice(0, MAX_NAME_LENGTH).join('')
  }

  const origins = fields.origins.map((origin) => origin.trim()).filter((origin) => origin !== '')
  if (origins.length > 0) {
    errors.origins = problem(() => { pin.origins = parsePin({ cid: PLACEHOLDER_CID, origins }).origins ?? [] })
      ?.replace(/Pin\.origins\[(\d+)\]/g, (_, i: string) => `Origin ${Number(i) + 1}`)
      .replace('Pin.origins', 'The origins list')
  }

  const meta = metaObject(fields.meta)
  if (typeof meta === 'string') errors.meta = meta
  else if (meta !== undefined) errors.meta = problem(() => { pin.meta = parseMeta(meta, 'Meta') })

  const clean = Object.fromEntries(Object.entries(errors).filter(([, message]) => message !== undefined)) as PinFieldErrors
  if (Object.keys(clean).length > 0) return { errors: clean, cid: read }
  if (new TextEncoder().encode(JSON.stringify(pin)).length > DEFAULT_MAX_BODY_BYTES) {
    return { errors: { size: new PayloadTooLargeError(DEFAULT_MAX_BODY_BYTES).message }, cid: read }
  }
  return { pin, errors: {}, cid: read }
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

function problem (check: () => void): string | undefined {
  try {
    check()
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}
