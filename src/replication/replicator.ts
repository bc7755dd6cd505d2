/**
 * Replication to remote pinning services, run in the engine's Worker: one loop per remote service, started and
 * stopped as the person adds and removes services, woken by the change feed.
 */
import { discardStaleUploads } from './car-file.ts'
import { startRemoteWorker } from './remote-worker.ts'
import type { RemoteWorker } from './remote-worker.ts'
import type { ReplicationComponents, ReplicationInit } from './replication-context.ts'

export type { ReplicationComponents, ReplicationInit } from './replication-context.ts'

export interface Replicator {
  /** Local pin records changed (added, deleted, replaced, status). */
  pinsChanged(): void
  /** The remote services changed (added, edited, removed). */
  remotesChanged(): void
  stop(): Promise<void>
}

export function startReplicator (components: ReplicationComponents, init: ReplicationInit = {}): Replicator {
  const workers = new Map<string, RemoteWorker>()
  let stopped = false
  // Upload files a reload or crash cut short are of no use now (uploads start over from the blocks).
  let syncing: Promise<void> = discardStaleUploads()

  /** Starts loops for new remotes, stops those of removed ones, and wakes the rest (an edit may matter). */
  const sync = async (): Promise<void> => {
    const ids = new Set((await components.store.remotes()).map((remote) => remote.id))
    if (stopped) return
    for (const [id, worker] of workers) {
      if (ids.has(id)) {
        worker.wake(true)
        continue
      }
      workers.delete(id)
      await worker.stop()
    }
    for (const id of ids) if (!workers.has(id)) workers.set(id, startRemoteWorker(components, init, id))
  }
  const resync = () => {
    syncing = syncing.then(sync).catch((error: unknown) => {
      console.error(
        `replication: the remote services could not be read: ${error instanceof Error ? error.message : String(error)}`
      )
    })
  }
  resync()

  return {
    pinsChanged () {
      for (const worker of workers.values()) worker.wake(true)
    },
    remotesChanged: resync,
    async stop () {
      stopped = true
      await syncing
      await Promise.all([...workers.values()].map(async (worker) => worker.stop()))
      workers.clear()
    }
  }
}
