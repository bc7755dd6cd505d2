import { http } from 'msw'
import { setupWorker } from 'msw/browser'
import type { PinningApi } from '../api/app.ts'
import type { SetupWorker } from 'msw/browser'

export interface ApiWorkerInit {
  workerUrl: string
  logRequests: boolean
}

/**
 * Registers msw's service worker and routes every request under the API base path on this origin to
 * `api.handle`; everything else goes to the network untouched. Resolves once requests are intercepted.
 */
export async function startApiWorker (api: PinningApi, init: ApiWorkerInit): Promise<SetupWorker> {
  const ownsRequest = ({ request }: { request: Request }): boolean => {
    const url = new URL(request.url)
    return url.origin === location.origin && api.owns(url)
  }
  const worker = setupWorker(http.all(ownsRequest, async ({ request }) => api.handle(request)))
  await worker.start({
    // The worker imports msw's script: an update to it must be seen even where the HTTP cache holds the old one.
    serviceWorker: { url: init.workerUrl, options: { updateViaCache: 'none' } },
    onUnhandledFrame: 'bypass',
    quiet: !init.logRequests
  })
  return worker
}
