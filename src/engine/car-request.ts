import { CAR_ACCEPT, carUrl, readCarAnswer } from './car-answer.ts'
import { readCarInto } from './car-into-store.ts'
import type { CarAnswer } from './car-answer.ts'
import type { CarOutcome, CarRun } from './car-into-store.ts'
import type { CID } from 'multiformats/cid'

/** A stream that brings no block for this long is dropped (a slow or stuck gateway); the rest is asked elsewhere. */
export const CAR_IDLE_MS = 10_000

/** What the fetcher tells the pin's source report (see source-report.ts). */
export interface CarListener {
  /** The job asks for this CID now: requests for it are this pin's. */
  want(cid: CID): void
  unwant(cid: CID): void
  /** A gateway sent a block that verified, or one that did not. */
  streamed(gateway: string, valid: boolean): void
}

/** How one request for a CAR ended; `stalled` when no block came for CAR_IDLE_MS and it was dropped. */
export type CarRequestOutcome = (CarOutcome | Exclude<CarAnswer, { is: 'car' }>) & { stalled?: true }

export interface CarRequestInit {
  run: CarRun
  signal: AbortSignal
  listener: CarListener
}

/**
 * Asks one gateway for the CAR of `target` and stores what it streams (see car-into-store.ts). Never rejects for
 * what the gateway does; rejects only when `signal` aborts, with its reason.
 */
export async function requestCar (
  gateway: string,
  target: CID,
  { run, signal, listener }: CarRequestInit
): Promise<CarRequestOutcome> {
  const idle = idleWatch(CAR_IDLE_MS)
  listener.want(target)
  try {
    let response: Response
    try {
      response = await fetch(carUrl(gateway, target), {
        signal: AbortSignal.any([signal, idle.signal]),
        headers: { Accept: CAR_ACCEPT },
        // The blocks are kept in IndexedDB: a copy of a whole DAG in the HTTP cache would only take room.
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer'
      })
    } catch {
      signal.throwIfAborted()
      return { is: 'failed', status: 0 }
    }
    const answer = readCarAnswer(response)
    if (answer.is !== 'car') {
      response.body?.cancel().catch(() => {})
      return answer
    }
    const outcome = await readCarInto(answer.body, {
      target,
      dfs: answer.dfs,
      run,
      onBlock () {
        idle.touch()
        listener.streamed(gateway, true)
      }
    })
    // A stream cut by the caller's own abort is not the gateway's doing.
    signal.throwIfAborted()
    return idle.signal.aborted ? { ...outcome, stalled: true } : outcome
  } finally {
    idle.stop()
    listener.unwant(target)
  }
}

/** An abort signal that fires once `ms` pass without a `touch()`. */
function idleWatch (ms: number): { signal: AbortSignal, touch(): void, stop(): void } {
  const controller = new AbortController()
  const start = () =>
    setTimeout(() => {
      controller.abort(new Error(`no block for ${ms / 1000} s`))
    }, ms)
  let timer = start()
  return {
    signal: controller.signal,
    touch () {
      clearTimeout(timer)
      timer = start()
    },
    stop () {
      clearTimeout(timer)
    }
  }
}
