/**
 * The engine's heartbeat: runs `pass` again and again, each time as soon as someone calls `wake` (a change
 * notice, a job that ended), and at least every `idleMs` when nothing calls. Calls during a pass are not lost:
 * the next pass follows at once. A failed pass is reported and the loop goes on.
 */
export interface WakeLoop {
  wake(): void
  /** Ends the loop after the pass in progress; resolves once it has ended. */
  stop(): Promise<void>
}

export interface WakeLoopInit {
  idleMs: number
  onError(error: unknown): void
}

export function startWakeLoop (pass: () => Promise<void>, { idleMs, onError }: WakeLoopInit): WakeLoop {
  let stopped = false
  let wakeRequested = false
  let wakeUp: () => void = () => {}

  const wake = (): void => {
    wakeRequested = true
    wakeUp()
  }
  const idle = async (): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, idleMs)
      wakeUp = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  const loop = async (): Promise<void> => {
    while (!stopped) {
      wakeRequested = false
      try {
        await pass()
      } catch (error) {
        onError(error)
      }
      if (stopped || wakeRequested) continue
      await idle()
      wakeUp = () => {}
    }
  }
  // The first pass starts on the next microtask: the caller has its loop object before any pass can wake it.
  const running = Promise.resolve().then(loop)

  return {
    wake,
    async stop () {
      stopped = true
      wake()
      await running
    }
  }
}
