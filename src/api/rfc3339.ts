/**
 * RFC 3339 (section 5.6) date-time parsing with 0-9 fractional digits and any offset.
 * `Date.parse` is too lenient (it accepts many non-RFC forms) and rounds away sub-millisecond digits,
 * which would make `before`/`after` pagination inexact, so the bounds are computed from the parts.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/

export interface Instant {
  /** Whole milliseconds since the epoch, rounded down. */
  floorMs: number
  /** True when the instant lies strictly between `floorMs` and `floorMs + 1`. */
  hasSubMs: boolean
}

/** Returns the instant, or undefined when the text is not an RFC 3339 date-time. */
export function parseRfc3339 (text: string): Instant | undefined {
  const m = DATE_TIME.exec(text)
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number
  ]
  const fraction = (m[7] ?? '').padEnd(9, '0')
  const offsetSign = m[9] === '-' ? -1 : 1
  const offsetHours = m[8] === undefined ? Number(m[10]) : 0
  const offsetMinutes = m[8] === undefined ? Number(m[11]) : 0

  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  // second 60 is a leap second, which RFC 3339 allows.
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) return undefined

  // Date.UTC maps years 0-99 to 1900-1999, so set the full year explicitly.
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  date.setUTCHours(hour, minute, second, 0)
  const utc = date.getTime()
  const offsetMs = offsetSign * (offsetHours * 60 + offsetMinutes) * 60_000
  const floorMs = utc - offsetMs + Number(fraction.slice(0, 3))
  if (!Number.isFinite(floorMs) || Math.abs(floorMs) > 8.64e15) return undefined
  return { floorMs, hasSubMs: Number(fraction.slice(3)) > 0 }
}

function daysInMonth (year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

function isLeapYear (year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}
