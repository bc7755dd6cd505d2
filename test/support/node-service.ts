import 'fake-indexeddb/auto'
import { getResponse } from 'msw'
import { createPinningApi } from '../../src/api/app.ts'
import { DEFAULT_API_BASE_PATH } from '../../src/config.ts'
import { PEER_ID_SETTING } from '../../src/identity/peer-id.ts'
import { createServiceCore } from '../../src/service-core.ts'
import { createHandlers } from '../../src/sw/handlers.ts'
import { connectServiceDatabase } from '../../src/store/database.ts'
import type { ApiClient } from './api-client.ts'
import type { DatabaseConnection } from '../../src/store/database.ts'

export const NODE_ORIGIN = 'http://service.test'
export const TEST_PEER_ID = '12D3KooWPAQzJxB61eyeDyuXWv2HiNRdomjcaVWQxjkXG6Uthvrh'

let databases = 0

/**
 * The service as the service worker runs it (the same core, the same msw handlers and `getResponse`), on
 * fake-indexeddb in Node.
 */
export async function createNodeService (
  options: { wrapConnection?: (connection: DatabaseConnection) => DatabaseConnection } = {}
): Promise<{ client: ApiClient, databaseName: string }> {
  const databaseName = `node-test-${process.pid}-${++databases}`
  const opened = connectServiceDatabase(databaseName)
  const connection = options.wrapConnection?.(opened) ?? opened
  // The identity a page would have made; Node has no need of the key itself.
  await (await connection.open()).put('settings', TEST_PEER_ID, PEER_ID_SETTING)
  const core = createServiceCore({ connection, notify: () => {} })
  const api = createPinningApi(core, { basePath: DEFAULT_API_BASE_PATH })
  const handlers = createHandlers([api], NODE_ORIGIN)
  const client: ApiClient = {
    basePath: DEFAULT_API_BASE_PATH,
    async fetch (path, init = {}) {
      const response = await getResponse(handlers, new Request(new URL(path, NODE_ORIGIN), init))
      if (response === undefined) throw new Error(`no handler answered ${path}`)
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }
    },
    async createToken (label) {
      const { token, info } = await core.tokens.create(label)
      return { token, id: info.id }
    },
    async revokeToken (id) {
      return core.tokens.revoke(id)
    }
  }
  return { client, databaseName }
}
