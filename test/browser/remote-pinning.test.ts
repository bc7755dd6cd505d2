import { createHash } from 'node:crypto'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { pinWithRemotePinning } from '../clients/remote-pinning-client.js'
import { randomBytes } from '../fixtures/random-bytes.ts'
import { startBridgedService } from '../support/bridged-service.ts'
import { sha256InPage } from '../support/engine-helpers.ts'
import type { BridgedService } from '../support/bridged-service.ts'
import type { EngineConfig } from '../../src/index.ts'

/**
 * Helia's own remote pinning client, on a Node Helia 5 node that holds the content, pins it to the service
 * in Chromium through the loopback bridge. No gateway, no router: the page can only get the blocks by
 * dialling the origins the client sends (its ws://127.0.0.1 address) and asking over bitswap.
 */
const ORIGINS_ONLY: Partial<EngineConfig> = {
  gateways: [],
  routers: [],
  allowInsecure: true,
  libp2p: 'auto',
  pinTimeoutMs: 60_000
}

let service: BridgedService
beforeAll(async () => {
  service = await startBridgedService('remote-pinning')
  await service.page.evaluate(async (settings) => {
    await window.pinningService!.settings.update(settings)
  }, ORIGINS_ONLY)
})
afterAll(async () => {
  await service.close()
})

test(
  '@helia/remote-pinning on a Node Helia 5 node pins its content to the in-page service and sees pinned',
  async () => {
    const bytes = randomBytes(2 * 1024 * 1024 + 333, 11)
    const result = await pinWithRemotePinning({
      endpoint: service.endpoint,
      token: service.token,
      bytes,
      name: 'from helia 5',
      timeoutMs: 60_000
    })

    const report = JSON.stringify({ ...result, requests: result.requests.length }, null, 2)
    // The client ran the old line it was installed for, not the project's Helia 7 / libp2p 3.
    expect(result.versions).toMatchObject({
      '@helia/remote-pinning': '2.0.4',
      '@helia/utils': expect.stringMatching(/^1\./),
      libp2p: expect.stringMatching(/^2\./)
    })
    expect(result.status, report).toBe('pinned')
    expect(result.addEndedAs).toBe('pinned')
    // The origins are the client node's own addresses, as it announced them; one is ws on loopback.
    expect(result.origins).toEqual(result.ownMultiaddrs)
    expect(result.origins.some((ma) => /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\/\w+$/.test(ma)), report).toBe(true)
    // The page dialled the client node: the blocks came over libp2p, there was no other source.
    expect(result.peers.some((peer) => peer.startsWith('inbound /ip4/127.0.0.1/')), report).toBe(true)
    expect(await sha256InPage(service.page, result.cid)).toBe(createHash('sha256').update(bytes).digest('hex'))

    // Nothing left loopback: not the client process (dials refused, sockets, UDP, DNS), not the page.
    expect(result.deniedDials, report).toEqual([])
    expect(result.outbound, report).toEqual([])
    expect(service.browser.blocked).toEqual([])
    // The client went through the bridge: one POST, then GET polls until pinned.
    expect(result.requests[0]?.method).toBe('POST')
    expect(result.requests.slice(1).every((request) => request.method === 'GET')).toBe(true)
  },
  120_000
)
