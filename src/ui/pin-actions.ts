import type { PinningService, PinStatus } from '../index.ts'

/**
 * Retry is a replace with the same pin, as any API client can do it (`POST /pins/{requestid}` with the
 * same body): a new request, queued, which the engine starts afresh with a new deadline.
 */
export async function retryPin (service: PinningService, status: PinStatus): Promise<PinStatus> {
  return service.pins.replace(status.requestid, status.pin)
}

/** Applies `action` to each pin, one at a time; says how many it did and the first problem, if any. */
export async function forEachPin (
  statuses: PinStatus[],
  action: (status: PinStatus) => Promise<unknown>
): Promise<{ done: number, problem?: string }> {
  let done = 0
  let problem: string | undefined
  for (const status of statuses) {
    try {
      await action(status)
      done++
    } catch (error) {
      // Gone meanwhile (deleted or replaced in another tab): nothing left to do for it.
      if ((error as Error).name === 'PinNotFoundError') continue
      problem ??= error instanceof Error ? error.message : String(error)
    }
  }
  return problem === undefined ? { done } : { done, problem }
}
