import { CarReader } from '@ipld/car'
import { afterEach, expect, test } from 'vitest'
import { pngBytes, wavBytes } from '../support/media.ts'
import { fetchBytes, importInPage } from '../support/page-content.ts'
import { randomCid } from '../support/cids.ts'
import { someBytes } from '../support/ui-content.ts'
import { DESKTOP, PHONE, openUi, openView, screenshot, seedPins, seriousViolations } from '../support/ui-page.ts'
import type { UiSession } from '../support/ui-page.ts'
import type { Locator, Page } from 'playwright-core'

// The engine has no network (openServicePage's default): what the page opens, saves and previews comes from
// the node's own blocks through the service worker's gateway.
let ui: UiSession | undefined
afterEach(async () => {
  await ui?.browser.dispose()
  ui = undefined
})

/** A pin's details, opened from the list as a person does. */
async function openDetails (page: Page, name: string): Promise<Locator> {
  await openView(page, 'Pins')
  await page.getByRole('link', { name, exact: true }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('heading', { name, exact: true }).waitFor()
  return dialog
}

const hrefOf = async (link: Locator) => (await link.getAttribute('href'))!
const listedNames = async (dialog: Locator) => dialog.locator('folder-listing td.name').allTextContents()

/** The page's width as laid out, and whether the dialog scrolls sideways. */
async function fitsWidth (page: Page, dialog: Locator, width: number): Promise<void> {
  expect(await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)))
    .toBeLessThanOrEqual(width)
  expect(
    await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth),
    `the dialog scrolls sideways at ${width} px`
  ).toBe(true)
}

test('a pinned import offers Open, Download, Download CAR and Copy link, each served offline; a waiting pin says when', async () => {
  ui = await openUi()
  const { page, browser } = ui
  const text = 'Notes from the node.\n'.repeat(20)
  const imported = await importInPage(page, { 'notes.txt': text })
  await seedPins(page, [{ cid: await randomCid(), name: 'still-waiting.bin' }])
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await browser.context.setOffline(true)

  const dialog = await openDetails(page, 'notes.txt')
  const expectedUrl = await page.evaluate((cid) => window.pinningService!.content.url(cid), imported.cid)
  const origin = new URL(page.url()).origin
  expect(expectedUrl).toBe(`${origin}/ipfs/${imported.cid}`)

  // Open: a new tab with the bytes themselves.
  const open = dialog.getByRole('link', { name: 'Open this file in a new tab' })
  expect(await hrefOf(open)).toBe(expectedUrl)
  expect(await open.getAttribute('target')).toBe('_blank')
  const [tab] = await Promise.all([browser.context.waitForEvent('page'), open.click()])
  await tab.waitForLoadState()
  expect(await tab.evaluate(() => document.body.textContent)).toBe(text)
  await tab.close()

  // Download: the file under its name, as an attachment.
  const download = dialog.getByRole('link', { name: 'Download notes.txt' })
  const downloadHref = new URL(await hrefOf(download))
  expect(downloadHref.searchParams.get('download')).toBe('true')
  expect(downloadHref.searchParams.get('filename')).toBe('notes.txt')
  expect(await download.getAttribute('download')).toBe('notes.txt')
  const saved = await fetchBytes(page, downloadHref.href)
  expect(saved.headers['content-disposition']).toBe('attachment; filename="notes.txt"')
  expect(new TextDecoder().decode(saved.bytes)).toBe(text)

  // Download CAR: every block, rooted at the pin's CID.
  const car = dialog.getByRole('link', { name: 'Download CAR of this file' })
  const carHref = new URL(await hrefOf(car))
  expect(carHref.searchParams.get('format')).toBe('car')
  const carBytes = await fetchBytes(page, carHref.href)
  expect(carBytes.headers['content-type']).toMatch(/^application\/vnd\.ipld\.car/)
  expect((await (await CarReader.fromBytes(carBytes.bytes)).getRoots()).map(String)).toEqual([imported.cid])

  // Copy link: the same URL, on the clipboard.
  await dialog.getByRole('button', { name: 'Copy link to this file' }).click()
  expect(await page.evaluate(async () => navigator.clipboard.readText())).toBe(expectedUrl)
  // The text previews as text.
  await expect.poll(async () => dialog.locator('content-preview pre').textContent()).toBe(text)
  await dialog.getByRole('button', { name: 'Close' }).click()

  // A pin the node does not hold yet: no actions, and words for when they come.
  const waiting = await openDetails(page, 'still-waiting.bin')
  await waiting.getByText('available once pinned').waitFor()
  expect(await waiting.getByRole('link', { name: /^Open/ }).count()).toBe(0)
  expect(await waiting.getByRole('link', { name: /^Download/ }).count()).toBe(0)
  expect(await waiting.locator('pin-content').count()).toBe(0)
  await waiting.getByRole('button', { name: 'Close' }).click()

  // The import's own card offers the same, straight after importing.
  await openView(page, 'Add')
  await page.locator('content-import #files').setInputFiles({
    name: 'card.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('on the card')
  })
  const card = page.locator('import-result').first()
  const cardOpen = card.getByRole('link', { name: 'Open this file in a new tab' })
  await cardOpen.waitFor()
  const served = await fetchBytes(page, await hrefOf(cardOpen))
  expect(new TextDecoder().decode(served.bytes)).toBe('on the card')
  expect(new URL(await hrefOf(card.getByRole('link', { name: 'Download card.txt' }))).searchParams.get('download'))
    .toBe('true')
  expect(await card.getByRole('button', { name: 'Copy link to this file' }).count()).toBe(1)
  expect(ui.errors).toEqual([])
})

test('a folder is browsed in the page: into a sub-folder, to a file, and back up; its download is its CAR', async () => {
  ui = await openUi()
  const { page } = ui
  const imported = await importInPage(page, {
    'album/cover.txt': 'the cover',
    'album/tracks/01 intro.txt': 'one',
    'album/tracks/02 outro.txt': 'two'
  })
  const dialog = await openDetails(page, 'album')
  // The root wraps the picked folder.
  await expect.poll(async () => listedNames(dialog)).toEqual(['album/'])
  const car = new URL(await hrefOf(dialog.getByRole('link', { name: 'Download CAR of this folder' })))
  expect([car.searchParams.get('format'), car.searchParams.get('filename')]).toEqual(['car', 'album.car'])
  expect(await dialog.getByRole('link', { name: /^Download album/ }).count()).toBe(0)
  expect(await hrefOf(dialog.getByRole('link', { name: 'Open this folder in a new tab' }))).toMatch(
    new RegExp(`/ipfs/${imported.cid}/$`)
  )

  await dialog.getByRole('button', { name: 'album/ (folder)' }).click()
  await expect.poll(async () => listedNames(dialog)).toEqual(['cover.txt', 'tracks/'])
  await dialog.getByRole('button', { name: 'tracks/ (folder)' }).click()
  await expect.poll(async () => listedNames(dialog)).toEqual(['01 intro.txt', '02 outro.txt'])
  // Focus follows the person to where they went.
  await expect.poll(async () =>
    page.evaluate(() => {
      let focused = document.activeElement
      while (focused?.shadowRoot?.activeElement != null) focused = focused.shadowRoot.activeElement
      return focused?.textContent
    })
  ).toBe('tracks')
  const crumbs = dialog.getByRole('navigation', { name: 'Where you are in this pin' })
  expect(await crumbs.locator('li').allTextContents()).toEqual(['album', 'album', 'tracks'])
  // Each entry opens by its path below the root; the subfolder's own CAR is named after it.
  const intro = await hrefOf(dialog.getByRole('link', { name: 'Open 01 intro.txt in a new tab' }))
  expect(intro).toBe(
    await page.evaluate((cid) => window.pinningService!.content.url(cid, 'album/tracks/01 intro.txt'), imported.cid)
  )
  expect(new TextDecoder().decode((await fetchBytes(page, intro)).bytes)).toBe('one')
  expect(
    new URL(await hrefOf(dialog.getByRole('link', { name: 'Download CAR of this folder' }))).searchParams.get(
      'filename'
    )
  ).toBe('tracks.car')

  // A file inside: its own actions and its preview.
  await dialog.getByRole('button', { name: '02 outro.txt' }).click()
  await expect.poll(async () => dialog.locator('content-preview pre').textContent()).toBe('two')
  const download = new URL(await hrefOf(dialog.getByRole('link', { name: 'Download 02 outro.txt' })))
  expect([download.searchParams.get('download'), download.searchParams.get('filename')]).toEqual([
    'true',
    '02 outro.txt'
  ])

  // Back up, one folder at a time, then straight to the root.
  await dialog.getByRole('button', { name: 'Up to tracks' }).click()
  await expect.poll(async () => listedNames(dialog)).toEqual(['01 intro.txt', '02 outro.txt'])
  await dialog.getByRole('button', { name: 'Up to album' }).click()
  await expect.poll(async () => listedNames(dialog)).toEqual(['cover.txt', 'tracks/'])
  await crumbs.getByRole('button', { name: 'album', exact: true }).first().click()
  await expect.poll(async () => listedNames(dialog)).toEqual(['album/'])
  expect(await dialog.getByRole('navigation', { name: 'Where you are in this pin' }).count()).toBe(0)
  expect(ui.errors).toEqual([])
})

test('a folder of 250 entries is shown 100 at a time, in name order, with its count', async () => {
  ui = await openUi()
  const { page } = ui
  const files = Object.fromEntries(
    Array.from({ length: 250 }, (_, i) => [`many/file-${String(i).padStart(3, '0')}.txt`, `entry ${i}`])
  )
  await importInPage(page, files)
  const dialog = await openDetails(page, 'many')
  await dialog.getByRole('button', { name: 'many/ (folder)' }).click()
  await dialog.getByText('Entries 1–100 of 250').waitFor()
  expect((await listedNames(dialog)).slice(0, 2)).toEqual(['file-000.txt', 'file-001.txt'])
  expect(await dialog.getByRole('button', { name: 'Previous 100' }).isDisabled()).toBe(true)
  await dialog.getByRole('button', { name: 'Next 100' }).click()
  await dialog.getByText('Entries 101–200 of 250').waitFor()
  expect((await listedNames(dialog))[0]).toBe('file-100.txt')
  await dialog.getByRole('button', { name: 'Next 100' }).click()
  await dialog.getByText('Entries 201–250 of 250').waitFor()
  expect(await listedNames(dialog)).toHaveLength(50)
  expect(await dialog.getByRole('button', { name: 'Next 100' }).isDisabled()).toBe(true)
  expect(ui.errors).toEqual([])
})

test('previews: an image, audio and the first 4 KB of text inline; an HTML page none; fits a phone; axe finds nothing serious', async () => {
  ui = await openUi()
  const { page, browser } = ui
  // Text longer than the preview, with markup that must stay text.
  const longText = `<b>not bold</b> ${
    Array.from(someBytes(9000, 5), (byte) => 'abcdefghij klmnopqrstuvwxyz\n'[byte % 28]).join('')
  }`
  const imported = await importInPage(page, {
    'media/dot.png': pngBytes(64, 48, [0x33, 0xaa, 0x77]),
    'media/tone.wav': wavBytes(2),
    'media/long.txt': longText,
    'media/page.html': '<!doctype html><title>a page</title><script>parent.pwned = 1</script><p>hello</p>'
  })
  await browser.context.setOffline(true)
  const ranges: string[] = []
  page.on('request', (request) => {
    if (request.url().endsWith('/long.txt')) ranges.push(request.headers().range ?? '')
  })

  const dialog = await openDetails(page, 'media')
  await dialog.getByRole('button', { name: 'media/ (folder)' }).click()
  await dialog.getByRole('button', { name: 'dot.png' }).waitFor()
  await screenshot(page, 'details-folder-desktop', { fullPage: false })
  expect(await seriousViolations(page), 'a folder listing').toEqual([])

  // An image, from the gateway URL.
  await dialog.getByRole('button', { name: 'dot.png' }).click()
  const image = dialog.locator('content-preview img')
  await expect.poll(async () => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64)
  expect(await image.getAttribute('src')).toBe(
    await page.evaluate((cid) => window.pinningService!.content.url(cid, 'media/dot.png'), imported.cid)
  )
  expect(await image.getAttribute('alt')).toBe('Preview of dot.png')
  await screenshot(page, 'details-image-desktop', { fullPage: false })

  // Audio: its metadata loads (two seconds), with controls.
  await dialog.getByRole('button', { name: 'Up to media' }).click()
  await dialog.getByRole('button', { name: 'tone.wav' }).click()
  const audio = dialog.locator('content-preview audio')
  await expect.poll(async () => audio.evaluate((element: HTMLAudioElement) => Math.round(element.duration))).toBe(2)
  expect(await audio.getAttribute('controls')).not.toBeNull()

  // Text: the first 4 KB by a Range request, as text (the markup is not rendered).
  await dialog.getByRole('button', { name: 'Up to media' }).click()
  await dialog.getByRole('button', { name: 'long.txt' }).click()
  const pre = dialog.locator('content-preview pre')
  await expect.poll(async () => pre.textContent()).toBe(longText.slice(0, 4096))
  expect(await dialog.locator('content-preview b').count()).toBe(0)
  expect(ranges).toContain('bytes=0-4095')
  await dialog.getByText(/The first 4(\.0)? KiB of 8\.\d KiB/).waitFor()

  // HTML: no inline preview at all, and the reason; Open still offers it (sandboxed by the gateway).
  await dialog.getByRole('button', { name: 'Up to media' }).click()
  await dialog.getByRole('button', { name: 'page.html' }).click()
  await dialog.getByText('No preview here for text/html').waitFor()
  expect(await dialog.locator('content-preview').locator('img, audio, video, pre, iframe, object, embed').count()).toBe(
    0
  )
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
  const openPage = await fetchBytes(
    page,
    await hrefOf(dialog.getByRole('link', { name: 'Open this file in a new tab' }))
  )
  expect(openPage.headers['content-security-policy']).toMatch(/^sandbox/)

  // A phone: nothing scrolls sideways, in the listing and in each preview; axe finds nothing serious.
  await dialog.getByRole('button', { name: 'Up to media' }).click()
  for (const [size, label] of [[PHONE, 'phone'], [DESKTOP, 'desktop']] as const) {
    await page.setViewportSize(size)
    await dialog.getByRole('button', { name: 'long.txt' }).waitFor()
    await fitsWidth(page, dialog, size.width)
    if (size === PHONE) await screenshot(page, `details-folder-${label}`, { fullPage: false })
    expect(await seriousViolations(page), `listing at ${label} width`).toEqual([])
    for (const name of ['dot.png', 'long.txt', 'tone.wav']) {
      await dialog.getByRole('button', { name }).click()
      await dialog.locator('content-preview').locator('img, pre, audio').waitFor()
      await page.waitForTimeout(200)
      await fitsWidth(page, dialog, size.width)
      await screenshot(page, `details-preview-${name.replace('.', '-')}-${label}`, { fullPage: false })
      expect(await seriousViolations(page), `${name} preview at ${label} width`).toEqual([])
      await dialog.getByRole('button', { name: 'Up to media' }).click()
    }
  }
  expect(ui.errors).toEqual([])
})
