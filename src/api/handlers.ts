import { http } from 'msw'
import type { PinningApi } from './app.ts'
import type { RequestHandler } from 'msw'

/**
 * The API as msw request handlers: one list for the service worker (through msw's `getResponse`), for Node
 * tests, and for an app that runs msw itself. They claim every request under the base path on `origin`.
 */
export function createApiHandlers (api: PinningApi, origin: string): RequestHandler[] {
  const owns = ({ request }: { request: Request }): boolean => {
    const url = new URL(request.url)
    return url.origin === origin && api.owns(url)
  }
  return [http.all(owns, async ({ request }) => api.handle(request))]
}
