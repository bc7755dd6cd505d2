import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import { delegatedHTTPRouter } from '@helia/delegated-routing-client'
import { fallbackRouter } from '@helia/fallback-router'
import { trustlessGatewayBlockBroker } from '@helia/trustless-gateway-client'
import { IDBBlockstore } from 'blockstore-idb'
import { IDBDatastore } from 'datastore-idb'
import { createHeliaLight } from 'helia'
import * as json from 'multiformats/codecs/json'
import { sha512 } from 'multiformats/hashes/sha2'
import { originRefusal } from './address-rules.ts'
import { BatchingBlockstore } from './batching-blockstore.ts'
import { createCarFetcher } from './car-fetcher.ts'
import { httpOriginOf } from './source-report.ts'
import { openPinLedger } from './pin-ledger.ts'
import { rebuildLedgerOnce } from './stored-dag.ts'
import { blockstoreName, datastoreName } from '../config.ts'
import type { CarFetcher } from './car-fetcher.ts'
import type { EngineConfig } from '../settings/engine-config.ts'
import type { PinLedger } from './pin-ledger.ts'
import type { Helia, Router } from '@helia/interface'
import type { Libp2p, PrivateKey } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'
import type { Multiaddr } from '@multiformats/multiaddr'

/** The Helia node of the engine, with the local stores it is built on. */
export interface EngineNode {
  helia: Helia
  /** The blockstore under Helia: reads that must never reach the network, and garbage collection. */
  blockstore: IDBBlockstore
  /** Helia's pins, in its datastore, written one DAG per transaction (use it, not `helia.pins.add/rm`). */
  ledger: PinLedger
  /** Whole DAGs from trustless gateways as CAR streams, before the block walk (absent: blocks only). */
  cars?: CarFetcher
  readonly hasLibp2p: boolean
  /** Adds libp2p and bitswap, loading their code now; restarts the node (in-flight fetches are cut). */
  addLibp2p(): Promise<void>
  /** The node's own dialable multiaddrs, each ending in /p2p/<peer id>; none until libp2p listens somewhere. */
  addresses(): string[]
  /** Dials a libp2p peer (once libp2p is added); rejects with libp2p's reason when it cannot. */
  dial(address: Multiaddr, options: { signal: AbortSignal }): Promise<void>
  /** Told each time the browser refuses a fetched block for lack of storage. */
  onStorageRefused(listener: () => void): () => void
  /** Every block stored (as raw CIDs: the store keys blocks by multihash). */
  storedBlocks(): AsyncGenerator<CID>
  stop(): Promise<void>
}

export interface EngineNodeInit {
  config: EngineConfig
  privateKey: PrivateKey
  /** The service's database name; the blockstore and datastore are named after it. */
  storeName: string
}

/**
 * Helia on IndexedDB with the HTTP data planes: trustless gateways (asked for every CID, and any found by
 * routing) and delegated routing. Only the configured endpoints are ever contacted.
 */
export async function createEngineNode ({ config, privateKey, storeName }: EngineNodeInit): Promise<EngineNode> {
  const blockstore = new IDBBlockstore(blockstoreName(storeName))
  const datastore = new IDBDatastore(datastoreName(storeName))
  await Promise.all([blockstore.open(), datastore.open()])
  const batched = await BatchingBlockstore.over(blockstore, blockstoreName(storeName))
  const ledger = await openPinLedger(datastoreName(storeName))

  const allow = { allowInsecure: config.allowInsecure, allowLocal: config.allowInsecure }
  const routers: Array<Router | ((components: any) => Router)> = [
    // Helia 7.1 waits forever when every router is a fallback router: one ordinary router prevents it.
    { name: 'no-op', async *findProviders () {} } satisfies Router,
    ...config.routers.map((url) =>
      delegatedHTTPRouter({
        url,
        // Every address a page can use: the defaults drop http:// and ws://, which local networks use.
        filterAddrs: ['https', 'http', 'tls', 'wss', 'ws', 'webtransport', 'webrtc-direct'],
        filterProtocols: ['unknown', 'transport-bitswap', 'transport-ipfs-gateway-http'],
        // Each attempt asks afresh: a cached empty answer would hide content that appeared since.
        cacheTTL: 0
      })
    )
  ]
  if (config.gateways.length > 0) routers.push(alwaysAsk(fallbackRouter({ gateways: config.gateways })))

  const helia = createHeliaLight({
    blockstore: batched,
    datastore,
    codecs: [dagCbor, dagJson, json],
    hashers: [sha512],
    routers,
    blockBrokers: [trustlessGatewayBlockBroker(allow)]
  })
  await helia.start()
  await rebuildLedgerOnce({ helia, blockstore, ledger })

  const cars = createCarFetcher({
    blockstore: {
      has: async (cid) => blockstore.has(cid),
      get: (cid, options) => blockstore.get(cid, options),
      put: async (cid, bytes) => batched.put(cid, bytes)
    },
    getHasher: helia.getHasher,
    getCodec: helia.getCodec,
    findGateways: config.routers.length === 0
      ? async function* () {}
      : (cid, options) => routedGateways(helia, cid, config.allowInsecure, options)
  })

  let hasLibp2p = false
  return {
    helia,
    blockstore,
    ledger,
    cars,
    get hasLibp2p () {
      return hasLibp2p
    },
    async addLibp2p () {
      if (hasLibp2p) return
      const { withBrowserLibp2p } = await import('./libp2p-mixin.ts')
      await helia.stop()
      withBrowserLibp2p(helia, { privateKey, allowInsecure: config.allowInsecure })
      await helia.start()
      hasLibp2p = true
    },
    addresses () {
      const libp2p = (helia as Helia & { libp2p?: Libp2p }).libp2p
      if (!hasLibp2p || libp2p === undefined) return []
      const own = `/p2p/${libp2p.peerId.toString()}`
      return libp2p.getMultiaddrs().map((address) => address.toString()).map((text) =>
        text.endsWith(own) ? text : `${text}${own}`
      )
    },
    async dial (address, options) {
      const libp2p = (helia as Helia & { libp2p?: Libp2p }).libp2p
      if (!hasLibp2p || libp2p === undefined) throw new Error('libp2p is not loaded')
      await libp2p.dial(address, options)
    },
    onStorageRefused: (listener) => batched.onRefused(listener),
    storedBlocks: () => batched.storedBlocks(),
    async stop () {
      await helia.stop()
      batched.close()
      ledger.close()
      await Promise.all([blockstore.close(), datastore.close()])
    }
  }
}

/** The HTTP gateways among the providers routing names for a CID (the ones Helia's gateway client would use). */
async function* routedGateways (
  helia: Helia,
  cid: CID,
  allowInsecure: boolean,
  options: { signal: AbortSignal }
): AsyncGenerator<string> {
  for await (const provider of helia.routing.findProviders(cid, options)) {
    for (const address of provider.multiaddrs) {
      const origin = httpOriginOf(address)
      if (origin !== undefined && originRefusal(address, allowInsecure, 'auto') === undefined) yield origin
    }
  }
}

/**
 * Helia asks a fallback router only when no other router found a provider, but routing often finds only
 * peers a page cannot dial. Without its `fallback` capability the gateway router is asked for every CID.
 */
function alwaysAsk (router: Router): Router {
  const findProviders = router.findProviders?.bind(router)
  return findProviders === undefined ? { name: router.name } : { name: router.name, findProviders }
}
