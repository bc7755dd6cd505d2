// Serves mock-ipfs-pinning-service 0.4.2 (the spec's old reference mock) on loopback, pre-seeded with the
// benchmark's pins. Run as a child: `node serve.ts <count>`; prints {"port","pins","ids"} once listening.
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { makePins } from '../lib/pin-data.ts'

const count = Number(process.argv[2] ?? 0)
const require = createRequire(new URL('./node_modules/', import.meta.url))
const { setup } = require('mock-ipfs-pinning-service')
const { init } = require('mock-ipfs-pinning-service/service/pins')

// Seeded straight into its state: its POST copies the whole Map per pin, so 100,000 POSTs would take hours.
const state = init({ accessToken: null })
const base = Date.now() - count
for (const [i, pin] of makePins(0, count).entries()) {
  state.pins.set(pin.cid, {
    requestid: `req-${i + 1}`,
    status: 'queued',
    created: new Date(base + i).toISOString(),
    pin,
    delegates: state.delegates
  })
}
state.requestid = count

const app = await setup({ state, loglevel: 'error' })
const server = createServer((req, res) => {
  // Its cors() sets no max-age; a cached preflight keeps the figures about the mock, not about CORS.
  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, DELETE',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
      'Access-Control-Max-Age': '7200'
    }).end()
    return
  }
  // A blank page of this origin to time requests from (express's 404 page forbids fetch by its CSP).
  if (req.url === '/__blank') {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>mock</title>')
    return
  }
  app(req, res)
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  // A spread of request ids that exist (one CID's later request replaces its earlier one here).
  const ids = [...state.pins.values()].filter((_, i, all) => i % Math.max(1, Math.floor(all.length / 500)) === 0).map((
    status
  ) => status.requestid)
  console.log(JSON.stringify({ port: address.port, pins: state.pins.size, ids }))
})
