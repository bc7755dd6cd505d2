import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { networkSettings } from '../support/engine-helpers.ts'
import { sha256Held } from '../support/ui-content.ts'
import { openUi, openView, screenshot } from '../support/ui-page.ts'
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
  network.setGatewayDelay(0)
})

interface Seen {
  badge: string | null
  /** The bar's value and maximum (blocks received of blocks known so far); null without a bar. */
  bar: [number, number] | null
  details: string | null
  size: string | null
}

test('a pin fetched from the network shows its progress (a bar that fills as blocks arrive), then pinned with its size', async () => {
  // 16 leaves of 256 KiB behind a slow gateway: the fetch takes a few seconds, long enough to watch.
  const file = await network.addRandomFile(4 * 1024 * 1024, 7, { chunkSize: 256 * 1024 })
  network.setGatewayDelay(400)
  ui = await openUi({ engine: networkSettings(network) })
  const { page } = ui
  await openView(page, 'Add')
  const form = page.locator('pin-form')
  await form.getByLabel('CID or link', { exact: true }).fill(file.cid)
  await form.getByLabel('Name', { exact: true }).fill('from the network')
  await form.getByRole('button', { name: 'Pin it' }).click()
  await openView(page, 'Pins')

  const row = page.locator('pin-table tbody tr').first()
  const seen: Seen[] = []
  const until = Date.now() + 45_000
  let shot = false
  while (Date.now() < until) {
    const now: Seen = await row.evaluate((tr) => {
      const status = tr.querySelector('pin-status')?.shadowRoot
      return {
        badge: status?.querySelector('.badge')?.textContent ?? null,
        bar: ((bar) => bar == null ? null : [bar.value, bar.max] as [number, number])(
          status?.querySelector('progress')
        ),
        details: status?.querySelector('.details')?.textContent ?? null,
        size: tr.querySelector('.size')?.textContent?.trim() ?? null
      }
    })
    seen.push(now)
    if (!shot && /Fetching: [1-9]/.test(now.details ?? '')) {
      await screenshot(page, 'pins-progress-desktop')
      shot = true
    }
    if (now.badge === 'Pinned' || now.badge === 'Failed') break
    await page.waitForTimeout(50)
  }

  const fetching = seen.filter((s) => s.badge === 'Pinning' && /^Fetching: \d+ blocks/.test(s.details ?? ''))
  expect(fetching.length, JSON.stringify(seen.slice(-5))).toBeGreaterThan(0)
  expect(fetching.every((s) => s.bar !== null)).toBe(true)
  // The counts grow, and so does the size column ("so far") while fetching; the bar shows the blocks received.
  const counts = fetching.map((s) => Number(/Fetching: (\d+)/.exec(s.details ?? '')?.[1]))
  expect(counts).toEqual([...counts].sort((a, b) => a - b))
  expect(
    fetching.every((s) => s.bar![0] === Number(/Fetching: (\d+)/.exec(s.details ?? '')?.[1]) && s.bar![0] <= s.bar![1])
  ).toBe(true)
  // It never moves by itself: before the first block it stays empty.
  expect(seen.filter((s) => s.badge === 'Pinning' && !/^Fetching/.test(s.details ?? '')).every((s) => s.bar?.[0] === 0))
    .toBe(true)
  expect(fetching.some((s) => /so far$/.test(s.size ?? ''))).toBe(true)
  const last = seen.at(-1)!
  expect(last.badge).toBe('Pinned')
  expect(last.bar).toBe(null)
  expect(last.size).toBe(`${(file.dagSize / 1024 / 1024).toFixed(1)} MiB`)

  await row.getByRole('link', { name: 'from the network' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('heading', { name: 'from the network' }).waitFor()
  // The details tell the whole story, in words: size and blocks as the engine wrote them, formatted.
  const info = await dialog.locator('tbody tr').allTextContents()
  expect(info).toEqual(
    expect.arrayContaining([
      `Size${(file.dagSize / 1024 / 1024).toFixed(1)} MiB (${file.dagSize.toLocaleString('en')} bytes)`,
      `Blocks${file.blocks}`
    ])
  )
  expect(await sha256Held(page, file.cid)).toBe(file.sha256)
  expect(ui.errors).toEqual([])
})
