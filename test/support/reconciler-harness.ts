/**
 * The engine's reconciler in Node, through its components: the real stores on fake-indexeddb, the real
 * engine node (Helia on blockstore-idb, told of no gateway or router, so it contacts nothing), and a
 * stand-in for the network fetch that copies blocks from an in-memory "network" and can be held, failed or
 * made to wait between attempts by the test.
 */
import 'fake-indexeddb/auto'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { MemoryBlockstore } from 'blockstore-core'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { readBlock } from '../../src/blocks/read-block.ts'
import { createEngineNode } from '../../src/engine/engine-node.ts'
import { fetchDag } from '../../src/engine/fetch-dag.ts'
import { startReconciler } from '../../src/engine/reconciler.ts'
import { PEER_ID_SETTING } from '../../src/identity/peer-id.ts'
import { createServiceCore } from '../../src/service-core.ts'
import { DEFAULT_ENGINE_CONFIG } from '../../src/settings/engine-config.ts'
import { connectServiceDatabase } from '../../src/store/database.ts'
import { createIdbEngineStore } from '../../src/store/engine-store.ts'
import { createChangeFeed } from '../../src/sync/change-feed.ts'
import { TEST_PEER_ID } from './node-service.ts'
import type { EngineNode } from '../../src/engine/engine-node.ts'
import type { PinJobInit } from '../../src/engine/pin-job.ts'
import type { Reconciler } from '../../src/engine/reconciler.ts'
import type { ServiceCore } from '../../src/service-core.ts'
import type { EngineConfig } from '../../src/settings/engine-config.ts'
import type { EngineStore } from '../../src/store/engine-store.ts'
import type { CID } from 'multiformats/cid'

let harnesses = 0

/** What the test decides for one CID's fetch: go on (default), wait for `release`, fail, or wait between attempts. */
export type FetchPlan =
  | { kind: 'go' }
  | { kind: 'hold', release: Promise<void> }
  | { kind: 'fail', message: string }
  | { kind: 'wait', until: Promise<void> }

export interface ReconcilerHarness {
  core: ServiceCore
  store: EngineStore
  reconciler: Reconciler
  /** The content "out there": what the stand-in fetch copies blocks from. */
  network: MemoryBlockstore
  /** The engine's node, once built. */
  node(): Promise<EngineNode>
  /** CIDs whose fetch runs now (started, not yet ended). */
  readonly fetching: Set<string>
  /** The most that ran at once. */
  readonly mostAtOnce: number
  /** The signals of every fetch started, by CID (an aborted one was cut). */
  readonly signals: Map<string, AbortSignal>
  plan(cid: CID, plan: FetchPlan): void
  /** An import holds the collection lock until the returned function is called. */
  holdImport(): () => void
  /** How many collections an import put off. */
  readonly collectionsPutOff: number
  /** A file of `size` random bytes in 1 KiB blocks, in the network; its root and every block. */
  addFile(size: number, seed: number): Promise<{ root: CID, blocks: CID[] }>
  /** A file of these bytes in 1 KiB blocks (files with a KiB in common share that block). */
  addBytes(bytes: Uint8Array): Promise<{ root: CID, blocks: CID[] }>
  stop(): Promise<void>
}

export async function startReconcilerHarness (changes: Partial<EngineConfig> = {}): Promise<ReconcilerHarness> {
  const databaseName = `reconciler-test-${process.pid}-${++harnesses}`
  const connection = connectServiceDatabase(databaseName)
  await (await connection.open()).put('settings', TEST_PEER_ID, PEER_ID_SETTING)
  const feed = createChangeFeed(databaseName)
  const core = createServiceCore({
    connection,
    notify: (kind) => {
      feed.notify(kind)
    }
  })
  const store = createIdbEngineStore(connection)
  const network = new MemoryBlockstore()
  const config: EngineConfig = { ...DEFAULT_ENGINE_CONFIG, gateways: [], routers: [], libp2p: 'never', ...changes }
  const privateKey = await generateKeyPair('Ed25519')
  const plans = new Map<string, FetchPlan>()
  const fetching = new Set<string>()
  const signals = new Map<string, AbortSignal>()
  let mostAtOnce = 0
  let importHolds = 0
  let importsEnded = Promise.withResolvers<void>()
  let collectionsPutOff = 0
  let built: Promise<EngineNode> | undefined

  const pinDag = async (node: EngineNode, init: PinJobInit) => {
    const key = init.cid.toString()
    fetching.add(key)
    signals.set(key, init.signal)
    mostAtOnce = Math.max(mostAtOnce, fetching.size)
    try {
      init.onProgress({ status_details: `Fetching ${key}` })
      const plan = plans.get(key) ?? { kind: 'go' }
      const cut = new Promise<never>((_resolve, reject) => {
        init.signal.addEventListener('abort', () => {
          reject(init.signal.reason)
        }, { once: true })
      })
      if (plan.kind === 'hold') await Promise.race([plan.release, cut])
      if (plan.kind === 'fail') throw new Error(plan.message)
      if (plan.kind === 'wait') {
        await init.onWaiting?.(true)
        fetching.delete(key)
        await Promise.race([plan.until, cut])
        fetching.add(key)
        await init.onWaiting?.(false)
      }
      const source = {
        async *get (cid: CID) {
          const bytes = await readBlock(network.get(cid))
          await node.helia.blockstore.put(cid, bytes)
          yield bytes
        }
      }
      const dag = await fetchDag(init.cid, source, {
        getCodec: node.helia.getCodec,
        signal: init.signal,
        concurrency: 4
      })
      await node.ledger.pin(init.cid, dag.cids)
      return { cidKey: key, blocks: dag.blocks, bytes: dag.bytes, pinnedAt: Date.now() }
    } finally {
      fetching.delete(key)
    }
  }

  const addBytes = async (bytes: Uint8Array): Promise<{ root: CID, blocks: CID[] }> => {
    let root: CID | undefined
    const blocks: CID[] = []
    const recording = {
      put: async (cid: CID, block: Uint8Array) => {
        if (!blocks.some((known) => known.equals(cid))) blocks.push(cid)
        return network.put(cid, block)
      }
    }
    const options = { cidVersion: 1 as const, rawLeaves: true, chunker: fixedSize({ chunkSize: 1024 }) }
    for await (const entry of importer([{ content: bytes }], recording as unknown as MemoryBlockstore, options)) {
      root = entry.cid
    }
    return { root: root as CID, blocks }
  }

  const reconciler = startReconciler({
    store,
    feed,
    createNode: async () => {
      built = createEngineNode({ config, privateKey, storeName: databaseName })
      return built
    },
    collectUnlessImporting: async (collect) => {
      if (importHolds > 0) {
        collectionsPutOff++
        return false
      }
      await collect()
      return true
    },
    importsDone: async () => {
      if (importHolds > 0) await importsEnded.promise
    },
    pinDag
  }, config)
  const unsubscribe = feed.subscribe((kind) => {
    if (kind === 'pins') reconciler.wake()
  })

  return {
    core,
    store,
    reconciler,
    network,
    node: async () => {
      while (built === undefined) await new Promise((resolve) => setTimeout(resolve, 10))
      return built
    },
    fetching,
    get mostAtOnce () {
      return mostAtOnce
    },
    signals,
    plan: (cid, plan) => {
      plans.set(cid.toString(), plan)
    },
    holdImport: () => {
      importHolds++
      return () => {
        if (--importHolds > 0) return
        importsEnded.resolve()
        importsEnded = Promise.withResolvers<void>()
      }
    },
    get collectionsPutOff () {
      return collectionsPutOff
    },
    addFile: async (size, seed) => addBytes(randomBytes(size, seed)),
    addBytes,
    async stop () {
      unsubscribe()
      await reconciler.stop()
      feed.close()
      connection.close()
    }
  }
}

/** Reproducible bytes for a seed. */
export function randomBytes (size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size)
  let state = seed
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0
    bytes[i] = state >>> 24
  }
  return bytes
}
