/** Helpers for checking what a caller sent, and for quoting it in a message. */

export function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** What a value is, for "must be a string, not a number". */
export function describe (value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}

/** Keeps error details readable when the offending input is huge. */
export function clip (text: string, max = 100): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}
