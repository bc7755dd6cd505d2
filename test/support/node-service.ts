import 'fake-indexeddb/auto'
import { createPinningApi } from '../../src/api/app.ts'
import { DEFAULT_API_BASE_PATH } from '../../src/config.ts'
import { createPinService } from '../../src/service/pin-service.ts'
import { createTokenService } from '../../src/service/token-service.ts'
import { openServiceDatabase } from '../../src/store/database.ts'
import { createIdbPinStore } from '../../src/store/idb-pin-store.ts'
import { createIdbTokenStore } from '../../src/store/token-store.ts'
import type { ApiClient } from './api-client.ts'
import type { PinningApi } from '../../src/api/app.ts'
import type { PinStore } from '../../src/store/pin-store.ts'

export const NODE_ORIGIN = 'http://service.test'
export const TEST_PEER_ID = '12D3KooWPAQzJxB61eyeDyuXWv2HiNRdomjcaVWQxjkXG6Uthvrh'

let databases = 0

/** The service wired as the page wires it, on fake-indexeddb, without the service worker. */
export async function createNodeService (): Promise<{ api: PinningApi, store: PinStore, client: ApiClient }> {
  const db = await openServiceDatabase(`node-test-${process.pid}-${++databases}`)
  const store = createIdbPinStore(db)
  const tokens = createTokenService({ tokens: createIdbTokenStore(db) })
  const pins = createPinService({ pins: store, delegates: () => [`/p2p/${TEST_PEER_ID}`] })
  const api = createPinningApi({ pins, tokens }, { basePath: DEFAULT_API_BASE_PATH })
  const client: ApiClient = {
    basePath: DEFAULT_API_BASE_PATH,
    async fetch (path, init = {}) {
      const response = await api.handle(new Request(new URL(path, NODE_ORIGIN), init))
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }
    },
    async createToken (label) {
      const { token, info } = await tokens.create(label)
      return { token, id: info.id }
    },
    async revokeToken (id) {
      return tokens.revoke(id)
    }
  }
  return { api, store, client }
}
