import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { startMockRemote } from '../fixtures/mock-remote.ts'
import { startTestRemote } from '../fixtures/pinning-remote.ts'
import { launchBrowser } from '../support/chromium.ts'
import { openServicePage } from '../support/service-page.ts'
import { REPLICA_MARKER } from '../../src/replication/replication-context.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { BrowserSession } from '../support/chromium.ts'
import type { RemoteServiceInit } from '../../src/index.ts'
import type { Page } from 'playwright-core'

let network: IpfsNetwork
let browser: BrowserSession | undefined
beforeAll(async () => {
  network = await startIpfsNetwork()
})
afterAll(async () => {
  await network.stop()
})
afterEach(async () => {
  await browser?.dispose()
  browser = undefined
})

async function openPage (): Promise<Page> {
  browser = await launchBrowser()
  return openServicePage(browser.context)
}

async function addRemote (page: Page, init: RemoteServiceInit): Promise<string> {
  return page.evaluate(async (init) => (await window.pinningService!.remotes.add(init)).id, init)
}

/** Random CIDs nobody provides: the local pins wait (no network), and replication does not care. */
async function seedPins (
  page: Page,
  count: number,
  name: (i: number) => string
): Promise<Array<{ requestid: string, cid: string }>> {
  return page.evaluate(async ({ count, names }) => {
    const pins = []
    for (let i = 0; i < count; i++) {
      const digest = new Uint8Array(
        await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`pin ${i} ${Math.random()}`))
      )
      // CIDv1 raw sha2-256, base32: 'b' + base32(0x01 0x55 0x12 0x20 + digest).
      const bytes = new Uint8Array([0x01, 0x55, 0x12, 0x20, ...digest])
      const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
      let bits = 0
      let value = 0
      let text = 'b'
      for (const byte of bytes) {
        value = (value << 8) | byte
        bits += 8
        while (bits >= 5) {
          text += alphabet[(value >>> (bits - 5)) & 31]
          bits -= 5
        }
      }
      if (bits > 0) text += alphabet[(value << (5 - bits)) & 31]
      pins.push({ cid: text, name: names[i] as string, meta: { batch: 'b1' } })
    }
    const made = await window.pinningService!.pins.addMany(pins)
    return made.map((status) => ({ requestid: status.requestid, cid: status.pin.cid }))
  }, { count, names: Array.from({ length: count }, (_, i) => name(i)) })
}

/** How many local requests have a remote pin (the replica follows it), per the page. */
async function following (page: Page, requestids: string[]): Promise<number> {
  return page.evaluate(async (ids) => {
    let count = 0
    for (const id of ids) {
      if ((await window.pinningService!.remotes.statusOf(id)).some((report) => report.phase === 'follow')) count++
    }
    return count
  }, requestids)
}

test(
  'the spec\'s mock-ipfs-pinning-service: 100 pins replicated across a crash and restart of the mock, none twice',
  async () => {
    const mock = await startMockRemote()
    try {
      const page = await openPage()
      // The mock derives a pin's status from its name: "pinned-…" is pinned, anything else stays queued.
      const local = await seedPins(page, 100, (i) => i % 2 === 0 ? `pinned-${i}` : `note ${i}`)
      const started = Date.now()
      await addRemote(page, { label: 'mock', endpoint: mock.url, token: mock.token })
      await expect.poll(async () => (await mock.state()).pins.length, { timeout: 30_000, interval: 20 })
        .toBeGreaterThanOrEqual(30)
      await mock.restart(1500)
      // It crashed in the middle: some pins were made, not all (what it kept is what it had answered).
      const atCrash = (await mock.state()).pins.length
      expect(atCrash).toBeLessThan(100)
      await expect.poll(async () => following(page, local.map((pin) => pin.requestid)), {
        timeout: 60_000,
        interval: 250
      }).toBe(100)
      const seconds = (Date.now() - started) / 1000

      const state = await mock.state()
      const peerId = await page.evaluate(() => window.pinningService!.peerId)
      // One remote pin per local pin, found by its marker; no POST ever named a CID the mock had already.
      expect(state.pins).toHaveLength(100)
      for (const pin of local) {
        const remote = state.pins.filter((item) => item.pin.meta?.[REPLICA_MARKER] === `${peerId}/${pin.requestid}`)
        expect(remote.map((item) => item.pin.cid)).toEqual([pin.cid])
      }
      expect(state.posts.filter((post) => post.existed)).toEqual([])
      expect(new Set(state.posts.map((post) => post.cid)).size).toBe(state.posts.length)
      const info = await page.evaluate(
        async (ids) =>
          Promise.all(ids.map(async (id) => (await window.pinningService!.pins.get(id)).info['remote:mock'])),
        local.map((pin) => pin.requestid)
      )
      expect(info.filter((text) => text?.startsWith('pinned (remote request req-'))).toHaveLength(50)
      expect(info.filter((text) => text?.startsWith('queued (remote request req-'))).toHaveLength(50)
      const [service] = await page.evaluate(async () => window.pinningService!.remotes.list())
      expect(service).toMatchObject({ health: { state: 'ok' }, counts: { pinned: 50, working: 50, problem: 0 } })
      console.log(
        `replication: 100 pins to mock-ipfs-pinning-service, mock crashed with ${atCrash} made and restarted (1.5 s down): ${
          seconds.toFixed(1)
        } s until all 100 were followed, ${state.posts.length} POSTs`
      )
      expect(browser?.blocked).toEqual([])
    } finally {
      await mock.stop()
    }
  },
  120_000
)

test('figure: 100 pins replicated to the mock with nothing in the way', async () => {
  const mock = await startMockRemote()
  try {
    const page = await openPage()
    const local = await seedPins(page, 100, (i) => `pinned-${i}`)
    const started = Date.now()
    await addRemote(page, { label: 'mock', endpoint: mock.url, token: mock.token })
    await expect.poll(
      async () => (await page.evaluate(async () => window.pinningService!.remotes.list()))[0]?.counts.pinned,
      { timeout: 60_000, interval: 50 }
    ).toBe(100)
    const seconds = (Date.now() - started) / 1000
    expect((await mock.state()).posts).toHaveLength(local.length)
    console.log(
      `replication: 100 pins to mock-ipfs-pinning-service, every one pinned there and seen so: ${seconds.toFixed(1)} s`
    )
  } finally {
    await mock.stop()
  }
}, 120_000)

test('a reload in the middle of replication loses nothing and makes nothing twice', async () => {
  const remote = await startTestRemote({ gateway: network.gatewayUrl })
  try {
    const page = await openPage()
    const local = await seedPins(page, 30, (i) => `reload ${i}`)
    remote.setDelay(250) // answers come slowly: the reload cuts requests in flight
    await addRemote(page, { label: 'helia', endpoint: remote.url, token: remote.token })
    await expect.poll(() => remote.log.filter((entry) => entry.method === 'POST').length, {
      timeout: 30_000,
      interval: 20
    }).toBeGreaterThanOrEqual(8)
    await page.reload()
    await page.waitForFunction(() => window.pinningService !== undefined)
    remote.setDelay(0)
    await expect.poll(async () => following(page, local.map((pin) => pin.requestid)), {
      timeout: 60_000,
      interval: 250
    }).toBe(30)
    const peerId = await page.evaluate(() => window.pinningService!.peerId)
    for (const pin of local) {
      expect(remote.pins().filter((item) => item.pin.meta?.[REPLICA_MARKER] === `${peerId}/${pin.requestid}`))
        .toHaveLength(1)
    }
    expect(remote.pins()).toHaveLength(30)
    expect(remote.log.filter((entry) => entry.method === 'POST')).toHaveLength(30)
  } finally {
    await remote.stop()
  }
}, 120_000)

test(
  'a service that refuses this origin (CORS) is told apart from one that is down, and resumes once allowed',
  async () => {
    const remote = await startTestRemote({ gateway: network.gatewayUrl })
    try {
      remote.setCors(false)
      const page = await openPage()
      const [pin] = await seedPins(page, 1, () => 'cors')
      await addRemote(page, { label: 'strict', endpoint: remote.url, token: remote.token })
      const origin = new URL(page.url()).origin
      const health = await expect.poll(
        async () => (await page.evaluate(async () => window.pinningService!.remotes.list()))[0]?.health,
        { timeout: 30_000 }
      )
        .toMatchObject({ state: 'cors' })
      void health
      const [service] = await page.evaluate(async () => window.pinningService!.remotes.list())
      expect(service?.health.message).toBe(
        `127.0.0.1:${
          new URL(remote.url).port
        } answered, but the browser withheld the answer: the service does not allow requests from ${origin} (CORS). ` +
          'It must answer preflight (OPTIONS) requests from this origin and allow the methods GET, POST and DELETE and the headers Authorization and Content-Type; see docs/replication.md'
      )
      remote.setCors(true)
      await expect.poll(async () => following(page, [pin!.requestid]), { timeout: 30_000 }).toBe(1)
      expect((await page.evaluate(async () => window.pinningService!.remotes.list()))[0]?.health.state).toBe('ok')
    } finally {
      await remote.stop()
    }
  },
  90_000
)

test(
  'content only this browser has is uploaded from the page first (Cluster and Kubo wire formats), block-exact',
  async () => {
    const cluster = await startTestRemote({ gateway: network.gatewayUrl })
    const kubo = await startTestRemote({ gateway: network.gatewayUrl, uploadAuthorization: 'Bearer kubo-secret' })
    try {
      const page = await openPage()
      const cid = await page.evaluate(async () => {
        const bytes = crypto.getRandomValues(new Uint8Array(65536))
        const parts = Array.from({ length: 40 }, (_, i) => bytes.map((byte) => byte ^ i))
        return (await window.pinningService!.imports.importFiles([{
          path: 'only-here.bin',
          file: new File(parts, 'only-here.bin')
        }])).cid
      })
      await addRemote(page, {
        label: 'cluster',
        endpoint: cluster.url,
        token: cluster.token,
        upload: { kind: 'ipfs-cluster', url: cluster.url }
      })
      await addRemote(page, {
        label: 'kubo',
        endpoint: kubo.url,
        token: kubo.token,
        upload: { kind: 'kubo', url: kubo.url, authorization: 'Bearer kubo-secret' }
      })
      const requestid = await page.evaluate(async (cid) =>
        (await window.pinningService!.pins.list({
          cidKeys: [cid],
          statuses: ['queued', 'pinning', 'pinned'],
          limit: 1
        })).results[0]!.requestid, cid)
      await expect.poll(
        async () =>
          page.evaluate(
            async (id) => (await window.pinningService!.remotes.statusOf(id)).map((report) => report.stage),
            requestid
          ),
        { timeout: 60_000 }
      ).toEqual(['pinned', 'pinned'])
      // Both remotes hold every block of the DAG, byte for byte as the page serves them.
      const car = await page.evaluate(
        async (cid) => [...new Uint8Array(await (await fetch(`/ipfs/${cid}?format=car`)).arrayBuffer())],
        cid
      )
      const { CarReader } = await import('@ipld/car/reader')
      const reader = await CarReader.fromBytes(new Uint8Array(car))
      let blocks = 0
      for await (const { cid: block, bytes } of reader.blocks()) {
        for (const target of [cluster, kubo]) {
          const chunks: Uint8Array[] = []
          for await (const chunk of target.blockstore.get(block)) {
            chunks.push(chunk)
          }
          expect(Buffer.compare(Buffer.concat(chunks), Buffer.from(bytes)), `${block}`).toBe(0)
        }
        blocks++
      }
      expect(blocks).toBeGreaterThan(2)
      expect(cluster.uploads.map((upload) => upload.root)).toEqual([cid])
      expect(kubo.uploads.map((upload) => upload.root)).toEqual([cid])
      expect(network.blockRequests(cid)).toBe(0)
      // The CAR files written for the uploads are gone from the origin private file system.
      expect(
        await page.evaluate(async () => {
          const names: string[] = []
          const root = await navigator.storage.getDirectory()
          const uploads = await root.getDirectoryHandle('replication-uploads', { create: true })
          for await (const name of (uploads as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name)
          return names
        })
      ).toEqual([])
    } finally {
      await cluster.stop()
      await kubo.stop()
    }
  },
  120_000
)
