import { engineLockName } from './names.ts'

/**
 * Runs `work` once this context holds the origin's engine lock (Web Locks); waits while another tab holds it.
 * The lock is given up when `work` settles, when the context ends, or when `signal` aborts the wait.
 */
export async function whileEngineLeader<T> (
  databaseName: string,
  signal: AbortSignal,
  work: () => Promise<T>
): Promise<T> {
  return navigator.locks.request(engineLockName(databaseName), { signal }, work)
}

/** Whether some context of the origin (this one included) holds the engine lock. */
export async function engineLockHeld (databaseName: string): Promise<boolean> {
  const locks = await navigator.locks.query()
  return (locks.held ?? []).some((lock) => lock.name === engineLockName(databaseName))
}
