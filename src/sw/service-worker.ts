/**
 * The service's worker: the API's server and the node's gateway. It answers every request under the API base
 * path and the gateway's (`/ipfs/…`), from any tab, worker or frame of the origin, with msw's `getResponse` over
 * their handlers, from IndexedDB; no page takes part. Everything else goes to the network untouched. It keeps nothing in memory that a restart would lose:
 * the browser may stop it whenever it is idle. Update policy: docs/update-policy.md.
 */
import './memory-local-storage.ts'
import { getResponse } from 'msw'
import { CLAIM_PAGE } from './messages.ts'
import { createHandlers } from './handlers.ts'
import { createPinningApi } from '../api/app.ts'
import { failure } from '../api/respond.ts'
import { workerConfigFrom } from '../config.ts'
import { lazyBlockstore } from '../content/lazy-blockstore.ts'
import { createGateway } from '../gateway/gateway.ts'
import { createServiceCore } from '../service-core.ts'
import { createChangeFeed } from '../sync/change-feed.ts'
import { connectServiceDatabase } from '../store/database.ts'

declare const self: ServiceWorkerGlobalScope

const config = workerConfigFrom(new URL(self.location.href))
const connection = connectServiceDatabase(config.databaseName)
const feed = createChangeFeed(config.databaseName)
const core = createServiceCore({
  connection,
  notify: (kind) => {
    feed.notify(kind)
  }
})
const api = createPinningApi(core, { basePath: config.apiBasePath, maxBodyBytes: config.maxBodyBytes })
const gateway = createGateway({ blockstore: lazyBlockstore(config.databaseName).blockstore }, {
  basePath: config.gatewayBasePath
})
const servers = [api, gateway]
const handlers = createHandlers(servers, self.location.origin)

self.addEventListener('install', (event) => {
  // A new build takes over at once: it answers from the same records, so open pages lose nothing.
  event.waitUntil(Promise.all([self.skipWaiting(), sendPagesToTheNetwork(event)]))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim())
})

self.addEventListener('message', (event) => {
  if (event.data === CLAIM_PAGE) event.waitUntil(self.clients.claim())
})

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  // No respondWith: the browser fetches everything outside the API and the gateway itself.
  if (url.origin !== self.location.origin || !servers.some((server) => server.owns(url))) return
  event.respondWith(answer(event.request))
})

async function answer (request: Request): Promise<Response> {
  const started = performance.now()
  const response = await getResponse(handlers, request).catch((error: unknown) => failure(error)) ??
    failure(new Error('no handler answered'))
  if (config.logRequests) {
    console.info(
      `[pinning service] ${request.method} ${request.url} → ${response.status} in ${
        (performance.now() - started).toFixed(1)
      } ms`
    )
  }
  return response
}

/**
 * Chromium's static routing: the pages' requests outside the API and the gateway skip the worker entirely (not
 * even a fetch event), so page assets never wait for it to start. Browsers without it run the fetch listener.
 */
async function sendPagesToTheNetwork (event: ExtendableEvent): Promise<void> {
  const install = event as ExtendableEvent & { addRoutes?: (rules: unknown[]) => Promise<void> }
  if (typeof install.addRoutes !== 'function') return
  const served = [config.apiBasePath, config.gatewayBasePath].map((path) => ({
    urlPattern: new URLPattern({
      pathname: `${path.replace(/[\\:*?+(){}]/g, (c) => `\\${c}`)}{/*}?`,
      baseURL: self.location.origin
    })
  }))
  await install.addRoutes([{ condition: { not: { or: served } }, source: 'network' }])
    .catch((error: unknown) => {
      console.warn('[pinning service] no static route; page requests pass the worker:', error)
    })
}
