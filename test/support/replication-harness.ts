import 'fake-indexeddb/auto'
import { lazyBlockstore } from '../../src/content/lazy-blockstore.ts'
import { PEER_ID_SETTING } from '../../src/identity/peer-id.ts'
import { createRemoteServices } from '../../src/replication/remote-services.ts'
import { startReplicator } from '../../src/replication/replicator.ts'
import { createServiceCore } from '../../src/service-core.ts'
import { createChangeFeed } from '../../src/sync/change-feed.ts'
import { connectServiceDatabase } from '../../src/store/database.ts'
import { createIdbEngineStore } from '../../src/store/engine-store.ts'
import { createIdbRemoteStore } from '../../src/store/remote-store.ts'
import { createIdbReplicaStore } from '../../src/store/replica-store.ts'
import { TEST_PEER_ID } from './node-service.ts'
import type { RemoteServices } from '../../src/replication/remote-services.ts'
import type { ReplicationInit } from '../../src/replication/replicator.ts'
import type { ServiceCore } from '../../src/service-core.ts'
import type { EngineStore } from '../../src/store/engine-store.ts'
import type { IDBBlockstore } from 'blockstore-idb'

let harnesses = 0

export interface ReplicationHarness {
  databaseName: string
  core: ServiceCore
  remotes: RemoteServices
  engineStore: EngineStore
  blockstore(): Promise<IDBBlockstore>
  /** Every request the replication made, in order (method and URL). */
  readonly requests: Array<{ method: string, url: string }>
  /** The clock the replication reads; `advance` moves it (hours of downtime in a moment). */
  now(): number
  advance(ms: number): void
  stop(): Promise<void>
}

/**
 * The replication as the engine's Worker runs it (the same loop, stores and change feed) on fake-indexeddb in
 * Node, with Node's fetch against real servers on loopback. No engine runs: tests set local statuses themselves.
 */
export async function startReplicationHarness (init: ReplicationInit = {}): Promise<ReplicationHarness> {
  const databaseName = `replication-${process.pid}-${++harnesses}`
  const connection = connectServiceDatabase(databaseName)
  await (await connection.open()).put('settings', TEST_PEER_ID, PEER_ID_SETTING)
  const feed = createChangeFeed(databaseName)
  const core = createServiceCore({
    connection,
    notify: (kind) => {
      feed.notify(kind)
    }
  })
  const remotes = createRemoteServices({
    store: createIdbRemoteStore(connection),
    notify: () => {
      feed.notify('remotes')
    }
  })
  const blocks = lazyBlockstore(databaseName)
  const requests: Array<{ method: string, url: string }> = []
  let skew = 0
  const replicator = startReplicator({
    store: createIdbReplicaStore(connection),
    fetch: async (input, requestInit) => {
      requests.push({ method: requestInit?.method ?? 'GET', url: input })
      return fetch(input, requestInit)
    },
    blockstore: blocks.blockstore,
    nodeId: async () => TEST_PEER_ID,
    addresses: async () => [],
    notify: (kind) => {
      feed.notify(kind)
    },
    now: () => Date.now() + skew
  }, init)
  feed.subscribe((kind) => {
    if (kind === 'pins') replicator.pinsChanged()
    if (kind === 'remotes') replicator.remotesChanged()
  })
  return {
    databaseName,
    core,
    remotes,
    engineStore: createIdbEngineStore(connection),
    blockstore: blocks.blockstore,
    requests,
    now: () => Date.now() + skew,
    advance: (ms) => {
      skew += ms
      replicator.remotesChanged()
    },
    stop: async () => {
      await replicator.stop()
      feed.close()
      await blocks.close()
      connection.close()
    }
  }
}

/** Polls `check` until it returns a value that is not undefined (or false), or fails after `timeoutMs`. */
export async function eventually<T> (
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
  what = 'the condition'
): Promise<T> {
  const until = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < until) {
    try {
      const value = await check()
      if (value !== undefined && value !== false) return value
      last = value
    } catch (error) {
      last = error
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(
    `${what} did not happen within ${timeoutMs} ms (last: ${
      last instanceof Error ? last.message : JSON.stringify(last)
    })`
  )
}
