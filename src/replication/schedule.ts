/** When replication asks a remote again: backoff after failures, and how often a remote pin's status is checked. */
import type { PinState } from '../service/types.ts'

/** After the n-th failure in a row (1-based) the whole remote waits this long; then the last step, forever. */
export const REMOTE_BACKOFF_MS = [1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000]
/** A replica's own trouble (an upload refused, a 4XX): tried again after these, then the last step. */
export const REPLICA_BACKOFF_MS = [30_000, 120_000, 600_000, 3_600_000]
/** A refused pin (4XX) is tried again after this: the service's limits or the pin itself may change. */
export const REFUSED_RETRY_MS = 3_600_000
/** A replica waiting for this node to hold the content before its upload looks again after this. */
export const LOCAL_WAIT_MS = 5000
/** Pinned or failed remote pins are checked this often: still there, still the same. */
export const SETTLED_CHECK_MS = 3_600_000

export function remoteBackoff (failures: number): number {
  return REMOTE_BACKOFF_MS[Math.min(Math.max(failures, 1), REMOTE_BACKOFF_MS.length) - 1] as number
}

export function replicaBackoff (attempts: number): number {
  return REPLICA_BACKOFF_MS[Math.min(Math.max(attempts, 1), REPLICA_BACKOFF_MS.length) - 1] as number
}

/**
 * The next status check of a remote pin: often while it is new and working (the remote may pin in seconds),
 * less and less often as it stays queued or pinning, rarely once it settled.
 */
export function nextCheckIn (status: PinState, inStatusForMs: number): number {
  if (status === 'pinned' || status === 'failed') return SETTLED_CHECK_MS
  if (inStatusForMs < 10_000) return 1000
  if (inStatusForMs < 60_000) return 5000
  if (inStatusForMs < 600_000) return 30_000
  return 120_000
}
