import { createServer } from 'node:http'
import { closeServer, listenOnLoopback } from '../../test/fixtures/listen.ts'

const TINY = JSON.stringify({ count: 0, results: [] })

export interface LoopbackServer {
  /** e.g. http://127.0.0.1:40123 */
  origin: string
  close(): Promise<void>
}

/** A JSON body of about `length` characters (a list answer's size, without any work to make it). */
function bodyOf (length: number): string {
  if (length <= TINY.length) return TINY
  return JSON.stringify({ count: 0, results: [], padding: 'x'.repeat(length - TINY.length - 13) })
}

/**
 * The floor for any request from the page: a node:http server that answers JSON at once, no service worker,
 * no storage. `/?bytes=N` answers about N characters, to compare a large list answer with its transfer alone.
 * CORS is open, with preflights cached, for pages of other origins.
 */
export async function startLoopbackServer (): Promise<LoopbackServer> {
  const bodies = new Map<number, string>()
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*')
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': '*',
        'Access-Control-Max-Age': '7200'
      }).end()
      return
    }
    const length = Number(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('bytes') ?? 0)
    if (!bodies.has(length)) bodies.set(length, bodyOf(length))
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(bodies.get(length))
    })
  })
  const port = await listenOnLoopback(server)
  return { origin: `http://127.0.0.1:${port}`, close: async () => closeServer(server) }
}
