/** At most one run per `intervalMs` and never two at once; a request during a run queues one more run. */
export interface Throttle {
  /** Asks for a run: now if the last one was long enough ago, else once the interval has passed. */
  request(): void
  /** Runs now (after the current run, if any), e.g. when the person changed a filter. */
  now(): Promise<void>
  cancel(): void
}

export function createThrottle (run: () => Promise<void>, intervalMs: number): Throttle {
  let last = -Infinity
  let running: Promise<void> | undefined
  let pending = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let cancelled = false

  const start = async (): Promise<void> => {
    clearTimeout(timer)
    timer = undefined
    pending = false
    last = Date.now()
    const current = run().catch((error: unknown) => { console.error(error) }).finally(() => {
      running = undefined
      if (pending && !cancelled) schedule()
    })
    running = current
    await current
  }

  const schedule = () => {
    if (timer !== undefined || running !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      if (!cancelled) void start()
    }, Math.max(0, last + intervalMs - Date.now()))
  }

  return {
    request () {
      cancelled = false
      pending = true
      schedule()
    },
    async now () {
      cancelled = false
      while (running !== undefined) await running
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
