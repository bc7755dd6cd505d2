import { http } from 'msw'
import type { RequestHandler } from 'msw'

/** Anything that answers a part of the origin's URL space: the API, the gateway. */
export interface RequestServer {
  owns(url: URL): boolean
  handle(request: Request): Promise<Response>
}

/**
 * The service as msw request handlers: one list for the service worker (through msw's `getResponse`), for the
 * Node tests, and for an app that runs msw itself. Each claims the requests under its own path on `origin`.
 */
export function createHandlers (servers: RequestServer[], origin: string): RequestHandler[] {
  return servers.map((server) =>
    http.all(({ request }) => {
      const url = new URL(request.url)
      return url.origin === origin && server.owns(url)
    }, async ({ request }) => server.handle(request))
  )
}
