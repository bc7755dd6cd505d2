import type { EngineWorkerMessage, EngineWorkerStart } from './engine-worker.ts'

/** After the engine's worker fails, this tab gives the lock up and asks for it again after this pause. */
const RETRY_AFTER_FAILURE_MS = 5000

export interface EngineHandle {
  /** Whether this tab runs the origin's engine (only one tab does; another takes over when it closes). */
  readonly running: boolean
  /** Resolves once this tab's engine has started; never, while another tab runs it. */
  readonly started: Promise<void>
  /** The last failure of this tab's engine, if any (it is retried). */
  readonly lastError: string | undefined
}

/**
 * Runs the pinning engine in a Worker once this tab holds the origin's engine lock (Web Locks): one engine
 * per origin however many tabs are open. The lock is released when the tab closes, or when the engine
 * fails, and a waiting tab takes over; its engine resumes from the stored records.
 */
export function startEngineWhenLeader (databaseName: string): EngineHandle {
  let running = false
  let lastError: string | undefined
  let markStarted: () => void = () => {}
  const started = new Promise<void>((resolve) => { markStarted = resolve })

  const lead = async (): Promise<void> => {
    const failure = await navigator.locks.request(`${databaseName}:engine`, async () => runWorker(databaseName, () => {
      running = true
      lastError = undefined
      markStarted()
    }))
    running = false
    lastError = failure
    console.error(`pinning engine: ${failure}; retrying in ${RETRY_AFTER_FAILURE_MS / 1000} s`)
    setTimeout(() => { void lead() }, RETRY_AFTER_FAILURE_MS)
  }
  void lead()

  return {
    get running () { return running },
    get lastError () { return lastError },
    started
  }
}

/** Runs the engine's worker; resolves (releasing the lock) only when it fails, with what went wrong. */
async function runWorker (databaseName: string, onStarted: () => void): Promise<string> {
  const worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'pinning-engine' })
  const failure = await new Promise<string>((resolve) => {
    worker.onmessage = (event: MessageEvent<EngineWorkerMessage>) => {
      if (event.data.type === 'started') onStarted()
      else resolve(`the engine failed to start: ${event.data.message}`)
    }
    worker.onerror = (event) => { resolve(`the engine crashed: ${event.message}`) }
    worker.postMessage({ databaseName } satisfies EngineWorkerStart)
  })
  worker.terminate()
  return failure
}
