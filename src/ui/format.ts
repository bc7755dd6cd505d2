/** Display helpers shared by the views; pure, so every view words numbers and times alike. */

const integers = new Intl.NumberFormat('en')

export function formatCount (value: number): string {
  return integers.format(value)
}

export { formatBytes } from '../index.ts'

/** A number from a pin's `info` map (the engine writes them as decimal strings), or undefined. */
export function infoNumber (info: Record<string, string>, key: string): number | undefined {
  const text = info[key]
  if (text === undefined || !/^\d+$/.test(text)) return undefined
  return Number(text)
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' })
const STEPS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity]
]

/** "5 min. ago", "yesterday": how long ago `iso` was, as of `now`. */
export function formatAge (iso: string, now = Date.now()): string {
  let value = (Date.parse(iso) - now) / 1000
  if (Math.abs(value) < 5) return 'just now'
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return relative.format(Math.round(value), unit)
    value /= size
  }
  return relative.format(Math.round(value), 'year')
}

const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' })

export function formatDate (iso: string): string {
  const time = Date.parse(iso)
  return Number.isNaN(time) ? iso : dateTime.format(time)
}

/** Keeps both ends of a long identifier (a CID, a peer id) readable in a narrow column. */
export function shortenMiddle (text: string, keep = 8): string {
  return text.length <= keep * 2 + 1 ? text : `${text.slice(0, keep)}…${text.slice(-keep)}`
}

/** The message of anything thrown, for showing to a person. */
export function messageOf (error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** "45 s", "9 min 41 s", "1 h 5 min": a time left, as a person says it. */
export function formatTimeLeft (ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

/** A time from a pin's `info` (the engine writes ISO 8601), or undefined. */
export function infoTime (info: Record<string, string>, key: string): number | undefined {
  const text = info[key]
  const time = text === undefined ? Number.NaN : Date.parse(text)
  return Number.isNaN(time) ? undefined : time
}
