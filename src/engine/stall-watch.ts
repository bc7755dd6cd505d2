/** An attempt that went too long without a block. */
export class StalledError extends Error {
  override name = 'StalledError'
}

/** An attempt in which every source failed: waiting longer would only repeat the same requests. */
export class NothingLeftError extends Error {
  override name = 'NothingLeftError'
}

/** How long an attempt goes on once every source has failed: requests in flight may still land. */
export const NOTHING_LEFT_GRACE_MS = 1000

export interface StallWatch {
  /** Aborts with StalledError, or NothingLeftError when `nothingLeft()` said so. */
  readonly signal: AbortSignal
  /** A block arrived. */
  touch(): void
  /** Something changed that may mean nothing is left to ask (a source failed, another answered). */
  check(): void
  stop(): void
}

/**
 * An abort signal for one attempt: it fires once no block has arrived for `stallMs`, or for only
 * `NOTHING_LEFT_GRACE_MS` while `nothingLeft()` holds (Helia would otherwise ask the same failed sources again
 * in a tight loop until the stall). Blocks arriving keep it quiet either way: local blocks need no source.
 */
export function stallWatch (stallMs: number, nothingLeft: () => boolean): StallWatch {
  const controller = new AbortController()
  let lastBlock = Date.now()
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  const grace = Math.min(NOTHING_LEFT_GRACE_MS, stallMs)
  const arm = () => {
    clearTimeout(timer)
    if (stopped) return
    const limit = nothingLeft() ? grace : stallMs
    timer = setTimeout(fire, Math.max(0, lastBlock + limit - Date.now()))
  }
  const fire = () => {
    const quiet = Date.now() - lastBlock
    if (nothingLeft() && quiet >= grace) controller.abort(new NothingLeftError('every source failed'))
    else if (quiet >= stallMs) {
      controller.abort(new StalledError(`no block arrived for ${Math.round(stallMs / 1000)} s`))
    } else arm()
  }
  arm()
  return {
    signal: controller.signal,
    touch () {
      lastBlock = Date.now()
      arm()
    },
    check: arm,
    stop () {
      stopped = true
      clearTimeout(timer)
    }
  }
}
