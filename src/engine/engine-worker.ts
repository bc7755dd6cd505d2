/**
 * The pinning engine's home: a dedicated Worker, so that fetching and hashing large DAGs never blocks the
 * page. It is started only in the tab that holds the origin's engine lock (see start-engine.ts).
 */
import { createEngineNode } from './engine-node.ts'
import { startReconciler } from './reconciler.ts'
import { openStorageReserve } from './storage-reserve.ts'
import { lazyBlockstore } from '../content/lazy-blockstore.ts'
import { loadPeerIdentity } from '../identity/peer-identity.ts'
import { startReplicator } from '../replication/replicator.ts'
import { createChangeFeed } from '../sync/change-feed.ts'
import { collectUnlessImporting, importsDone } from '../sync/collection-lock.ts'
import { connectServiceDatabase } from '../store/database.ts'
import { DatabaseOutdatedError } from '../store/errors.ts'
import { createIdbEngineStore } from '../store/engine-store.ts'
import { createIdbReplicaStore } from '../store/replica-store.ts'
import { createSettingsStore } from '../store/settings-store.ts'

/** What the tab tells its engine worker: start on this database, or stop (finishing what is in flight). */
export type EngineWorkerCommand = { type: 'start', databaseName: string } | { type: 'stop' }

/**
 * `outdated`: a newer version of the service took the database over; this engine stopped for good.
 * `alive`: sent every HEARTBEAT_MS from the start, so that a worker that died without a word (killed, out of
 * memory) is noticed and replaced.
 */
export type EngineWorkerMessage = { type: 'started' } | { type: 'failed', message: string } | { type: 'stopped' } | {
  type: 'outdated'
} | { type: 'alive' }

export const HEARTBEAT_MS = 1000

setInterval(() => {
  self.postMessage({ type: 'alive' } satisfies EngineWorkerMessage)
}, HEARTBEAT_MS)

let stop: (() => Promise<void>) | undefined

self.onmessage = async (event: MessageEvent<EngineWorkerCommand>) => {
  if (event.data.type === 'stop') {
    await stop?.()
    self.postMessage({ type: 'stopped' } satisfies EngineWorkerMessage)
    return
  }
  try {
    const { databaseName } = event.data
    const connection = connectServiceDatabase(databaseName)
    const { privateKey, peerId } = await loadPeerIdentity(connection)
    const settings = createSettingsStore(connection)
    const feed = createChangeFeed(databaseName)
    const reserve = await openStorageReserve(databaseName)
    await reserve.keep()
    const reconciler = startReconciler({
      store: createIdbEngineStore(connection),
      feed,
      // The node reads the settings when it is built, so a change made just before the first pin applies.
      createNode: async () => createEngineNode({ config: await settings.get(), privateKey, storeName: databaseName }),
      collectUnlessImporting: async (collect) => collectUnlessImporting(databaseName, collect),
      importsDone: async () => importsDone(databaseName),
      reserve
    }, await settings.get())
    const blocks = lazyBlockstore(databaseName)
    // Keeps pins in step with remote pinning services; its own loop, woken by the same change feed.
    const replicator = startReplicator({
      store: createIdbReplicaStore(connection),
      fetch: async (input, init) => fetch(input, init),
      blockstore: blocks.blockstore,
      nodeId: async () => peerId.toString(),
      addresses: async () => reconciler.addresses(),
      notify: (kind) => {
        feed.notify(kind)
      }
    })
    feed.subscribe((kind) => {
      if (kind === 'pins') {
        reconciler.wake()
        replicator.pinsChanged()
      }
      if (kind === 'remotes') replicator.remotesChanged()
      if (kind === 'settings') {
        settings.get().then(async (config) => {
          await reconciler.reconfigure(config)
        })
          .catch((error: unknown) => {
            console.error('pinning engine: new settings could not be applied', error)
          })
      }
    })
    stop = async () => {
      await Promise.all([reconciler.stop(), replicator.stop()])
      await blocks.close()
      reserve.close()
      feed.close()
      connection.close()
    }
    connection.onOutdated(() => {
      void stop?.().then(() => {
        self.postMessage({ type: 'outdated' } satisfies EngineWorkerMessage)
      })
    })
    self.postMessage({ type: 'started' } satisfies EngineWorkerMessage)
  } catch (error) {
    if (error instanceof DatabaseOutdatedError) {
      self.postMessage({ type: 'outdated' } satisfies EngineWorkerMessage)
      return
    }
    self.postMessage(
      { type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies EngineWorkerMessage
    )
  }
}
