/* The service's worker: msw's generated worker, imported as it is, kept to the API's requests.
 *
 * msw's worker takes every fetch of every page and worker in its scope: it asks the page whether to mock
 * each one, and sends every response body back to the page. Only the API needs that. Everything else (the
 * engine's block fetches, gateways, routers, page assets) goes to the network as if there were no worker:
 * - a fetch listener that runs before msw's lets those requests fall through to the browser;
 * - a static route (`InstallEvent.addRoutes`) spares the pages' own requests even that event.
 *
 * The API base path comes in the script's query string (`?api=/api/v1`), so a new path is a new worker.
 * Without it, every request goes to msw, which is correct, only slower.
 */
const apiBasePath = new URL(self.location.href).searchParams.get('api')
const keepToApi = apiBasePath !== null && apiBasePath.startsWith('/')

/** The same rule as the page's `api.owns(url)`: this origin, the base path or below it. */
function isApiRequest (url) {
  const { origin, pathname } = new URL(url)
  return origin === self.location.origin && (pathname === apiBasePath || pathname.startsWith(`${apiBasePath}/`))
}

if (keepToApi) {
  addEventListener('fetch', (event) => {
    // No respondWith and no later listener: the browser fetches the request itself.
    if (!isApiRequest(event.request.url)) event.stopImmediatePropagation()
  })
}

importScripts('./mockServiceWorker.js')

/** URLPattern syntax treats these as special; the base path is matched literally. */
function escapePattern (text) {
  return text.replace(/[\\:*?+(){}]/g, (c) => `\\${c}`)
}

addEventListener('install', (event) => {
  // Chromium applies static routes to pages' requests (not yet to their workers'); others lack addRoutes.
  if (!keepToApi || typeof event.addRoutes !== 'function') return
  const api = new URLPattern({ pathname: `${escapePattern(apiBasePath)}{/*}?`, baseURL: self.location.origin })
  event.waitUntil(
    event.addRoutes([{ condition: { not: { urlPattern: api } }, source: 'network' }])
      .catch((error) => console.warn('[pinning service] no static route, page requests pass the worker:', error))
  )
})
