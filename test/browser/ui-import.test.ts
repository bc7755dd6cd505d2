import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { carOf, expectedCid, sha256Held, sha256Hex, someBytes } from '../support/ui-content.ts'
import { openUi, openView, screenshot } from '../support/ui-page.ts'
import type { UiSession } from '../support/ui-page.ts'
import type { Page } from 'playwright-core'

// Every test runs with the engine's network settings empty (openServicePage's default), and the browser
// session fails on any request that leaves loopback: an import must need no network at all.
let ui: UiSession | undefined
let folder: string | undefined
afterEach(async () => {
  await ui?.browser.dispose()
  ui = undefined
  if (folder !== undefined) await rm(folder, { recursive: true, force: true })
  folder = undefined
})

async function addView (): Promise<{ ui: UiSession, page: Page }> {
  ui = await openUi()
  await openView(ui.page, 'Add')
  return { ui, page: ui.page }
}

/** The newest import's card, once its pin is pinned. */
async function pinnedResult (page: Page) {
  const card = page.locator('import-result').first()
  await expect.poll(async () => card.locator('pin-status .badge').first().textContent(), { timeout: 20_000 }).toBe(
    'Pinned'
  )
  return card
}

test('a picked file is imported and pinned with no network; its CID is shown ready to copy; the bytes read back equal', async () => {
  const { ui, page } = await addView()
  const bytes = someBytes(2.5 * 1024 * 1024, 1)
  await page.locator('content-import #files').setInputFiles({
    name: 'report.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(bytes)
  })
  const card = await pinnedResult(page)
  const cid = await expectedCid({ 'report.bin': bytes })
  expect(await card.locator('.cid code').textContent()).toBe(cid)
  expect(await card.getByRole('button', { name: 'Copy CID' }).count()).toBe(1)
  expect(await card.getByRole('heading').textContent()).toBe('report.bin')
  expect(await sha256Held(page, cid)).toBe(sha256Hex(bytes))

  const pinned = await page.evaluate(async () =>
    (await window.pinningService!.pins.list({ statuses: ['pinned'], limit: 10 })).results
  )
  expect(pinned.map((status) => [status.pin.cid, status.pin.name])).toEqual([[cid, 'report.bin']])
  expect(Number(pinned[0]!.info.dag_size)).toBeGreaterThan(bytes.length)
  expect(ui.errors).toEqual([])
})

test('dropped files are wrapped in a directory, with the name given; each file reads back', async () => {
  const { page } = await addView()
  const files = { 'a.txt': new TextEncoder().encode('first file\n'), 'b.bin': someBytes(1.2 * 1024 * 1024, 2) }
  await page.locator('content-import').getByLabel('Pin name').fill('two files')
  const dataTransfer = await page.evaluateHandle((files) => {
    const transfer = new DataTransfer()
    for (const [name, base64] of files) {
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name))
    }
    return transfer
  }, Object.entries(files).map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')] as const))
  await page.locator('content-import .zone').dispatchEvent('drop', { dataTransfer })
  const card = await pinnedResult(page)
  expect(await card.locator('.cid code').textContent()).toBe(await expectedCid(files))
  expect(await card.getByRole('heading').textContent()).toBe('two files')

  await card.getByText('2 entries inside').click()
  const listed = await card.locator('li').allTextContents()
  for (const [name, bytes] of Object.entries(files)) {
    const line = listed.find((text) => text.startsWith(`${name} — `))
    const fileCid = /— (\S+)/.exec(line ?? '')?.[1]
    expect(fileCid, name).toBe(await expectedCid({ [name]: bytes }))
    expect(await sha256Held(page, fileCid!)).toBe(sha256Hex(bytes))
  }
  await screenshot(page, 'add-imported-desktop')
})

test('a picked folder keeps its relative paths', async () => {
  folder = await mkdtemp(join(tmpdir(), 'ui-folder-'))
  const files = { 'album/cover.txt': new TextEncoder().encode('cover'), 'album/tracks/01.bin': someBytes(5000, 3) }
  for (const [path, bytes] of Object.entries(files)) {
    await mkdir(join(folder, path, '..'), { recursive: true })
    await writeFile(join(folder, path), bytes)
  }
  const { page } = await addView()
  await page.locator('content-import #folder').setInputFiles(join(folder, 'album'))
  const card = await pinnedResult(page)
  expect(await card.locator('.cid code').textContent()).toBe(await expectedCid(files))
  expect(await card.getByRole('heading').textContent()).toBe('album')
  await card.getByText(/entries inside/).click()
  const paths = (await card.locator('li').allTextContents()).map((text) => text.split(' — ')[0])
  expect(paths).toEqual(expect.arrayContaining(['album/cover.txt', 'album/tracks/01.bin', 'album/tracks', 'album']))
})

test('a CAR file: every block checked, stored, its root pinned; it reads back', async () => {
  const { page } = await addView()
  const bytes = someBytes(2.2 * 1024 * 1024, 4)
  const { car, root } = await carOf(bytes)
  await page.locator('content-import #car').setInputFiles({
    name: 'dataset.car',
    mimeType: 'application/vnd.ipld.car',
    buffer: Buffer.from(car)
  })
  const card = await pinnedResult(page)
  expect(await card.locator('.cid code').textContent()).toBe(root)
  expect(await card.getByRole('heading').textContent()).toBe('dataset.car')
  expect(await sha256Held(page, root)).toBe(sha256Hex(bytes))
})

test('a CAR file whose block does not match its CID is refused: nothing pinned, nothing left behind', async () => {
  const { page } = await addView()
  const bytes = someBytes(3.5 * 1024 * 1024, 5)
  const { car, blocks } = await carOf(bytes)
  // Flip one byte near the end: the last block's bytes no longer hash to its CID.
  const tampered = new Uint8Array(car)
  tampered[tampered.length - 100]! ^= 0xff
  await page.locator('content-import #car').setInputFiles({
    name: 'tampered.car',
    mimeType: 'application/vnd.ipld.car',
    buffer: Buffer.from(tampered)
  })
  const alert = page.locator('content-import').getByRole('alert')
  await alert.waitFor()
  expect(await alert.textContent()).toMatch(/^tampered.car was not added: Block \S+ does not match its CID/)
  expect(
    await page.evaluate(async () =>
      (await window.pinningService!.pins.list({ statuses: ['queued', 'pinning', 'pinned', 'failed'], limit: 1 })).count
    )
  ).toBe(0)
  // The good blocks read before the bad one were taken out again.
  const held = await page.evaluate(
    async (cids) => Promise.all(cids.map(async (cid) => window.pinningService!.content.has(cid))),
    blocks
  )
  expect(held.every((has) => !has)).toBe(true)
})

test('something that is not a CAR file gets a plain reason', async () => {
  const { page } = await addView()
  await page.locator('content-import #car').setInputFiles({
    name: 'notes.car',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('just some text, not a CAR')
  })
  const alert = page.locator('content-import').getByRole('alert')
  await alert.waitFor()
  expect(await alert.textContent()).toMatch(/^notes.car was not added: This is not a CAR file/)
})

test('the same content imported twice keeps one pin (unless asked otherwise); recent imports stay listed after a reload', async () => {
  const { ui, page } = await addView()
  const bytes = someBytes(300 * 1024, 6)
  const pick = async () => {
    await page.locator('content-import #files').setInputFiles({
      name: 'photo.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from(bytes)
    })
  }
  await pick()
  await pinnedResult(page)
  await pick()
  const second = page.locator('import-result').first()
  await second.locator('.reused').waitFor()
  expect(await second.locator('.reused').textContent()).toBe(
    'This content was pinned already as “photo.jpg”: that pin was kept, no second one was made.'
  )
  const all = async () =>
    page.evaluate(async () =>
      (await window.pinningService!.pins.list({ statuses: ['queued', 'pinning', 'pinned', 'failed'], limit: 10 }))
        .results
    )
  const cid = await expectedCid({ 'photo.jpg': bytes })
  expect((await all()).map((status) => status.pin.cid)).toEqual([cid])

  // Asked otherwise: a second request for the same content.
  await page.locator('content-import').getByLabel('Keep the existing pin when this content is pinned already').uncheck()
  await pick()
  await expect.poll(async () => (await all()).length).toBe(2)
  expect(await page.locator('import-result').count()).toBe(3)

  await page.reload()
  await page.waitForFunction(() => window.pinningService !== undefined)
  await openView(page, 'Add')
  const cards = page.locator('import-result')
  await expect.poll(async () => cards.count()).toBe(3)
  await expect.poll(async () => cards.locator('pin-status .badge').allTextContents(), { timeout: 20_000 }).toEqual([
    'Pinned',
    'Pinned',
    'Pinned'
  ])
  expect(await cards.locator('.cid code').allTextContents()).toEqual([cid, cid, cid])
  await page.locator('content-import').getByRole('button', { name: 'Clear this list' }).click()
  expect(await cards.count()).toBe(0)
  expect((await all()).length).toBe(2) // the list is cleared, the pins stay
  expect(ui.errors).toEqual([])
})

test('leaving the page while an import runs asks first', async () => {
  const { ui, page } = await addView()
  // Large enough that the import is still running when the page is asked to close.
  await page.locator('content-import #files').setInputFiles({
    name: 'big.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(someBytes(24 * 1024 * 1024, 7))
  })
  await page.locator('content-import #import-progress').waitFor()
  await page.close({ runBeforeUnload: true })
  await expect.poll(() => ui.dialogs.filter((dialog) => dialog.type === 'beforeunload').length).toBe(1)
  expect(page.isClosed()).toBe(false) // the dialog was dismissed: the page stays, the import goes on
})
