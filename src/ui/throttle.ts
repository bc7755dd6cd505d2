/**
 * Live re-queries without overload: a requested run starts no sooner than `intervalMs` after the last one
 * began, and never while one is running. A slow run (an unindexed filter over many pins) stretches the gap
 * to twice its own duration, so live updates never keep the page busy more than half the time.
 */
export interface Throttle {
  /** Asks for a run (after a change notice): now if the last one was long enough ago, else later. */
  request(): void
  /**
   * Runs at once, even while an older run is still going (the person changed what is shown and must not
   * wait for a stale query). The caller drops results of runs that were overtaken.
   */
  now(): Promise<void>
  cancel(): void
}

export function createThrottle (run: () => Promise<void>, intervalMs: number): Throttle {
  let lastStart = -Infinity
  let lastDuration = 0
  let active = 0
  let pending = false
  let cancelled = false
  let timer: ReturnType<typeof setTimeout> | undefined

  const start = async (): Promise<void> => {
    clearTimeout(timer)
    timer = undefined
    pending = false
    const began = Date.now()
    lastStart = began
    active++
    try {
      await run()
    } catch (error) {
      console.error(error)
    } finally {
      active--
      lastDuration = Date.now() - began
      if (pending && !cancelled) schedule()
    }
  }

  const schedule = () => {
    if (timer !== undefined || active > 0) return
    const gap = Math.max(intervalMs, lastDuration * 2)
    timer = setTimeout(() => {
      timer = undefined
      if (!cancelled) void start()
    }, Math.max(0, lastStart + gap - Date.now()))
  }

  return {
    request () {
      cancelled = false
      pending = true
      schedule()
    },
    async now () {
      cancelled = false
      await start()
    },
    cancel () {
      cancelled = true
      pending = false
      clearTimeout(timer)
      timer = undefined
    }
  }
}
