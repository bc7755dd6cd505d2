import { createServer } from 'node:http'
import { closeServer, listenOnLoopback } from '../../test/fixtures/listen.ts'

const BODY = JSON.stringify({ count: 0, results: [] })

export interface LoopbackServer {
  /** e.g. http://127.0.0.1:40123 */
  origin: string
  close(): Promise<void>
}

/**
 * The floor for any request from the page: a node:http server that answers a tiny JSON at once, no
 * service worker, no storage. CORS is open, with preflights cached, since the page is on another port.
 */
export async function startLoopbackServer (): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*')
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': '*', 'Access-Control-Max-Age': '7200' }).end()
      return
    }
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(BODY)
    })
  })
  const port = await listenOnLoopback(server)
  return { origin: `http://127.0.0.1:${port}`, close: async () => closeServer(server) }
}
