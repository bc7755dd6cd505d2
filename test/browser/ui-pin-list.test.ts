import { afterEach, expect, test } from 'vitest'
import { cidPair, randomCid } from '../support/cids.ts'
import { NO_NETWORK, openAnotherTab } from '../support/service-page.ts'
import { openUi, openView, seedPins } from '../support/ui-page.ts'
import type { UiSession } from '../support/ui-page.ts'
import type { Page } from 'playwright-core'

let ui: UiSession | undefined
afterEach(async () => {
  await ui?.browser.dispose()
  ui = undefined
})

/** The names in the list, top to bottom, once they equal `expected` (the list re-queries on its own). */
async function expectNames (page: Page, expected: string[]): Promise<void> {
  await expect.poll(async () => page.locator('pin-table a.name').allTextContents(), { timeout: 5000 }).toEqual(expected)
}

test('filters: status, name in all four match modes, CID (v0 finds v1), meta; a bad CID gets the API\'s message', async () => {
  ui = await openUi()
  const { page } = ui
  const pair = await cidPair()
  await seedPins(page, [
    { cid: pair.v0, name: 'Alpha.PDF', meta: { team: 'red' } },
    { cid: await randomCid(), name: 'alpha.pdf', meta: { team: 'blue' } },
    { cid: await randomCid(), name: 'beta-alpha', meta: { team: 'red', year: '2024' } },
    { cid: await randomCid(), name: 'gamma' }
  ])
  await expectNames(page, ['gamma', 'beta-alpha', 'alpha.pdf', 'Alpha.PDF'])
  const filters = page.locator('pin-filters')
  const name = filters.getByLabel('Name', { exact: true })
  const match = filters.getByLabel('How the name matches')

  await name.fill('alpha') // default: contains, any case
  await expectNames(page, ['beta-alpha', 'alpha.pdf', 'Alpha.PDF'])
  await name.fill('Alpha')
  await match.selectOption('partial')
  await expectNames(page, ['Alpha.PDF'])
  await name.fill('ALPHA.pdf')
  await match.selectOption('iexact')
  await expectNames(page, ['alpha.pdf', 'Alpha.PDF'])
  await name.fill('alpha.pdf')
  await match.selectOption('exact')
  await expectNames(page, ['alpha.pdf'])
  await filters.getByRole('button', { name: 'Clear filters' }).click()
  await expectNames(page, ['gamma', 'beta-alpha', 'alpha.pdf', 'Alpha.PDF'])

  const cids = filters.getByLabel('CID', { exact: true })
  await cids.fill(pair.v1)
  await expectNames(page, ['Alpha.PDF'])
  await cids.fill('not-a-cid')
  await expect.poll(async () => page.locator('pin-list [role=alert]').textContent()).toMatch(
    /^The cid filter value "not-a-cid" is not a valid CID/
  )
  await cids.fill('')
  await expectNames(page, ['gamma', 'beta-alpha', 'alpha.pdf', 'Alpha.PDF'])

  await filters.getByRole('button', { name: '+ Filter by meta' }).click()
  await filters.getByLabel('Meta key 1').fill('team')
  await filters.getByLabel('Meta value 1').fill('red')
  await expectNames(page, ['beta-alpha', 'Alpha.PDF'])
  await filters.getByRole('button', { name: '+ Filter by meta' }).click()
  await filters.getByLabel('Meta key 2').fill('year')
  await filters.getByLabel('Meta value 2').fill('2024')
  await expectNames(page, ['beta-alpha'])
  await filters.getByRole('button', { name: 'Clear filters' }).click()

  // Nothing is pinned without a network: ticking Pinned leaves an empty, explained list.
  await filters.getByRole('checkbox', { name: /Pinned/ }).check()
  await page.getByText('No pins match these filters.').waitFor()
  await filters.getByRole('checkbox', { name: /Pinned/ }).uncheck()
  await filters.getByRole('checkbox', { name: /Queued/ }).check()
  await filters.getByRole('checkbox', { name: /Pinning/ }).check()
  await expectNames(page, ['gamma', 'beta-alpha', 'alpha.pdf', 'Alpha.PDF'])
  expect(ui.errors).toEqual([])
})

test('paging with before: older and newer pages, exact positions, stable while new pins arrive', async () => {
  ui = await openUi()
  const { page } = ui
  const pins = await Promise.all(
    Array.from({ length: 25 }, async (_, i) => ({ cid: await randomCid(), name: `pin-${String(i).padStart(2, '0')}` }))
  )
  await seedPins(page, pins)
  const newestFirst = pins.map((pin) => pin.name).reverse()
  const summary = page.locator('pin-list .summary')

  await page.locator('pin-list').getByLabel('Per page').selectOption('10')
  await expectNames(page, newestFirst.slice(0, 10))
  expect(await summary.textContent()).toBe('Showing 1–10 of 25')
  const older = page.getByRole('button', { name: 'Older →' })
  const newer = page.getByRole('button', { name: '← Newer' })
  expect(await newer.isDisabled()).toBe(true)

  await older.click()
  await expectNames(page, newestFirst.slice(10, 20))
  expect(await summary.textContent()).toBe('Showing 11–20 of 25')

  // A pin added now is newer than every cursor: the page in view does not shift.
  await seedPins(page, [{ cid: await randomCid(), name: 'late arrival' }])
  await page.waitForTimeout(500)
  await expectNames(page, newestFirst.slice(10, 20))

  await older.click()
  await expectNames(page, newestFirst.slice(20))
  expect(await summary.textContent()).toBe('Showing 21–25 of 25')
  expect(await older.isDisabled()).toBe(true)

  await newer.click()
  await expectNames(page, newestFirst.slice(10, 20))
  await page.getByRole('button', { name: 'Back to the newest' }).click()
  await expectNames(page, ['late arrival', ...newestFirst.slice(0, 9)])
})

test('live: pins added, changed and deleted in another tab show up without a reload', async () => {
  ui = await openUi()
  const { page } = ui
  const other = await openAnotherTab(page)
  await expectNames(page, [])
  await page.getByText('No pins yet.').waitFor()

  const added = await other.evaluate(
    async (cid) => window.pinningService!.pins.add({ cid, name: 'from the other tab' }),
    await randomCid()
  )
  await expectNames(page, ['from the other tab'])
  await other.evaluate(async (requestid) => {
    await window.pinningService!.pins.remove(requestid)
  }, added.requestid)
  await expectNames(page, [])
})

test('details: copy-ready fields; delete asks first; replace makes a new request', async () => {
  ui = await openUi()
  const { page } = ui
  const cid = await randomCid()
  await seedPins(page, [{ cid, name: 'keep me', meta: { app: 'demo' }, origins: ['/ip4/127.0.0.1/tcp/9/http'] }, {
    cid: await randomCid(),
    name: 'delete me'
  }])
  await expectNames(page, ['delete me', 'keep me'])

  await page.getByRole('link', { name: 'delete me' }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('heading', { name: 'delete me' }).waitFor()
  const requestid = await page.evaluate(() => decodeURIComponent(location.hash.split('/')[1] ?? ''))
  expect(await dialog.textContent()).toContain(requestid)
  for (const label of ['Copy CID', 'Copy request id', 'Copy delegate']) {
    expect(await dialog.getByRole('button', { name: label }).count()).toBe(1)
  }

  // The first click only asks; "Keep it" keeps it.
  await dialog.getByRole('button', { name: 'Delete…' }).click()
  const confirm = dialog.getByRole('alertdialog', { name: 'Delete this pin?' })
  await confirm.waitFor()
  await confirm.getByRole('button', { name: 'Keep it' }).click()
  expect(await confirm.count()).toBe(0)
  expect(await page.evaluate(async (id) => (await window.pinningService!.pins.get(id)).pin.name, requestid)).toBe(
    'delete me'
  )

  await dialog.getByRole('button', { name: 'Delete…' }).click()
  await confirm.getByRole('button', { name: 'Delete pin' }).click()
  await page.getByRole('status').filter({ hasText: 'Pin deleted' }).waitFor()
  expect(await dialog.count()).toBe(0)
  await expectNames(page, ['keep me'])
  expect(
    await page.evaluate(
      async (id) => window.pinningService!.pins.get(id).then(() => 'found', (error: Error) => error.name),
      requestid
    )
  ).toBe('PinNotFoundError')

  // Replace: the form comes filled in; the new request replaces the old one.
  await page.getByRole('link', { name: 'keep me' }).click()
  await dialog.getByRole('heading', { name: 'keep me' }).waitFor()
  const oldId = await page.evaluate(() => decodeURIComponent(location.hash.split('/')[1] ?? ''))
  await dialog.getByRole('button', { name: 'Replace…' }).click()
  const form = dialog.locator('pin-form')
  expect(await form.getByLabel('CID or link', { exact: true }).inputValue()).toBe(cid)
  expect(await form.getByLabel('Meta value 1').inputValue()).toBe('demo')
  const newCid = await randomCid()
  await form.getByLabel('CID or link', { exact: true }).fill(newCid)
  await form.getByLabel('Name', { exact: true }).fill('replaced')
  await form.getByRole('button', { name: 'Replace pin' }).click()
  await dialog.getByRole('heading', { name: 'replaced' }).waitFor()
  const newId = await page.evaluate(() => decodeURIComponent(location.hash.split('/')[1] ?? ''))
  expect(newId).not.toBe(oldId)
  const replaced = await page.evaluate(async (id) => window.pinningService!.pins.get(id), newId)
  expect(replaced.pin).toEqual({
    cid: newCid,
    name: 'replaced',
    meta: { app: 'demo' },
    origins: ['/ip4/127.0.0.1/tcp/9/http']
  })
  expect(
    await page.evaluate(
      async (id) => window.pinningService!.pins.get(id).then(() => 'found', (error: Error) => error.name),
      oldId
    )
  ).toBe('PinNotFoundError')
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expectNames(page, ['replaced'])
  expect(ui.errors).toEqual([])
})

test('a pin that cannot be found fails, and the list says why', async () => {
  ui = await openUi({ engine: { ...NO_NETWORK, pinTimeoutMs: 1000 } })
  const { page } = ui
  await seedPins(page, [{ cid: await randomCid(), name: 'nobody has this' }])
  const status = page.locator('pin-table pin-status')
  await expect.poll(async () => status.locator('.badge').textContent(), { timeout: 15_000 }).toBe('Failed')
  expect(await status.locator('.details').textContent()).toMatch(/\S/)
  const reason = await page.evaluate(async () =>
    (await window.pinningService!.pins.list({ statuses: ['failed'], limit: 1 })).results[0]!.info.status_details
  )
  expect(reason).toMatch(/^Gave up on \S+ after 1 s: nothing arrived\. Nowhere to look: /)
  // The row shows it with the pin's CID shortened (it is shown beside); the whole of it on hover.
  expect(await status.locator('.details').getAttribute('title')).toBe(reason)
  expect(await status.locator('.details').textContent()).toMatch(/^Gave up on \w{8}…\w{8} after 1 s: nothing arrived\./)
  await openView(page, 'Pins')
})

test('sorting: newest, oldest, name and size', async () => {
  ui = await openUi()
  const { page } = ui
  // Imported from this computer (pinned, so their size is known), then one pin that waits (size unknown).
  await page.evaluate(async () => {
    for (const [name, size] of [['beta.bin', 30_000], ['Alpha.bin', 90_000], ['gamma 10.bin', 5_000]] as const) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 31 + size) % 251)
      await window.pinningService!.imports.importFiles([{ path: name, file: new File([bytes], name) }])
    }
  })
  await seedPins(page, [{ cid: await randomCid(), name: 'gamma 9.bin' }])
  await expect.poll(
    async () =>
      page.evaluate(async () => (await window.pinningService!.pins.list({ statuses: ['pinned'], limit: 10 })).count),
    { timeout: 20_000 }
  ).toBe(3)
  await expectNames(page, ['gamma 9.bin', 'gamma 10.bin', 'Alpha.bin', 'beta.bin'])

  const sort = page.locator('pin-list').getByLabel('Sort')
  await sort.selectOption('oldest')
  await expectNames(page, ['beta.bin', 'Alpha.bin', 'gamma 10.bin', 'gamma 9.bin'])
  await sort.selectOption('name')
  await expectNames(page, ['Alpha.bin', 'beta.bin', 'gamma 9.bin', 'gamma 10.bin'])
  await sort.selectOption('size')
  await expectNames(page, ['Alpha.bin', 'beta.bin', 'gamma 10.bin', 'gamma 9.bin'])
  // Filters still apply to a sorted list.
  await page.locator('pin-filters').getByLabel('Name', { exact: true }).fill('gamma')
  await expectNames(page, ['gamma 10.bin', 'gamma 9.bin'])
  expect(ui.errors).toEqual([])
})

test('several pins ticked: the failed ones retried together, others deleted together after a confirmation', async () => {
  ui = await openUi({ engine: { ...NO_NETWORK, pinTimeoutMs: 1000 } })
  const { page } = ui
  await seedPins(
    page,
    await Promise.all(['one', 'two', 'three'].map(async (name) => ({ cid: await randomCid(), name })))
  )
  await expect.poll(
    async () =>
      page.evaluate(async () => (await window.pinningService!.pins.list({ statuses: ['failed'], limit: 10 })).count),
    { timeout: 15_000 }
  ).toBe(3)
  await page.evaluate(async () => {
    await window.pinningService!.settings.update({ pinTimeoutMs: 600_000 })
  })
  await seedPins(page, [{ cid: await randomCid(), name: 'four' }])
  await expectNames(page, ['four', 'three', 'two', 'one'])
  const table = page.locator('pin-table')
  const selection = page.locator('pin-selection')

  for (const name of ['four', 'three', 'two']) await table.getByRole('checkbox', { name: `Select ${name}` }).check()
  expect(await selection.locator('.count').textContent()).toBe('3 pins selected')
  await selection.getByRole('button', { name: 'Retry failed (2)' }).click()
  await page.locator('pin-list .notice').filter({ hasText: '2 failed pins tried again.' }).waitFor()
  const byName = async () =>
    page.evaluate(async () =>
      Object.fromEntries(
        (await window.pinningService!.pins.list({ statuses: ['queued', 'pinning', 'pinned', 'failed'], limit: 10 }))
          .results.map((status) => [status.pin.name, status.status])
      )
    )
  await expect.poll(byName).toEqual({
    one: 'failed',
    two: expect.stringMatching(/^(queued|pinning)$/),
    three: expect.stringMatching(/^(queued|pinning)$/),
    four: expect.stringMatching(/^(queued|pinning)$/)
  })

  await table.getByRole('checkbox', { name: 'Select one' }).check()
  await table.getByRole('checkbox', { name: 'Select four' }).check()
  await selection.getByRole('button', { name: 'Delete…' }).click()
  // Asks first; "Keep them" keeps them.
  await selection.getByRole('button', { name: 'Keep them' }).click()
  expect(Object.keys(await byName()).sort()).toEqual(['four', 'one', 'three', 'two'])
  await selection.getByRole('button', { name: 'Delete…' }).click()
  await selection.getByRole('button', { name: 'Delete 2 pins' }).click()
  await page.locator('pin-list .notice').filter({ hasText: '2 pins deleted.' }).waitFor()
  await expectNames(page, ['three', 'two'])

  // The header box ticks the whole page.
  await table.getByRole('checkbox', { name: 'Select every pin on this page' }).check()
  expect(await selection.locator('.count').textContent()).toBe('2 pins selected')
  expect(ui.errors).toEqual([])
})
