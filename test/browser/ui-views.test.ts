import { afterEach, expect, test } from 'vitest'
import { refusingPort } from '../fixtures/refusing-port.ts'
import { randomCid } from '../support/cids.ts'
import { createToken, fetchInPage, openAnotherTab } from '../support/service-page.ts'
import { someBytes } from '../support/ui-content.ts'
import { DESKTOP, PHONE, openUi, openView, screenshot, seedPins, seriousViolations } from '../support/ui-page.ts'
import type { UiSession } from '../support/ui-page.ts'
import type { Page } from 'playwright-core'

let ui: UiSession | undefined
afterEach(async () => {
  await ui?.browser.dispose()
  ui = undefined
})

const VIEWS = ['Pins', 'Add', 'Tokens', 'Storage', 'Settings'] as const
type View = (typeof VIEWS)[number]

/** What a person came to each view for: it must be on screen without scrolling, also on a phone. */
const PRIMARY: Record<View, { role: 'link' | 'button', name: string }> = {
  Pins: { role: 'link', name: 'Add a pin' },
  Add: { role: 'button', name: 'Pin it' },
  Tokens: { role: 'button', name: 'Create token' },
  Storage: { role: 'button', name: 'Ask the browser to keep this data' },
  Settings: { role: 'button', name: 'Save settings' }
}

/** The page's width as laid out: wider than the screen means a sideways scroll. */
async function pageWidth (page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth))
}

/** Every view at both sizes: a screenshot, no sideways scroll on a phone, the primary action in view, and axe. */
async function checkEveryView (
  page: Page,
  state: 'empty' | 'full',
  ready: (view: View) => Promise<void>
): Promise<void> {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size)
    const label = size === DESKTOP ? 'desktop' : 'phone'
    for (const view of VIEWS) {
      await openView(page, view)
      await ready(view)
      await screenshot(page, `${view.toLowerCase()}-${state}-${label}`)
      expect(await pageWidth(page), `${view} (${state}) at ${label} width`).toBeLessThanOrEqual(size.width)
      await page.evaluate(() => {
        scrollTo(0, 0)
      })
      const primary = page.getByRole(PRIMARY[view].role, { name: PRIMARY[view].name, exact: true }).first()
      const box = await primary.boundingBox()
      expect(box, `${view}: ${PRIMARY[view].name}`).not.toBeNull()
      expect(box!.y + box!.height, `${view} (${state}) at ${label}: "${PRIMARY[view].name}" above the fold`)
        .toBeLessThanOrEqual(size.height)
      expect(await seriousViolations(page), `${view} (${state}) at ${label} width`).toEqual([])
    }
  }
}

test('every view, empty: calm, fits a 390 px phone with its primary action in view, no serious axe violation', async () => {
  ui = await openUi()
  const { page } = ui
  await checkEveryView(page, 'empty', async (view) => {
    if (view === 'Pins') await page.getByText('No pins yet.').waitFor()
    if (view === 'Tokens') await page.getByText('No tokens yet.').waitFor()
  })
  // No pin at all: no filters, counts or paging to puzzle over.
  await openView(page, 'Pins')
  expect(await page.locator('pin-list details.filters').count()).toBe(0)
  expect(await page.getByRole('navigation', { name: 'Pages' }).count()).toBe(0)
  expect(ui.errors).toEqual([])
})

test('every view, full: pins in every state, tokens in use, imports; details of a waiting and a failed pin', async () => {
  const [gateway, router] = await Promise.all([refusingPort(), refusingPort()])
  ui = await openUi({
    engine: {
      gateways: [`http://127.0.0.1:${gateway}`],
      routers: [`http://127.0.0.1:${router}`],
      allowInsecure: true,
      libp2p: 'never',
      pinTimeoutMs: 1000
    }
  })
  const { page } = ui
  // One pin runs out of time; then the deadline is long again and the others wait, saying why.
  await seedPins(page, [{
    cid: await randomCid(),
    name: 'quarterly-report-with-a-rather-long-name-2024.pdf',
    meta: { team: 'finance' }
  }])
  await expect.poll(
    async () =>
      page.evaluate(async () => (await window.pinningService!.pins.list({ statuses: ['failed'], limit: 1 })).count),
    { timeout: 15_000 }
  ).toBe(1)
  await page.evaluate(async () => {
    await window.pinningService!.settings.update({ pinTimeoutMs: 600_000 })
  })
  const cids = await Promise.all(Array.from({ length: 4 }, async () => randomCid()))
  await seedPins(page, cids.map((cid, i) => ({ cid, name: `holiday-photos-${i}.jpg`, meta: { app: 'demo' } })))
  await seedPins(page, [{ cid: await randomCid() }])
  // Tokens: one used through the API (it has a "last used"), one not.
  const token = await createToken(page, 'photo app on my laptop')
  await fetchInPage(page, '/api/v1/pins', { headers: { Authorization: `Bearer ${token}` } })
  await createToken(page, 'backup script')
  // An import from this computer: pinned with no network.
  await openView(page, 'Add')
  await page.locator('content-import #files').setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(someBytes(40_000, 9))
  })
  await expect.poll(async () => page.locator('import-result pin-status .badge').first().textContent(), {
    timeout: 20_000
  }).toBe('Pinned')

  await checkEveryView(page, 'full', async (view) => {
    if (view === 'Pins') {
      await expect.poll(
        async () => page.locator('pin-table pin-status .details').filter({ hasText: 'could not be reached' }).count(),
        { timeout: 10_000 }
      ).toBeGreaterThan(0)
    }
    if (view === 'Tokens') await page.getByText('Last used').waitFor()
  })

  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size)
    const label = size === DESKTOP ? 'desktop' : 'phone'
    await openView(page, 'Pins')
    for (
      const [name, shot] of [['holiday-photos-3.jpg', 'waiting'], [
        'quarterly-report-with-a-rather-long-name-2024.pdf',
        'failed'
      ]] as const
    ) {
      await page.getByRole('link', { name, exact: true }).click()
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('heading', { name }).waitFor()
      await dialog.locator('ul.sources li').first().waitFor()
      await screenshot(page, `details-${shot}-${label}`, { fullPage: false })
      expect(await pageWidth(page), `details (${shot}) at ${label} width`).toBeLessThanOrEqual(size.width)
      expect(
        await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth),
        `the dialog scrolls sideways at ${label} width`
      ).toBe(true)
      expect(await seriousViolations(page), `pin details (${shot}) at ${label} width`).toEqual([])
      await dialog.getByRole('button', { name: 'Close' }).click()
    }
  }
  expect(ui.errors).toEqual([])
})

test('the engine badge: running here, running in another tab, and here again once that tab closes', async () => {
  ui = await openUi()
  const badge = (page: Page) => page.locator('engine-state span')
  await expect.poll(async () => badge(ui!.page).textContent(), { timeout: 20_000 }).toBe('Engine running')
  const second = await openAnotherTab(ui.page)
  await expect.poll(async () => badge(second).textContent(), { timeout: 20_000 }).toBe('Engine running in another tab')
  await ui.page.close()
  await expect.poll(async () => badge(second).textContent(), { timeout: 30_000 }).toBe('Engine running')
})
