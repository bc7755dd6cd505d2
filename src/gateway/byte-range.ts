import { BadGatewayRequestError, RangeNotSatisfiableError } from './errors.ts'

/** A byte range of content of known size: `start` inclusive, `end` exclusive. */
export interface ByteRange {
  start: number
  end: number
}

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/

/**
 * The `Range` header (RFC 9110, section 14): one range of bytes, or undefined to send the whole content (no
 * header, a syntax this gateway does not use, or several ranges, which a server may answer in full).
 * A range that starts past the end is 416.
 */
export function parseRange (header: string | null, size: number): ByteRange | undefined {
  if (header === null) return undefined
  const match = SINGLE_RANGE.exec(header.trim().replace(/\s+/g, ''))
  if (match === null) return undefined
  const [, first = '', last = ''] = match
  if (first === '' && last === '') return undefined
  if (first === '') {
    const suffix = Number(last)
    if (suffix === 0) throw new RangeNotSatisfiableError(size)
    return { start: Math.max(0, size - suffix), end: size }
  }
  const start = Number(first)
  const end = last === '' ? size : Math.min(size, Number(last) + 1)
  if (last !== '' && Number(last) < start) return undefined
  if (start >= size) throw new RangeNotSatisfiableError(size)
  return { start, end }
}

/**
 * `entity-bytes=from:to` (trustless gateway spec): inclusive offsets, `*` for the end, negatives counted from
 * the end. Clipped to the entity; 400 when it starts past the entity's end; undefined for an empty range (only
 * the root block is then sent, from which a client learns the size).
 */
export function parseEntityBytes (value: string, size: number): ByteRange | undefined {
  const match = /^(-?\d+):(-?\d+|\*)$/.exec(value)
  if (match === null) {
    throw new BadGatewayRequestError(
      `entity-bytes="${
        value.slice(0, 50)
      }" must be from:to, with whole numbers (negative from the end) or * for the end`
    )
  }
  const at = (text: string) => {
    const offset = Number(text)
    return offset < 0 ? size + offset : offset
  }
  const start = Math.max(0, at(match[1] as string))
  if (start >= size && size > 0) {
    throw new BadGatewayRequestError(`entity-bytes=${value} starts past the end of the entity (${size} bytes)`)
  }
  const end = match[2] === '*' ? size : Math.min(size, at(match[2] as string) + 1)
  return start < end ? { start, end } : undefined
}
