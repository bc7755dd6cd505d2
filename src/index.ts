/**
 * The in-page IPFS pinning service: an IPFS Pinning Service API (v1.0.0) answered inside the page.
 *
 * ```ts
 * const service = await startPinningService()
 * const token = await service.createToken('my dapp')
 * await fetch(`${service.endpoint}/pins`, { headers: { Authorization: `Bearer ${token}` } })
 * ```
 */
import { createPinningApi } from './api/app.ts'
import { resolveOptions } from './config.ts'
import { loadPeerIdentity } from './identity/peer-identity.ts'
import { createPinService } from './service/pin-service.ts'
import { createTokenService } from './service/token-service.ts'
import { openServiceDatabase } from './store/database.ts'
import { createIdbPinStore } from './store/idb-pin-store.ts'
import { createIdbTokenStore } from './store/token-store.ts'
import { startApiWorker } from './worker/start-api-worker.ts'
import type { PinningServiceOptions } from './config.ts'
import type { PinService } from './service/pin-service.ts'
import type { TokenInfo, TokenService } from './service/token-service.ts'

export type { PinningServiceOptions } from './config.ts'
export type { Pin, PinQuery, PinResults, PinState, PinStatus, TextMatch } from './service/types.ts'
export type { PinService } from './service/pin-service.ts'
export type { TokenInfo, TokenService } from './service/token-service.ts'
export { DEFAULT_API_BASE_PATH } from './config.ts'

export interface PinningService {
  /** Absolute URL of the API base, e.g. `http://localhost:5180/api/v1`; give it to any pinning client. */
  readonly endpoint: string
  /** The node's peer id; every delegate ends in `/p2p/<peerId>`. */
  readonly peerId: string
  /** Creates a bearer token for the API; the secret is shown only now, only its hash is kept. */
  createToken(label: string): Promise<string>
  listTokens(): Promise<TokenInfo[]>
  /** Revokes a token by its id (from `listTokens`); requests with it get 401 at once. */
  revokeToken(id: string): Promise<boolean>
  readonly tokens: TokenService
  /** The pin operations without HTTP, for code in the page such as the UI. */
  readonly pins: PinService
  /** Stops answering the API in this page and closes the database. */
  stop(): Promise<void>
}

/** Opens the stores, registers the service worker, and resolves once the API answers. */
export async function startPinningService (options: PinningServiceOptions = {}): Promise<PinningService> {
  const config = resolveOptions(options)
  const db = await openServiceDatabase(config.databaseName)
  const identity = await loadPeerIdentity(db)
  const peerId = identity.peerId.toString()
  const delegates = [`/p2p/${peerId}`]

  const pinStore = createIdbPinStore(db)
  const pins = createPinService({ pins: pinStore, delegates: () => delegates })
  const tokens = createTokenService({ tokens: createIdbTokenStore(db) })
  const api = createPinningApi({ pins, tokens }, { basePath: config.apiBasePath, maxBodyBytes: config.maxBodyBytes })
  const worker = await startApiWorker(api, config)

  return {
    endpoint: new URL(api.basePath, location.origin).href,
    peerId,
    createToken: async (label) => (await tokens.create(label)).token,
    listTokens: async () => tokens.list(),
    revokeToken: async (id) => tokens.revoke(id),
    tokens,
    pins,
    async stop () {
      await worker.stop()
      pinStore.close()
    }
  }
}
