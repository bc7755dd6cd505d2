import { PayloadTooLargeError } from '../api/errors.ts'
import { DEFAULT_MAX_BODY_BYTES } from '../api/limits.ts'
import { checkCid, parseMeta, parseName, parsePin } from '../api/parse-pin.ts'
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

/**
 * Checks each field with the API's own validators (same limits, same words), so the form refuses exactly
 * what `POST /pins` would refuse. Returns the pin when every field is fine.
 */
export function checkPinFields (fields: PinFields): { pin?: Pin, errors: PinFieldErrors } {
  const errors: Partial<Record<keyof PinFieldErrors, string | undefined>> = {}
  const cid = fields.cid.trim()
  const pin: Pin = { cid }
  if (cid === '') errors.cid = 'Enter the CID of the content to pin.'
  else errors.cid = problem(() => { checkCid(cid, 'The CID') })

  if (fields.name !== '') {
    errors.name = problem(() => { pin.name = parseName(fields.name, 'The name') })
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
  if (Object.keys(clean).length > 0) return { errors: clean }
  if (new TextEncoder().encode(JSON.stringify(pin)).length > DEFAULT_MAX_BODY_BYTES) {
    return { errors: { size: new PayloadTooLargeError(DEFAULT_MAX_BODY_BYTES).message } }
  }
  return { pin, errors: {} }
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

function problem (check: () => void): string | undefined {
  try {
    check()
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}
