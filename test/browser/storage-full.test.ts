import { afterAll, afterEach, beforeAll, expect, inject, test } from 'vitest'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { launchBrowser } from '../support/chromium.ts'
import { getPin, networkSettings, postPin, waitForStatus } from '../support/engine-helpers.ts'
import { createToken, fetchInPage, openServicePage } from '../support/service-page.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { BrowserSession } from '../support/chromium.ts'

/** Storage runs out: the pin that needs too much fails at once and says why; the others and the API go on. */
const MiB = 1024 * 1024
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

/** The service page, with the origin's quota held to `quota` bytes by the DevTools protocol before it opens any storage. */
async function servicePageWithQuota (quota: number) {
  browser = await launchBrowser()
  const page = browser.context.pages()[0] ?? await browser.context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => {
    errors.push(error.message)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`)
  })
  const cdp = await browser.context.newCDPSession(page)
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: inject('pageOrigin'), quotaSize: quota })
  await openServicePage(browser.context, {
    engine: networkSettings(network, { concurrency: 3, pinTimeoutMs: 120_000 })
  })
  return { page, token: await createToken(page), errors }
}

/** Polls a pin until `ok` holds of it; returns when that was first seen. */
async function whenPin (
  page: Parameters<typeof getPin>[0],
  token: string,
  requestid: string,
  ok: (pin: any) => boolean,
  timeoutMs: number
): Promise<{ at: number, pin: any }> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const pin = await getPin(page, token, requestid)
    if (ok(pin)) return { at: Date.now(), pin }
    if (Date.now() > until) throw new Error(`pin ${requestid} never did; last ${JSON.stringify(pin)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

test('a pin larger than the room left fails within seconds with a plain reason, and a small pin asked for meanwhile is pinned', async () => {
  const big = await network.addRandomFile(60 * MiB, 61)
  const small = await network.addRandomFile(1 * MiB, 62)
  network.advertise({ gateway: true, websockets: false })
  network.setGatewayDelay(20)
  const { page, token, errors } = await servicePageWithQuota(30 * MiB)

  const bigPin = await postPin(page, token, { cid: big.cid, name: 'too big' })
  await whenPin(page, token, bigPin.requestid, (pin) => Number(pin.info?.bytes_fetched ?? 0) > 5 * MiB, 30_000)
  const smallPin = await postPin(page, token, { cid: small.cid, name: 'small' })
  const smallAskedAt = Date.now()
  // The quota ends the big pin near 30 MiB: it fails within 5 s of coming close, not at its deadline (2 min).
  const close = await whenPin(
    page,
    token,
    bigPin.requestid,
    (pin) => pin.status === 'failed' || Number(pin.info?.bytes_fetched ?? 0) > 22 * MiB,
    30_000
  )
  const failed = await whenPin(
    page,
    token,
    bigPin.requestid,
    (pin) => pin.status !== 'pinning' && pin.status !== 'queued',
    10_000
  )
  expect(failed.pin.status).toBe('failed')
  expect(failed.at - close.at).toBeLessThan(5000)
  expect(failed.pin.info.status_details).toMatch(
    /^Not enough storage: The browser .*; this DAG needs at least 60 MiB\. Free space by deleting pins/
  )
  const pinned = await whenPin(
    page,
    token,
    smallPin.requestid,
    (pin) => pin.status !== 'pinning' && pin.status !== 'queued',
    10_000
  )
  expect(pinned.pin.status).toBe('pinned')
  expect(pinned.at - smallAskedAt).toBeLessThan(5000)
  // What the big pin wrote is collected: the node holds the small DAG alone.
  await expect.poll(async () => page.evaluate(async () => window.pinningService!.storageUsage()), { timeout: 10_000 })
    .toEqual({ dags: 1, blocks: 1, bytes: small.dagSize })
  // The Storage view says which pin did not fit, why, and what would make room.
  await page.evaluate(() => {
    location.hash = '#storage'
  })
  const card = page.locator('storage-panel section', { has: page.getByRole('heading', { name: '1 pin did not fit' }) })
  await expect.poll(async () => card.textContent(), { timeout: 10_000 }).toContain('this DAG needs at least 60 MiB')
  expect(await card.getByRole('link', { name: 'too big' }).getAttribute('href')).toBe(`#pins/${bigPin.requestid}`)
  expect(await card.textContent()).toMatch(/ask the browser to keep this site's data/)
  expect(errors).toEqual([])
})

test('a full disk never breaks the API: with pinned content filling the site, new requests, replace and delete still work', async () => {
  const filler = await network.addRandomFile(22 * MiB, 63)
  const extra = await network.addRandomFile(12 * MiB, 64)
  network.advertise({ gateway: true, websockets: false })
  network.setGatewayDelay(0)
  const { page, token, errors } = await servicePageWithQuota(30 * MiB)
  await waitForStatus(
    page,
    token,
    (await postPin(page, token, { cid: filler.cid, name: 'filler' })).requestid,
    'pinned',
    30_000
  )
  const refused = await postPin(page, token, { cid: extra.cid, name: 'no room' })
  const failed = await waitForStatus(page, token, refused.requestid, 'failed', 30_000)
  expect(failed.info.status_details).toMatch(/^Not enough storage/)

  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
  const posted = await fetchInPage(page, '/api/v1/pins', {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ cid: 'bafkqaaa', name: 'still taken' })
  })
  expect(posted.status).toBe(202)
  const replaced = await fetchInPage(page, `/api/v1/pins/${JSON.parse(posted.body).requestid}`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ cid: 'bafkqaaa', name: 'replaced' })
  })
  expect(replaced.status).toBe(202)
  expect((await fetchInPage(page, `/api/v1/pins/${refused.requestid}`, { method: 'DELETE', headers: auth })).status)
    .toBe(202)
  const listed = JSON.parse(
    (await fetchInPage(page, '/api/v1/pins?status=queued,pinning,pinned,failed', { headers: auth })).body
  )
  expect(listed.results.map((pin: any) => pin.pin.name).sort()).toEqual(['filler', 'replaced'])
  expect(errors).toEqual([])
})
