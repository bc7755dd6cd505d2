import type { EngineWorkerMessage, EngineWorkerStart } from './engine-worker.ts'

export interface EngineHandle {
  /** Whether this tab runs the origin's engine (only one tab does; another takes over when it closes). */
  readonly running: boolean
  /** Resolves once this tab's engine has started; never, while another tab runs it. */
  readonly started: Promise<void>
}

/**
 * Runs the pinning engine in a Worker once this tab holds the origin's engine lock (Web Locks): one engine
 * per origin however many tabs are open. The lock is released when the tab closes, and a waiting tab
 * takes over; its engine resumes from the stored records.
 */
export function startEngineWhenLeader (databaseName: string): EngineHandle {
  let running = false
  const started = new Promise<void>((resolve, reject) => {
    void navigator.locks.request(`${databaseName}:engine`, async () => {
      const worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module', name: 'pinning-engine' })
      worker.onmessage = (event: MessageEvent<EngineWorkerMessage>) => {
        if (event.data.type === 'started') {
          running = true
          resolve()
        } else {
          reject(new Error(`the pinning engine failed to start: ${event.data.message}`))
        }
      }
      worker.onerror = (event) => { reject(new Error(`the pinning engine crashed: ${event.message}`)) }
      worker.postMessage({ databaseName } satisfies EngineWorkerStart)
      // Held for the life of the tab.
      await new Promise(() => {})
    })
  })
  started.catch((error: unknown) => { console.error(error) })
  return { get running () { return running }, started }
}
