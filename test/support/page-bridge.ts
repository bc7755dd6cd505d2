import { createServer } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import type { Page } from 'playwright-core'

/** Headers that belong to the hop to the bridge, not to the request replayed in the page. */
const HOP_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'accept-encoding'
])

export interface PageBridge {
  /** e.g. http://127.0.0.1:40123; the page's paths follow it (`/api/v1/pins`). */
  origin: string
  /** How many requests were replayed in the page. */
  readonly requests: number
  close(): Promise<void>
}

/**
 * A loopback HTTP server that replays every request it receives as a `fetch` inside the page, so that
 * programs outside the browser (the compliance suite, Node clients) reach the API through the page's own
 * service worker and handlers, and returns the page's response as it came.
 */
export async function startPageBridge (page: Page): Promise<PageBridge> {
  let requests = 0
  const server: Server = createServer((incoming, outgoing) => {
    requests++
    replay(page, incoming).then(({ status, headers, body }) => {
      outgoing.writeHead(status, headers)
      outgoing.end(Buffer.from(body, 'base64'))
    }).catch((error: unknown) => {
      outgoing.writeHead(502, { 'Content-Type': 'text/plain' })
      outgoing.end(`bridge: the page did not answer: ${String(error)}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the bridge has no TCP address')
  return {
    origin: `http://127.0.0.1:${address.port}`,
    get requests () {
      return requests
    },
    close: async () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => {
          resolve()
        })
      })
  }
}

async function replay (page: Page, incoming: IncomingMessage) {
  const chunks: Buffer[] = []
  for await (const chunk of incoming) chunks.push(chunk as Buffer)
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (!HOP_HEADERS.has(name) && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  const method = incoming.method ?? 'GET'
  const body = chunks.length === 0 ? null : Buffer.concat(chunks).toString('base64')
  return page.evaluate(async ({ path, method, headers, body }) => {
    const bytes = body === null ? undefined : Uint8Array.from(atob(body), (c) => c.charCodeAt(0))
    const response = await fetch(new URL(path, location.origin), { method, headers, body: bytes ?? null })
    const buffer = new Uint8Array(await response.arrayBuffer())
    let binary = ''
    for (const byte of buffer) binary += String.fromCharCode(byte)
    return { status: response.status, headers: Object.fromEntries(response.headers), body: btoa(binary) }
  }, { path: incoming.url ?? '/', method, headers, body })
}
