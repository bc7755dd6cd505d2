import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { refusingPort } from '../fixtures/refusing-port.ts'
import { randomCid } from '../support/cids.ts'
import { getPin, networkSettings, postPin, waitForStatus } from '../support/engine-helpers.ts'
import { createToken, fetchInPage } from '../support/service-page.ts'
import { openUi, screenshot, seedPins } from '../support/ui-page.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { UiSession } from '../support/ui-page.ts'

let network: IpfsNetwork
let ui: UiSession | undefined
beforeAll(async () => {
  network = await startIpfsNetwork()
})
afterAll(async () => {
  await network.stop()
})
afterEach(async () => {
  await ui?.browser.dispose()
  ui = undefined
  network.advertise({ gateway: true, websockets: true })
})

const UNREACHABLE = 'could not be reached (no connection, or the browser blocked the request)'
const SETTING = '“Allow http://, ws:// and local addresses” is off in Settings'

test('every gateway and router refusing connections: within 5 s the pin says so, and how long it keeps trying', async () => {
  const [gatewayA, gatewayB, router] = await Promise.all([refusingPort(), refusingPort(), refusingPort()])
  const refusing = (port: number) => `http://127.0.0.1:${port}`
  ui = await openUi({
    engine: {
      gateways: [refusing(gatewayA), refusing(gatewayB)],
      routers: [refusing(router)],
      allowInsecure: true,
      libp2p: 'never',
      pinTimeoutMs: 120_000
    }
  })
  const { page } = ui
  const cid = await randomCid()
  const requested = Date.now()
  await seedPins(page, [{ cid, name: 'nobody answers' }])

  const status = page.locator('pin-table pin-status')
  await expect.poll(async () => status.locator('.details').textContent(), { timeout: 5000, interval: 100 })
    .toMatch(
      /^(Looking for it|Not found yet): 2 gateways could not be reached \(127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+\); router 127\.0\.0\.1:\d+ could not be reached\./
    )
  expect(await status.locator('.left').textContent()).toMatch(/^Gives up in (1 min \d{1,2} s|2 min)$/)
  // Nothing arrived: the bar is there, empty, and does not move by itself.
  expect(
    await status.locator('progress').evaluate((
      bar: HTMLProgressElement
    ) => [bar.value, bar.getAttribute('aria-valuetext')])
  ).toEqual([0, 'Nothing received yet'])

  // The API tells the same story, per source.
  const token = await createToken(page)
  const [listed] = JSON.parse(
    (await fetchInPage(page, `/api/v1/pins?cid=${cid}`, { headers: { Authorization: `Bearer ${token}` } })).body
  ).results
  expect(listed.status).toBe('pinning')
  expect(listed.info.sources.split('\n')).toEqual([
    `gateway ${refusing(gatewayA)}: ${UNREACHABLE}`,
    `gateway ${refusing(gatewayB)}: ${UNREACHABLE}`,
    `router ${refusing(router)}: ${UNREACHABLE}`
  ])
  const left = Date.parse(listed.info.deadline) - requested
  expect(left).toBeGreaterThan(100_000)
  expect(left).toBeLessThanOrEqual(125_000)
  // Between attempts it says when it asks again, and counts down to it.
  await expect.poll(async () => status.locator('.details').textContent(), { timeout: 10_000 }).toMatch(
    /Trying again (in \d+ s|now)\.$/
  )
  await screenshot(page, 'pins-unreachable-desktop')
  expect(ui.errors).toEqual([])
})

test('an origin the settings refuse is named, with the setting that would allow it', async () => {
  ui = await openUi({
    engine: { gateways: [], routers: [], allowInsecure: false, libp2p: 'never', pinTimeoutMs: 120_000 }
  })
  const { page } = ui
  const origin = '/ip4/127.0.0.1/tcp/9/http'
  await seedPins(page, [{ cid: await randomCid(), name: 'local only', origins: [origin] }])
  const details = page.locator('pin-table pin-status .details')
  await expect.poll(async () => details.textContent(), { timeout: 5000, interval: 100 })
    .toMatch(
      `Nowhere it may look: origin gateway ${origin} is not used: plain http:// and ws:// are not used while ${SETTING}.`
    )

  await page.getByRole('link', { name: 'local only' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('heading', { name: 'local only' }).waitFor()
  expect(await dialog.locator('ul.sources li').allTextContents()).toEqual([
    `origin gateway ${origin}: is not used: plain http:// and ws:// are not used while ${SETTING}`
  ])
  expect(await dialog.locator('pin-status .left').textContent()).toMatch(/^Gives up in (1 min \d{1,2} s|2 min)$/)
  expect(ui.errors).toEqual([])
})

test('a libp2p origin that cannot be dialled is said so, with what libp2p answered', async () => {
  const port = await refusingPort()
  const origin = `/ip4/127.0.0.1/tcp/${port}/ws/p2p/12D3KooWPAQzJxB61eyeDyuXWv2HiNRdomjcaVWQxjkXG6Uthvrh`
  ui = await openUi({
    engine: { gateways: [], routers: [], allowInsecure: true, libp2p: 'auto', pinTimeoutMs: 120_000 }
  })
  const { page } = ui
  const token = await createToken(page)
  const pin = await postPin(page, token, { cid: await randomCid(), name: 'peer gone', origins: [origin] })
  await expect.poll(async () => (await getPin(page, token, pin.requestid)).info.sources ?? '', { timeout: 20_000 })
    .toMatch(new RegExp(`^origin peer ${origin}: could not be dialled \\(.+\\)$`))
  expect((await getPin(page, token, pin.requestid)).info.status_details).toMatch(
    /^(Looking for it|Not found yet): origin peer \/ip4\/127\.0\.0\.1\/tcp\/\d+\/ws\/p2p\/12D3.* could not be dialled\./
  )
  expect(ui.errors).toEqual([])
})

test('Retry turns a failed pin into pinned once a source appears, on the page and through the API', async () => {
  const [first, second] = await Promise.all([
    network.addRandomFile(300 * 1024, 21),
    network.addRandomFile(200 * 1024, 22)
  ])
  network.advertise({ gateway: false, websockets: false }) // routing knows no provider yet
  ui = await openUi({ engine: networkSettings(network, { pinTimeoutMs: 2000 }) })
  const { page } = ui
  const token = await createToken(page)
  const onPage = await postPin(page, token, { cid: first.cid, name: 'try me again' })
  const viaApi = await postPin(page, token, { cid: second.cid, name: 'and me' })
  for (const pin of [onPage, viaApi]) {
    const failed = await waitForStatus(page, token, pin.requestid, 'failed', 20_000).catch(async () =>
      getPin(page, token, pin.requestid)
    )
    expect(failed.status).toBe('failed')
    expect(failed.info.status_details).toMatch(
      new RegExp(
        `^Gave up on ${pin.pin.cid} after 2 s: nothing arrived\\. What was tried: router 127\\.0\\.0\\.1:\\d+ found no providers\\.$`
      )
    )
  }
  await screenshot(page, 'pins-failed-desktop')

  // A source appears; the deadline is long enough again.
  network.advertise({ gateway: true, websockets: false })
  await page.evaluate(async () => {
    await window.pinningService!.settings.update({ pinTimeoutMs: 60_000 })
  })

  await page.locator('pin-table').getByRole('button', { name: 'Retry try me again' }).click()
  await expect.poll(
    async () =>
      page.locator('pin-table tbody tr').filter({ hasText: 'try me again' }).locator('pin-status .badge').textContent(),
    { timeout: 30_000 }
  ).toBe('Pinned')
  expect((await getPin(page, token, onPage.requestid)).httpStatus).toBe(404) // retried: a new request took its place

  // Through the API, Retry is a replace with the same pin.
  const replaced = await fetchInPage(page, `/api/v1/pins/${viaApi.requestid}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: JSON.stringify(viaApi.pin)
  })
  expect(replaced.status).toBe(202)
  const again = JSON.parse(replaced.body)
  expect(again.pin).toEqual(viaApi.pin)
  await waitForStatus(page, token, again.requestid, 'pinned', 30_000)
  expect(ui.errors).toEqual([])
})

test('a pin that waits says why in its details: sources, time left and progress in plain words', async () => {
  const port = await refusingPort()
  ui = await openUi({
    engine: {
      gateways: [`http://127.0.0.1:${port}`],
      routers: [],
      allowInsecure: true,
      libp2p: 'never',
      pinTimeoutMs: 600_000
    }
  })
  const { page } = ui
  await seedPins(page, [{ cid: await randomCid(), name: 'waiting' }])
  await page.getByRole('link', { name: 'waiting' }).click()
  const dialog = page.getByRole('dialog')
  await expect.poll(async () => dialog.locator('ul.sources li').allTextContents(), { timeout: 5000 }).toEqual([
    `gateway http://127.0.0.1:${port}: ${UNREACHABLE}`
  ])
  const rows = await dialog.locator('table tbody tr th').allTextContents()
  expect(rows).toEqual(expect.arrayContaining(['Blocks received', 'Received', 'Gives up at']))
  expect(rows).not.toContain('status_details')
  // The engine's sentence appears once, beside the badge.
  const sentence = await dialog.locator('pin-status .details:not(.counts)').textContent()
  expect(sentence).toMatch(/could not be reached/)
  expect(await dialog.getByText(sentence!, { exact: true }).count()).toBe(1)
  await screenshot(page, 'details-waiting-desktop', { fullPage: false })
  expect(ui.errors).toEqual([])
})
