import { createServer } from 'node:http'
import { closeServer, listenOnLoopback } from '../../test/fixtures/listen.ts'

export interface BytesServer {
  /** e.g. http://127.0.0.1:40123 */
  origin: string
  close(): Promise<void>
}

const CHUNK = 1024 * 1024

/**
 * The same words as test/fixtures/random-bytes.ts (xorshift32 from `seed`), made a chunk at a time: a 1 GiB file
 * is never held whole in Node. Chunks are a multiple of 4 bytes, so the stream is the fixture's bytes exactly.
 */
export function* randomChunks (size: number, seed: number, chunk = CHUNK): Generator<Uint8Array> {
  let x = (seed >>> 0) || 0x9e3779b9
  for (let offset = 0; offset < size; offset += chunk) {
    const length = Math.min(chunk, size - offset)
    const words = new Uint32Array(Math.ceil(length / 4))
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      words[i] = x >>> 0
    }
    yield new Uint8Array(words.buffer, 0, length)
  }
}

/**
 * Bytes for the page, from loopback, with CORS open: `/random?size=N&seed=S` the deterministic content the page
 * imports (so that nothing large crosses the Playwright bridge), and `/blob?bytes=N` N bytes answered at once,
 * no storage and no service worker: the reference for a raw block's first byte.
 */
export async function startBytesServer (): Promise<BytesServer> {
  const blobs = new Map<number, Uint8Array>()
  const server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*')
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname === '/random') {
      const size = Number(url.searchParams.get('size') ?? 0)
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(size),
        'Cache-Control': 'no-store'
      })
      const chunks = randomChunks(size, Number(url.searchParams.get('seed') ?? 1))
      const pump = () => {
        for (let next = chunks.next(); !next.done; next = chunks.next()) {
          if (!res.write(next.value)) {
            res.once('drain', pump)
            return
          }
        }
        res.end()
      }
      pump()
      return
    }
    if (url.pathname === '/blob') {
      const length = Number(url.searchParams.get('bytes') ?? 0)
      if (!blobs.has(length)) blobs.set(length, new Uint8Array(length).fill(7))
      res.writeHead(200, {
        'Content-Type': 'application/vnd.ipld.raw',
        'Content-Length': String(length),
        'Cache-Control': 'no-store'
      })
      res.end(blobs.get(length))
      return
    }
    // An empty page of the server's own origin, for the loopback reference's page.
    if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>bytes</title>')
      return
    }
    res.writeHead(404).end()
  })
  const port = await listenOnLoopback(server)
  return { origin: `http://127.0.0.1:${port}`, close: async () => closeServer(server) }
}
