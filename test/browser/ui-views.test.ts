import { afterEach, expect, test } from 'vitest'
import { randomCid } from '../support/cids.ts'
import { DESKTOP, PHONE, openUi, openView, screenshot, seedPins, seriousViolations } from '../support/ui-page.ts'
import type { UiSession } from '../support/ui-page.ts'

let ui: UiSession | undefined
afterEach(async () => {
  await ui?.browser.dispose()
  ui = undefined
})

const VIEWS = ['Pins', 'Add', 'Tokens', 'Storage', 'Settings'] as const

test('every main view: no serious or critical axe violations; screenshots at desktop and phone width', async () => {
  ui = await openUi()
  const { page } = ui
  const cids = await Promise.all(Array.from({ length: 6 }, async () => randomCid()))
  await seedPins(page, cids.map((cid, i) => ({ cid, name: `holiday-photos-${i}.jpg`, meta: { app: 'demo' } })))
  await page.evaluate(async () => { await window.pinningService!.tokens.create('laptop') })

  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size)
    const label = size === DESKTOP ? 'desktop' : 'phone'
    for (const view of VIEWS) {
      await openView(page, view)
      if (view === 'Pins') await page.getByRole('link', { name: 'holiday-photos-5.jpg' }).waitFor()
      await screenshot(page, `${view.toLowerCase()}-${label}`)
      expect(await seriousViolations(page), `${view} at ${label} width`).toEqual([])
    }
    await openView(page, 'Pins')
    await page.getByRole('link', { name: 'holiday-photos-3.jpg' }).click()
    await page.getByRole('dialog').getByRole('heading', { name: 'holiday-photos-3.jpg' }).waitFor()
    await screenshot(page, `details-${label}`, { fullPage: false })
    expect(await seriousViolations(page), `pin details at ${label} width`).toEqual([])
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()
  }
  expect(ui.errors).toEqual([])
})
