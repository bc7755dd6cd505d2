import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { randomCid } from '../support/cids.ts'
import { launchBrowser } from '../support/chromium.ts'
import {
  blocksHeld,
  dagBlocks,
  getPin as getPinStatus,
  networkSettings,
  postPin,
  sha256InPage,
  waitForStatus
} from '../support/engine-helpers.ts'
import { createToken, fetchInPage, openAnotherTab, openServicePage } from '../support/service-page.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { BrowserSession } from '../support/chromium.ts'
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
  network.advertise({ gateway: true, websockets: true })
  network.setGatewayDelay(0)
  network.setGatewayEnabled(true)
  network.resetCounters()
})

async function servicePage () {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context, { engine: networkSettings(network) })
  return { page, token: await createToken(page) }
}

test('a pin found through delegated routing alone ends pinned, with its size, and reads back intact', async () => {
  const file = await network.addRandomFile(3 * 1024 * 1024 + 17, 1)
  network.advertise({ gateway: true, websockets: false })
  const { page, token } = await servicePage()
  const added = await postPin(page, token, { cid: file.cid, name: 'routed' })
  const pinned = await waitForStatus(page, token, added.requestid, 'pinned')
  expect(pinned.info.dag_size).toBe(String(file.dagSize))
  expect(pinned.info.blocks).toBe(String(file.blocks))
  expect(await sha256InPage(page, file.cid)).toBe(file.sha256)
  expect(network.providerRequests(file.cid)).toBeGreaterThan(0)
})

test('an HTTP gateway named in origins is used for that pin when routing knows nothing', async () => {
  const file = await network.addRandomFile(2 * 1024 * 1024, 2)
  network.advertise({ gateway: false, websockets: false })
  const { page, token } = await servicePage()
  const added = await postPin(page, token, { cid: file.cid, origins: [network.gatewayMultiaddr] })
  await waitForStatus(page, token, added.requestid, 'pinned')
  expect(await sha256InPage(page, file.cid)).toBe(file.sha256)
  // Sent as one CAR, or block by block: every block came from it.
  expect(network.blocksSent()).toBeGreaterThanOrEqual(file.blocks)
})

test('only API requests pass through the service worker: block and routing requests go straight to the network', async () => {
  const file = await network.addRandomFile(2 * 1024 * 1024 + 9, 7)
  network.advertise({ gateway: true, websockets: false })
  browser = await launchBrowser()
  const answers: Array<{ url: URL, viaWorker: boolean }> = []
  browser.context.on('response', (response) => {
    answers.push({ url: new URL(response.url()), viaWorker: response.fromServiceWorker() })
  })
  const page = await openServicePage(browser.context, { engine: networkSettings(network) })
  const token = await createToken(page)
  const added = await postPin(page, token, { cid: file.cid })
  await waitForStatus(page, token, added.requestid, 'pinned')
  await fetchInPage(page, '/favicon.svg')

  const fixture = answers.filter(({ url }) => [network.gatewayUrl, network.routingUrl].includes(url.origin))
  // Every gateway request was seen (a CAR of the whole DAG, and any block requests).
  expect(fixture.filter(({ url }) => url.pathname.startsWith('/ipfs/')).length).toBe(
    network.carRequests() + network.blockRequests()
  )
  expect(network.blocksSent()).toBeGreaterThanOrEqual(file.blocks)
  expect(fixture.filter(({ viaWorker }) => viaWorker).map(({ url }) => url.href)).toEqual([])
  const own = answers.filter(({ url }) => url.origin === new URL(page.url()).origin)
  expect(own.filter(({ url }) => url.pathname === '/favicon.svg').every(({ viaWorker }) => !viaWorker)).toBe(true)
  // The same observation sees the worker where it must be: every API answer came from it.
  const api = own.filter(({ url }) => url.pathname.startsWith('/api/v1/'))
  expect(api.length).toBeGreaterThan(1)
  expect(api.every(({ viaWorker }) => viaWorker)).toBe(true)
})

test('a WebSockets peer named in origins is dialled with libp2p and serves the blocks over bitswap', async () => {
  const file = await network.addRandomFile(1024 * 1024 + 5, 3, { chunkSize: 256 * 1024 })
  network.advertise({ gateway: false, websockets: false })
  const { page, token } = await servicePage()
  const added = await postPin(page, token, { cid: file.cid, origins: [network.wsMultiaddr] })
  await waitForStatus(page, token, added.requestid, 'pinned')
  expect(await sha256InPage(page, file.cid)).toBe(file.sha256)
  expect(network.blockRequests()).toBe(0)
})

test('origins that cannot be dialled never fail a pin that routing can serve', async () => {
  const file = await network.addRandomFile(700 * 1024, 9)
  network.advertise({ gateway: true, websockets: false })
  const { page, token } = await servicePage()
  const deadPeer = '/ip4/127.0.0.1/tcp/1/ws/p2p/12D3KooWPAQzJxB61eyeDyuXWv2HiNRdomjcaVWQxjkXG6Uthvrh'
  const added = await postPin(page, token, { cid: file.cid, origins: [deadPeer, '/ip4/127.0.0.1/tcp/2/http'] })
  await waitForStatus(page, token, added.requestid, 'pinned')
  expect(await sha256InPage(page, file.cid)).toBe(file.sha256)
})

test('pins nobody provides yet never hold up pins that can be had', async () => {
  const file = await network.addRandomFile(600 * 1024, 10)
  browser = await launchBrowser()
  const page = await openServicePage(browser.context, { engine: networkSettings(network, { concurrency: 1 }) })
  const token = await createToken(page)
  // Nobody has these: they keep looking (retrying) until their deadline, without their fetch slot.
  const stuck = await Promise.all([1, 2, 3].map(async () => postPin(page, token, { cid: await randomCid() })))
  await expect.poll(async () => (await getPinStatus(page, token, stuck[0].requestid)).info.status_details ?? '', {
    timeout: 20_000
  }).toMatch(/Trying again in \d+ s\.$/)
  const findable = await postPin(page, token, { cid: file.cid })
  await waitForStatus(page, token, findable.requestid, 'pinned', 20_000)
  for (const pin of stuck) expect((await getPinStatus(page, token, pin.requestid)).status).toMatch(/^(queued|pinning)$/)
})

test('content nobody provides ends failed at the deadline, with a reason', async () => {
  const missing = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku'
  browser = await launchBrowser()
  const page = await openServicePage(browser.context, { engine: networkSettings(network, { pinTimeoutMs: 3000 }) })
  const token = await createToken(page)
  const added = await postPin(page, token, { cid: missing, name: 'nowhere' })
  const failed = await waitForStatus(page, token, added.requestid, 'failed', 20_000).catch(async () =>
    getPinStatus(page, token, added.requestid)
  )
  expect(failed.status).toBe('failed')
  expect(failed.info.status_details).toBe(
    `Gave up on ${missing} after 3 s: nothing arrived. What was tried: router ${
      new URL(network.routingUrl).host
    } found no providers.`
  )
})

test('deleting a pin while it is fetched cancels the fetch and leaves no orphan block', async () => {
  const file = await network.addRandomFile(6 * 1024 * 1024, 4, { chunkSize: 256 * 1024 })
  const blocks = await dagBlocks(network, file.cid)
  const { page, token } = await servicePage()
  network.setGatewayDelay(150)
  const added = await postPin(page, token, { cid: file.cid })
  await waitForProgress(page, token, added.requestid)
  const removed = await fetchInPage(page, `/api/v1/pins/${added.requestid}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${token}` }
  })
  expect(removed.status).toBe(202)
  network.setGatewayDelay(0)
  await expect.poll(async () => (await blocksHeld(page, blocks)).length, { timeout: 20_000, interval: 200 }).toBe(0)
  const requestsAfter = network.carRequests() + network.blockRequests()
  const sentAfter = network.blocksSent()
  await new Promise((resolve) => setTimeout(resolve, 1000))
  expect(network.carRequests() + network.blockRequests(), 'the fetch goes on after the delete').toBe(requestsAfter)
  expect(network.blocksSent(), 'a CAR stream goes on after the delete').toBe(sentAfter)
  expect(await blocksHeld(page, blocks), 'a block arrived after the collection').toEqual([])
})

test('replace keeps the blocks the old and new DAGs share, fetching them once, and drops the rest', async () => {
  const shared = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) % 251)
  const dirA = await network.addDirectory({ 'shared.bin': shared, 'only-a.txt': new TextEncoder().encode('only in A') })
  const dirB = await network.addDirectory({ 'shared.bin': shared, 'only-b.txt': new TextEncoder().encode('only in B') })
  const [blocksA, blocksB] = await Promise.all([dagBlocks(network, dirA.cid), dagBlocks(network, dirB.cid)])
  const sharedBlocks = blocksA.filter((cid) => blocksB.includes(cid))
  const onlyA = blocksA.filter((cid) => !blocksB.includes(cid))
  expect(sharedBlocks.length).toBeGreaterThan(3)

  const { page, token } = await servicePage()
  const old = await postPin(page, token, { cid: dirA.cid })
  await waitForStatus(page, token, old.requestid, 'pinned')
  network.resetCounters()
  // Paced, so that the CAR of B is stopped where it meets a stored block before it sends what lies below.
  network.setGatewayDelay(200)
  const replaced = JSON.parse(
    (await fetchInPage(page, `/api/v1/pins/${old.requestid}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: JSON.stringify({ cid: dirB.cid })
    })).body
  )
  await waitForStatus(page, token, replaced.requestid, 'pinned')
  // The CAR of B brings the shared file's root again (nothing says it is stored until it arrives), never its data.
  const sentAgain = sharedBlocks.filter((cid) => network.blocksSent(cid) > 0)
  expect(sentAgain.length, `shared blocks fetched again: ${sentAgain.join(', ')}`).toBeLessThanOrEqual(1)
  for (const cid of sentAgain) expect(CID.parse(cid).code, `shared leaf ${cid} fetched again`).not.toBe(raw.code)
  await expect.poll(async () => blocksHeld(page, onlyA), { timeout: 20_000, interval: 200 }).toEqual([])
  expect(await blocksHeld(page, blocksB)).toEqual(blocksB)
})

test('a DAG pinned again after its request was deleted keeps the blocks it shares when the other DAG goes', async () => {
  // Helia 7.1's pins.rm miscounts exactly this sequence; the engine keeps its own count right.
  const shared = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 11) % 251)
  const dirA = await network.addDirectory({ 'shared.bin': shared, 'only-a.txt': new TextEncoder().encode('again A') })
  const dirB = await network.addDirectory({ 'shared.bin': shared, 'only-b.txt': new TextEncoder().encode('again B') })
  const [blocksA, blocksB] = await Promise.all([dagBlocks(network, dirA.cid), dagBlocks(network, dirB.cid)])
  const onlyA = blocksA.filter((cid) => !blocksB.includes(cid))
  const onlyB = blocksB.filter((cid) => !blocksA.includes(cid))
  const { page, token } = await servicePage()
  const remove = async (requestid: string) => {
    const removed = await fetchInPage(page, `/api/v1/pins/${requestid}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${token}` }
    })
    expect(removed.status).toBe(202)
  }

  const a = await postPin(page, token, { cid: dirA.cid })
  const b = await postPin(page, token, { cid: dirB.cid })
  await waitForStatus(page, token, a.requestid, 'pinned')
  await waitForStatus(page, token, b.requestid, 'pinned')
  await remove(a.requestid)
  // Released and collected before it is asked for again.
  await expect.poll(async () => blocksHeld(page, onlyA), { timeout: 20_000, interval: 200 }).toEqual([])
  const aAgain = await postPin(page, token, { cid: dirA.cid })
  await waitForStatus(page, token, aAgain.requestid, 'pinned')
  await remove(b.requestid)
  await expect.poll(async () => blocksHeld(page, onlyB), { timeout: 20_000, interval: 200 }).toEqual([])
  // Collection has run: every block of A is still here.
  expect(await blocksHeld(page, blocksA)).toEqual(blocksA)
})

test('two tabs with one engine fetch each block once, and the other tab takes over when the engine tab closes', async () => {
  const first = await network.addRandomFile(2 * 1024 * 1024, 5, { chunkSize: 256 * 1024 })
  const { page, token } = await servicePage()
  const second = await openAnotherTab(page)
  const engineTabs = async () =>
    Promise.all([page, second].map(async (tab) => tab.evaluate(() => window.pinningService!.engine.running)))
  // The first tab's engine starts in a Worker of its own: wait for it before asking who runs it.
  await page.evaluate(async () => window.pinningService!.engine.started)
  expect(await engineTabs()).toEqual([true, false])

  const [a, b] = await Promise.all([
    postPin(page, token, { cid: first.cid, name: 'tab one' }),
    postPin(second, token, { cid: first.cid, name: 'tab two' })
  ])
  await Promise.all([
    waitForStatus(page, token, a.requestid, 'pinned'),
    waitForStatus(second, token, b.requestid, 'pinned')
  ])
  for (const cid of await dagBlocks(network, first.cid)) expect(network.blocksSent(cid), cid).toBe(1)

  await page.close()
  await expect.poll(async () => second.evaluate(() => window.pinningService!.engine.running), { timeout: 10_000 }).toBe(
    true
  )
  const later = await network.addRandomFile(512 * 1024, 6)
  const c = await postPin(second, token, { cid: later.cid })
  await waitForStatus(second, token, c.requestid, 'pinned')
})

test('a reload in the middle of pinning loses nothing and duplicates nothing: the work finishes after the next start', async () => {
  const file = await network.addRandomFile(8 * 1024 * 1024, 7, { chunkSize: 256 * 1024 })
  const { page, token } = await servicePage()
  network.setGatewayDelay(100)
  const added = await postPin(page, token, { cid: file.cid, name: 'survives reloads' })
  await waitForProgress(page, token, added.requestid)
  await page.reload()
  await page.waitForFunction(() => window.pinningService !== undefined)
  network.setGatewayDelay(0)
  const pinned = await waitForStatus(page, token, added.requestid, 'pinned')
  expect(pinned.info.dag_size).toBe(String(file.dagSize))
  const listed = JSON.parse(
    (await fetchInPage(page, `/api/v1/pins?cid=${file.cid}`, { headers: { Authorization: `Bearer ${token}` } })).body
  )
  expect(listed.count).toBe(1)
  expect(await sha256InPage(page, file.cid)).toBe(file.sha256)
})

test('a 50 MiB DAG survives a browser restart and reads back offline, byte for byte', async () => {
  const file = await network.addRandomFile(50 * 1024 * 1024, 8)
  const { page, token } = await servicePage()
  const added = await postPin(page, token, { cid: file.cid, origins: [network.gatewayMultiaddr] })
  await waitForStatus(page, token, added.requestid, 'pinned', 120_000)
  browser = await browser!.reopen()
  network.setGatewayEnabled(false)
  network.advertise({ gateway: false, websockets: false })
  const restarted = await openServicePage(browser.context, { engine: networkSettings(network) })
  expect((await getPinStatus(restarted, token, added.requestid)).status).toBe('pinned')
  expect(await sha256InPage(restarted, file.cid)).toBe(file.sha256)
  expect(await restarted.evaluate(async () => window.pinningService!.storageUsage())).toMatchObject({
    dags: 1,
    bytes: file.dagSize,
    blocks: file.blocks
  })
}, 180_000)

/** Waits until the engine reports blocks fetched for this pin (it is mid-way). */
async function waitForProgress (page: Page, token: string, requestid: string): Promise<void> {
  await expect.poll(async () => Number((await getPinStatus(page, token, requestid)).info.blocks_fetched ?? 0), {
    timeout: 20_000,
    interval: 100
  }).toBeGreaterThan(0)
}
