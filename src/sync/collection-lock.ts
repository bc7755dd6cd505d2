import { collectionLockName } from './names.ts'

/**
 * Imports write a DAG's blocks before its pin request exists, and garbage collection deletes stored blocks
 * that no pin holds: run in between, it could delete blocks an import just wrote or found already stored
 * (when a released DAG shares them). A Web Lock keeps the two apart across tabs and the engine's Worker:
 * an import holds it shared from its first block until its pin requests exist; collection takes it
 * exclusively and, while any import holds it, tries again once the imports are done.
 */

/** Runs an import's block writes and pin requests so that no collection runs meanwhile. */
export async function whileImporting<T> (databaseName: string, work: () => Promise<T>): Promise<T> {
  return navigator.locks.request(collectionLockName(databaseName), { mode: 'shared' }, work)
}

/** Runs `collect` unless an import is in progress; says whether it ran. */
export async function collectUnlessImporting (databaseName: string, collect: () => Promise<void>): Promise<boolean> {
  return navigator.locks.request(collectionLockName(databaseName), { ifAvailable: true }, async (lock) => {
    if (lock === null) return false
    await collect()
    return true
  })
}

/** Resolves once no import holds the lock (taking it exclusively for a moment). */
export async function importsDone (databaseName: string): Promise<void> {
  await navigator.locks.request(collectionLockName(databaseName), async () => {})
}
