import { afterEach, expect, test } from 'vitest'
import { openUi } from '../support/ui-page.ts'
import type { UiSession } from '../support/ui-page.ts'
import type { Page } from 'playwright-core'

/**
 * How many pins to store. Seeding is the slow part (the store takes ~3 ms per pin on 2 cores: 100,000 take about
 * five minutes), so the default run uses 20,000; `UI_SCALE_PINS=100000` runs the full size. A multiple of 10,000.
 */
const PINS = Number(process.env.UI_SCALE_PINS ?? 20_000)
const BATCH = 10_000
const nameOf = (n: number) => `pin-${String(n).padStart(6, '0')}`
const total = PINS.toLocaleString('en')

let ui: UiSession | undefined
afterEach(async () => {
  await ui?.browser.dispose()
  ui = undefined
})

/** Milliseconds until the list's first row and summary read as expected. */
async function timeUntil (
  page: Page,
  firstName: string,
  summary: string | RegExp,
  action: () => Promise<void>
): Promise<number> {
  const start = Date.now()
  await action()
  await expect.poll(async () => page.locator('pin-table a.name').first().textContent(), {
    timeout: 20_000,
    interval: 20
  }).toBe(firstName)
  await expect.poll(async () => page.locator('pin-list .summary').textContent(), { timeout: 20_000, interval: 20 })
    .toMatch(summary)
  return Date.now() - start
}

test(`the list stays fast with ${total} pins stored: indexed queries, one page at a time`, {
  timeout: 60_000 + PINS * 6
}, async () => {
  ui = await openUi()
  const { page } = ui
  const seeding = Date.now()
  for (let start = 0; start < PINS; start += BATCH) {
    await page.evaluate(async ({ start, count }) => {
      // CIDv1 (raw, sha2-256) of each pin's name: content nobody provides, so the engine leaves the pins waiting.
      const base32 = 'abcdefghijklmnopqrstuvwxyz234567'
      const encode = (bytes: Uint8Array) => {
        let bits = 0
        let value = 0
        let out = 'b'
        for (const byte of bytes) {
          value = ((value << 8) | byte) & 0xffff
          bits += 8
          while (bits >= 5) {
            out += base32[(value >>> (bits - 5)) & 31]
            bits -= 5
          }
        }
        return bits > 0 ? out + base32[(value << (5 - bits)) & 31] : out
      }
      const pins = await Promise.all(Array.from({ length: count }, async (_, i) => {
        const n = start + i
        const name = `pin-${String(n).padStart(6, '0')}` // nameOf, inside the page
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(name)))
        return {
          cid: encode(new Uint8Array([0x01, 0x55, 0x12, 0x20, ...digest])),
          name,
          meta: { batch: String(Math.floor(n / 10_000)) }
        }
      }))
      await window.pinningService!.pins.addMany(pins)
    }, { start, count: BATCH })
  }
  console.log(`seeded ${PINS} pins in ${Date.now() - seeding} ms`)

  const timings: Record<string, number> = {}
  timings.firstPage = await timeUntil(page, nameOf(PINS - 1), `Showing 1–20 of ${total}`, async () => {
    await page.reload()
    await page.waitForFunction(() => window.pinningService !== undefined)
  })
  expect(await page.locator('pin-table tbody tr').count()).toBe(20)

  const older = page.getByRole('button', { name: 'Older →' })
  timings.olderPage = await timeUntil(page, nameOf(PINS - 21), `Showing 21–40 of ${total}`, async () => {
    await older.click()
  })
  timings.olderAgain = await timeUntil(page, nameOf(PINS - 41), `Showing 41–60 of ${total}`, async () => {
    await older.click()
  })
  await page.getByRole('button', { name: 'Back to the newest' }).click()

  const filters = page.locator('pin-filters')
  await filters.getByLabel('How the name matches').selectOption('exact')
  timings.exactName = await timeUntil(page, 'pin-012345', 'Showing 1–1 of 1', async () => {
    await filters.getByLabel('Name', { exact: true }).fill('pin-012345')
  })
  timings.partialName = await timeUntil(page, 'pin-012349', 'Showing 1–10 of 10', async () => {
    await filters.getByLabel('How the name matches').selectOption('ipartial')
    await filters.getByLabel('Name', { exact: true }).fill('PIN-01234')
  })
  await filters.getByRole('button', { name: 'Clear filters' }).click()
  await filters.getByRole('button', { name: '+ Filter by meta' }).click()
  await filters.getByLabel('Meta key 1').fill('batch')
  timings.meta = await timeUntil(page, 'pin-019999', 'Showing 1–20 of 10,000', async () => {
    await filters.getByLabel('Meta value 1').fill('1')
  })
  console.log(`${total} pins; timings in ms (typed filters include the 250 ms typing pause):`, JSON.stringify(timings))

  // Generous bounds for a 2-core machine: each view is one indexed query, never a walk over every pin.
  expect(timings.firstPage).toBeLessThan(5000)
  for (const key of ['olderPage', 'olderAgain', 'exactName', 'meta'] as const) {
    expect(timings[key], key).toBeLessThan(1500)
  }
  expect(ui.errors).toEqual([])
})
