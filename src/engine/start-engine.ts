import { engineLockHeld, whileEngineLeader } from '../sync/engine-lock.ts'
import type { EngineWorkerCommand, EngineWorkerMessage } from './engine-worker.ts'

/** A worker silent for this long (no heartbeat, see engine-worker.ts) has died: it is replaced. */
const SILENCE_MS = 5000
/** Before its first word, the worker's code may still be loading (a slow phone, a slow network). */
const LOADING_MS = 60_000

/** After the engine's worker fails, this tab gives the lock up and asks for it again after this pause. */
const RETRY_AFTER_FAILURE_MS = 5000
/** How long a stopping engine may take to finish what is in flight before its worker is terminated. */
const STOP_GRACE_MS = 5000
/** Why an engine ended for good: a newer version of the service upgraded the database. */
const OUTDATED = 'a newer version of the service is installed: reload this page'

export interface EngineHandle {
  /** Whether this tab runs the origin's engine (only one tab does; another takes over when it closes). */
  readonly running: boolean
  /** Resolves once this tab's engine has started; never, while another tab runs it. */
  readonly started: Promise<void>
  /** The last failure of this tab's engine, if any (it is retried). */
  readonly lastError: string | undefined
  /** Whether a tab of this site, this one or another, runs the engine now. */
  runningSomewhere(): Promise<boolean>
  /** Stops this tab's engine (or stops waiting to run it) and gives the lock to the next tab. */
  stop(): Promise<void>
}

/**
 * Runs the pinning engine in a Worker once this tab holds the origin's engine lock (Web Locks): one engine
 * per origin however many tabs are open. The lock is released when the tab closes, when the engine fails,
 * or on `stop()`, and a waiting tab takes over; its engine resumes from the stored records.
 */
export function startEngineWhenLeader (databaseName: string): EngineHandle {
  let running = false
  let lastError: string | undefined
  let markStarted: () => void = () => {}
  const started = new Promise<void>((resolve) => {
    markStarted = resolve
  })
  const stopping = new AbortController()

  const lead = async (): Promise<void> => {
    let failure: string | undefined
    try {
      failure = await whileEngineLeader(
        databaseName,
        stopping.signal,
        async () =>
          runWorker(databaseName, stopping.signal, () => {
            running = true
            lastError = undefined
            markStarted()
          })
      )
    } catch (error) {
      if (stopping.signal.aborted) return // stopped while waiting for the lock
      throw error
    } finally {
      running = false
    }
    if (failure === undefined || stopping.signal.aborted) return
    lastError = failure
    if (failure === OUTDATED) return // a reload runs the new version's engine
    console.error(`pinning engine: ${failure}; retrying in ${RETRY_AFTER_FAILURE_MS / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_FAILURE_MS))
    if (!stopping.signal.aborted) await lead()
  }
  const leading = lead()

  return {
    get running () {
      return running
    },
    get lastError () {
      return lastError
    },
    started,
    async runningSomewhere () {
      return engineLockHeld(databaseName)
    },
    async stop () {
      stopping.abort()
      await leading
    }
  }
}

/**
 * Runs the engine's worker until it fails (resolving with what went wrong, which gives the lock up) or
 * until `stop` aborts (resolving with nothing once the engine has finished what was in flight).
 */
async function runWorker (databaseName: string, stop: AbortSignal, onStarted: () => void): Promise<string | undefined> {
  let worker: Worker
  try {
    worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'pinning-engine' })
  } catch (error) {
    // E.g. a Content-Security-Policy without worker-src: said, and retried like any failure.
    return `the engine's worker could not be created: ${error instanceof Error ? error.message : String(error)}`
  }
  const send = (command: EngineWorkerCommand) => {
    worker.postMessage(command)
  }
  let silence: ReturnType<typeof setTimeout> | undefined
  const ended = await new Promise<string | undefined>((resolve) => {
    const listen = (ms: number) => {
      clearTimeout(silence)
      silence = setTimeout(() => {
        resolve(
          `the engine stopped answering for ${
            ms / 1000
          } s (its worker was killed, ran out of memory, or could not load)`
        )
      }, ms)
    }
    listen(LOADING_MS)
    worker.onmessage = (event: MessageEvent<EngineWorkerMessage>) => {
      listen(SILENCE_MS)
      if (event.data.type === 'alive') return
      if (event.data.type === 'started') onStarted()
      else if (event.data.type === 'stopped') resolve(undefined)
      else if (event.data.type === 'outdated') resolve(OUTDATED)
      else resolve(`the engine failed to start: ${event.data.message}`)
    }
    worker.onerror = (event) => {
      resolve(`the engine crashed: ${event.message}`)
    }
    const onStop = () => {
      send({ type: 'stop' })
      setTimeout(() => {
        resolve(undefined)
      }, STOP_GRACE_MS)
    }
    send({ type: 'start', databaseName })
    if (stop.aborted) onStop()
    else stop.addEventListener('abort', onStop, { once: true })
  })
  clearTimeout(silence)
  worker.terminate()
  return ended
}
