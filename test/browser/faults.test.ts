import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { startFaultyGateway } from '../fixtures/faulty-gateway.ts'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { launchBrowser } from '../support/chromium.ts'
import {
  dagBlocks,
  expectStoredExactly,
  getPin,
  networkSettings,
  postPin,
  sha256InPage,
  storedBlocks,
  waitForStatus
} from '../support/engine-helpers.ts'
import { createToken, fetchInPage, openServicePage } from '../support/service-page.ts'
import type { Fault, FaultyGateway } from '../fixtures/faulty-gateway.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { BrowserSession } from '../support/chromium.ts'
import type { Page } from 'playwright-core'

/**
 * Faults injected while the service works. After each: no pin stuck past its deadline, no block lost under a
 * pinned DAG, no block left that no pin holds, and no uncaught error in the page or its workers.
 */
const MiB = 1024 * 1024
let network: IpfsNetwork
let browser: BrowserSession | undefined
let faulty: FaultyGateway | undefined
beforeAll(async () => {
  network = await startIpfsNetwork()
})
afterAll(async () => {
  await network.stop()
})
afterEach(async () => {
  await browser?.dispose()
  await faulty?.close()
  browser = undefined
  faulty = undefined
  network.advertise({ gateway: true, websockets: true })
  network.setGatewayDelay(0)
})

/** Uncaught errors in a page (its workers' included, as Chromium reports them to the page). */
function uncaught (page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => {
    errors.push(error.message)
  })
  return errors
}

/** Exactly the blocks of these DAGs are stored: none lost under a pin, none left over. */
async function expectExactly (page: Page, roots: string[]): Promise<void> {
  await expectStoredExactly(page, network, roots)
}

test('the engine\'s Worker killed in the middle of a pin is replaced; the pin completes, nothing lost or left over', async () => {
  const file = await network.addRandomFile(24 * MiB, 81)
  network.advertise({ gateway: true, websockets: false })
  network.setGatewayDelay(150)
  browser = await launchBrowser()
  const page = await openServicePage(browser.context, { engine: networkSettings(network) })
  const errors = uncaught(page)
  const token = await createToken(page)
  const added = await postPin(page, token, { cid: file.cid })
  await expect.poll(async () => Number((await getPin(page, token, added.requestid)).info?.bytes_fetched ?? 0), {
    timeout: 30_000
  }).toBeGreaterThan(0)

  const engine = page.workers().find((worker) => worker.url().includes('engine-worker'))
  if (engine === undefined) throw new Error('the engine\'s worker is not running in this page')
  await engine.evaluate(() => {
    self.close()
  }).catch(() => {})
  network.setGatewayDelay(0)
  await waitForStatus(page, token, added.requestid, 'pinned', 45_000)
  expect(await sha256InPage(page, file.cid)).toBe(file.sha256)
  await expectExactly(page, [file.cid])
  expect(await page.evaluate(() => window.pinningService!.engine.running)).toBe(true)
  expect(errors).toEqual([])
})

test.each<Fault>(['corrupt', 'truncate', 'hang', 'reset'])(
  'a gateway that answers wrongly (%s) is asked, refused, and the blocks come from the other',
  async (fault) => {
    const file = await network.addRandomFile(3 * MiB + 5, 90 + fault.length)
    faulty = await startFaultyGateway(network.gatewayUrl, fault)
    browser = await launchBrowser()
    // The faulty gateway first: it is asked, and every block it answers is refused (its hash does not match,
    // its body is short) or never comes; the good one serves them all.
    const page = await openServicePage(browser.context, {
      engine: {
        gateways: [faulty.url, network.gatewayUrl],
        routers: [],
        allowInsecure: true,
        libp2p: 'never',
        pinTimeoutMs: 120_000
      }
    })
    const errors = uncaught(page)
    const token = await createToken(page)
    const added = await postPin(page, token, { cid: file.cid })
    await waitForStatus(page, token, added.requestid, 'pinned', 90_000)
    expect(faulty.requests).toBeGreaterThan(0)
    expect(await sha256InPage(page, file.cid)).toBe(file.sha256)
    await expectExactly(page, [file.cid])
    expect(errors).toEqual([])
  },
  120_000
)

test('a tab closed in the middle of an import leaves no blocks behind once the engine starts again', async () => {
  const kept = await network.addRandomFile(2 * MiB, 97)
  network.advertise({ gateway: true, websockets: false })
  browser = await launchBrowser()
  const page = await openServicePage(browser.context, { engine: networkSettings(network) })
  const token = await createToken(page)
  await waitForStatus(page, token, (await postPin(page, token, { cid: kept.cid })).requestid, 'pinned')

  // Another tab imports 40 MiB from "this computer" and is closed before its pin request exists.
  const importer = await browser.context.newPage()
  await importer.goto(page.url())
  await importer.waitForFunction(() => window.pinningService !== undefined)
  await importer.evaluate(() => {
    const big = new Uint8Array(40 * 1024 * 1024)
    for (let i = 0; i < big.length; i += 65_536) crypto.getRandomValues(big.subarray(i, i + 65_536))
    void window.pinningService!.imports.importFiles([{ path: 'big.bin', file: new Blob([big]) }])
  })
  const keptBlocks = (await dagBlocks(network, kept.cid)).length
  // Closed once some of its blocks are stored, long before the last one.
  await expect.poll(async () => (await storedBlocks(page)).length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(
    keptBlocks + 4
  )
  await importer.close()
  const afterClose = await storedBlocks(page)
  expect(afterClose.length).toBeGreaterThan(keptBlocks + 4)
  expect(afterClose.length).toBeLessThan(keptBlocks + 40)

  // The engine's next start sweeps what no pin holds; the pinned DAG stays whole.
  await page.reload()
  await page.waitForFunction(() => window.pinningService !== undefined)
  await expectExactly(page, [kept.cid])
  expect(
    JSON.parse(
      (await fetchInPage(page, '/api/v1/pins?status=queued,pinning,pinned,failed', {
        headers: { Authorization: `Bearer ${token}` }
      })).body
    ).count
  ).toBe(1)
})

test('a browser restarted in the middle of a collection finishes it on the next start; what stays pinned is whole', async () => {
  const files = Object.fromEntries(
    Array.from({ length: 400 }, (_, i) => [`f${i}.bin`, new Uint8Array(2048).map((_, j) => (i * 31 + j) % 251)])
  )
  const folder = await network.addDirectory(files)
  const kept = await network.addRandomFile(2 * MiB, 98)
  network.advertise({ gateway: true, websockets: false })
  browser = await launchBrowser()
  let page = await openServicePage(browser.context, { engine: networkSettings(network) })
  const token = await createToken(page)
  const auth = { Authorization: `Bearer ${token}` }
  const folderPin = await postPin(page, token, { cid: folder.cid })
  await waitForStatus(page, token, folderPin.requestid, 'pinned', 60_000)
  await waitForStatus(page, token, (await postPin(page, token, { cid: kept.cid })).requestid, 'pinned')

  // Deleting the folder's request starts its collection; the browser goes away while it runs.
  expect((await fetchInPage(page, `/api/v1/pins/${folderPin.requestid}`, { method: 'DELETE', headers: auth })).status)
    .toBe(202)
  await page.waitForTimeout(150)
  browser = await browser.reopen()
  page = await openServicePage(browser.context, { engine: networkSettings(network) })
  const errors = uncaught(page)
  await expectExactly(page, [kept.cid])
  expect(await sha256InPage(page, kept.cid)).toBe(kept.sha256)
  expect(errors).toEqual([])
})
