/**
 * Each remote service's status of a pin is kept in the pin's `info` as `remote:<label>` (a sentence), so any
 * API client sees it. The engine's own status writes replace `info` whole: these keys are carried over.
 */
export const REMOTE_INFO_PREFIX = 'remote:'

export function remoteInfoKey (label: string): string {
  return `${REMOTE_INFO_PREFIX}${label}`
}

export function isRemoteInfoKey (key: string): boolean {
  return key.startsWith(REMOTE_INFO_PREFIX)
}

/** `next`, plus the remote status keys of `previous` that `next` does not set. */
export function keepRemoteInfo (
  previous: Record<string, string>,
  next: Record<string, string>
): Record<string, string> {
  const kept = Object.entries(previous).filter(([key]) => isRemoteInfoKey(key) && !Object.hasOwn(next, key))
  return kept.length === 0 ? next : { ...next, ...Object.fromEntries(kept) }
}
