import { afterEach, expect, test } from 'vitest'
import { DEFAULT_ENGINE_CONFIG } from '../../src/settings/engine-config.ts'
import { NO_NETWORK } from '../support/service-page.ts'
import { openUi, openView } from '../support/ui-page.ts'
import type { UiSession } from '../support/ui-page.ts'

let ui: UiSession | undefined
afterEach(async () => {
  await ui?.browser.dispose()
  ui = undefined
})

test('settings: checked as typed, the service\'s own message on a bad save, kept across a reload, back to defaults', async () => {
  ui = await openUi()
  const { page } = ui
  await openView(page, 'Settings')
  const form = page.locator('settings-form')
  const concurrency = form.getByLabel('Pins fetched at once')

  await concurrency.fill('0')
  await expect.poll(async () => form.locator('#concurrency-error').textContent()).toBe(
    'concurrency must be a whole number from 1 to 32'
  )
  await form.getByLabel('Trustless gateways').fill('ftp://nope.example')
  await expect.poll(async () => form.locator('#gateways-error').textContent()).toContain(
    '"ftp://nope.example" is not an http(s) URL'
  )
  await form.getByRole('button', { name: 'Save settings' }).click()
  const alert = form.getByRole('alert')
  await alert.waitFor()
  expect(await alert.textContent()).toMatch(/^Invalid settings: .*concurrency must be a whole number from 1 to 32/)
  expect((await page.evaluate(async () => window.pinningService!.settings.get())).concurrency).toBe(
    DEFAULT_ENGINE_CONFIG.concurrency
  )

  // Valid values: saved, and still there after a reload. (Only loopback addresses: the engine may use them.)
  await form.getByLabel('Trustless gateways').fill('http://127.0.0.1:9/\nhttp://127.0.0.1:10/')
  await concurrency.fill('5')
  await form.getByLabel('Deadline per pin (seconds)').fill('90')
  await form.getByRole('button', { name: 'Save settings' }).click()
  await form.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor()
  await page.reload()
  await page.waitForFunction(() => window.pinningService !== undefined)
  await page.getByRole('heading', { level: 2, name: 'Settings', exact: true }).waitFor()
  await expect.poll(async () => form.getByLabel('Pins fetched at once').inputValue()).toBe('5')
  expect(await form.getByLabel('Deadline per pin (seconds)').inputValue()).toBe('90')
  expect(await form.getByLabel('Trustless gateways').inputValue()).toBe('http://127.0.0.1:9/\nhttp://127.0.0.1:10/')
  expect(await page.evaluate(async () => window.pinningService!.settings.get())).toMatchObject({
    concurrency: 5,
    pinTimeoutMs: 90_000,
    gateways: ['http://127.0.0.1:9/', 'http://127.0.0.1:10/']
  })

  // Restore asks first, then shows the defaults.
  await form.getByRole('button', { name: 'Restore defaults…' }).click()
  await form.getByRole('group', { name: 'Restore the defaults?' }).getByRole('button', { name: 'Restore defaults' })
    .click()
  await form.getByRole('status').filter({ hasText: 'The default settings are back.' }).waitFor()
  expect(await form.getByLabel('Pins fetched at once').inputValue()).toBe(String(DEFAULT_ENGINE_CONFIG.concurrency))
  expect(await form.getByLabel('Trustless gateways').inputValue()).toBe(DEFAULT_ENGINE_CONFIG.gateways.join('\n'))
  expect(await page.evaluate(async () => window.pinningService!.settings.get())).toEqual(DEFAULT_ENGINE_CONFIG)
  // Back off the network before the test ends (the defaults name public gateways).
  await page.evaluate(async (settings) => {
    await window.pinningService!.settings.update(settings)
  }, NO_NETWORK)
  expect(ui.errors).toEqual([])
})

test('storage: what the node holds, the browser quota, persistence, and asking for it', async () => {
  ui = await openUi()
  const { page } = ui
  // Something to hold: a file imported and pinned locally.
  await page.evaluate(async () => {
    const file = new File([new Uint8Array(300_000).fill(7)], 'sevens.bin')
    await window.pinningService!.imports.importFiles([{ path: 'sevens.bin', file }])
  })
  await openView(page, 'Storage')
  const panel = page.locator('storage-panel')
  const usage = await page.evaluate(async () => {
    const until = Date.now() + 15_000
    while (Date.now() < until) {
      const usage = await window.pinningService!.storageUsage()
      if (usage.dags > 0) return usage
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('nothing was pinned')
  })
  expect(usage.bytes).toBeGreaterThanOrEqual(300_000)
  // The panel follows the change feed: it shows the figures without a reload.
  await expect.poll(async () => panel.locator('.figures dd').allTextContents()).toEqual([
    '293 KiB',
    '1',
    String(usage.blocks)
  ])

  // Chromium's quota follows the disk's free space, which moves while other tests write:
  // the panel must show the browser's figure as it was read, so compare within 1%.
  const estimate = await page.evaluate(async () => navigator.storage.estimate())
  expect(await panel.getByText(/used of .* available/).textContent()).toMatch(
    /^[\d.]+ [KMG]?i?B used of [\d.]+ [KMGT]iB available$/
  )
  const shownQuota = Number(await panel.locator('meter').getAttribute('max'))
  expect(Math.abs(shownQuota - estimate.quota!) / estimate.quota!).toBeLessThan(0.01)

  // Headless Chromium never grants persistence: the panel says so plainly.
  expect(await panel.getByText('Not persistent.').count()).toBe(1)
  await panel.getByRole('button', { name: 'Ask the browser to keep this data' }).click()
  await panel.getByRole('status').filter({ hasText: 'The browser declined for now.' }).waitFor()
  expect(ui.errors).toEqual([])
})
