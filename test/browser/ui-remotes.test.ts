import { readFile } from 'node:fs/promises'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { startTestRemote } from '../fixtures/pinning-remote.ts'
import { DESKTOP, PHONE, openUi, openView, screenshot, seriousViolations } from '../support/ui-page.ts'
import { someBytes } from '../support/ui-content.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { TestRemote } from '../fixtures/pinning-remote.ts'
import type { UiSession } from '../support/ui-page.ts'
import type { Page } from 'playwright-core'

let network: IpfsNetwork
let remote: TestRemote
let ui: UiSession | undefined
beforeAll(async () => {
  network = await startIpfsNetwork()
  remote = await startTestRemote({ gateway: network.gatewayUrl })
})
afterAll(async () => {
  await remote.stop()
  await network.stop()
})
afterEach(async () => {
  await ui?.browser.dispose()
  ui = undefined
})

async function pageWidth (page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth))
}

test(
  'settings: add a remote service (checked as typed), set a new token after a 401, see each pin\'s status there, edit, remove',
  async () => {
    ui = await openUi()
    const { page } = ui
    const file = await network.addRandomFile(120_000, 7)
    const requestid = await page.evaluate(
      async (cid) => (await window.pinningService!.pins.add({ cid, name: 'holiday.jpg' })).requestid,
      file.cid
    )
    await openView(page, 'Settings')
    const list = page.locator('remote-service-list')
    await list.getByText('No remote services yet').waitFor()

    await list.getByRole('button', { name: 'Add a service…' }).click()
    const form = list.locator('remote-form')
    await form.getByRole('button', { name: 'Add service' }).click()
    await expect.poll(async () => form.locator('#label-error').textContent()).toBe('Give the service a name.')
    expect(await form.locator('#endpoint-error').textContent()).toBe(
      'Not a URL (e.g. https://pinning.example.com/api).'
    )
    expect(await form.locator('#token-error').textContent()).toBe('Paste the access token the service gave you.')
    await form.getByLabel('Name').fill('archive')
    await form.getByLabel('Pinning Service API endpoint').fill(`${remote.url}/pins`)
    await form.getByLabel('Access token').fill('an-old-revoked-token')
    await form.getByLabel('Upload API', { exact: true }).selectOption('kubo')
    await form.getByLabel('Upload API URL').fill('ftp://nope')
    await expect.poll(async () => form.locator('#uploadUrl-error').textContent()).toBe(
      'Only http:// and https:// URLs.'
    )
    await form.getByLabel('Upload API', { exact: true }).selectOption('')
    await form.getByRole('button', { name: 'Add service' }).click()
    await list.getByRole('status').filter({ hasText: 'archive added' }).waitFor()
    // The endpoint is stored without /pins; the token only as a hint.
    await list.getByText(remote.url, { exact: true }).waitFor()
    expect(await list.textContent()).not.toContain('an-old-revoked-token')
    expect(await list.getByText('an-o…ken').count()).toBe(1)

    // The service refuses the token: replication stops and asks for a new one.
    const alert = list.getByRole('alert')
    await alert.filter({ hasText: 'Stopped' }).waitFor({ timeout: 20_000 })
    expect(await alert.textContent()).toContain(
      'refused the access token (401: UNAUTHORIZED: The access token is missing or not valid)'
    )
    await list.getByLabel('New access token for archive').fill(remote.token)
    await list.getByRole('button', { name: 'Use this token' }).click()
    await list.getByText(/^In step: 1 pinned there\.$/).waitFor({ timeout: 30_000 })

    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size)
      const label = size === DESKTOP ? 'desktop' : 'phone'
      await list.getByRole('button', { name: 'Edit archive' }).click()
      await list.locator('remote-form').getByLabel('Name').waitFor()
      await screenshot(page, `settings-remotes-${label}`)
      expect(await pageWidth(page), `settings with the remote form at ${label} width`).toBeLessThanOrEqual(size.width)
      expect(await seriousViolations(page), `settings with the remote form at ${label} width`).toEqual([])
      await list.locator('remote-form').getByRole('button', { name: 'Cancel' }).click()

      // The pin's details name the service and what it has of the pin.
      await page.evaluate((id) => {
        location.hash = `#pins/${id}`
      }, requestid)
      const dialog = page.getByRole('dialog')
      const remotes = dialog.locator('pin-remotes')
      await remotes.getByText('Pinned there').waitFor()
      expect(await remotes.locator('.text').textContent()).toMatch(/^pinned \(remote request [0-9a-f-]{36}\)$/)
      // The info key is not shown twice (not in the Progress table).
      expect(await dialog.locator('table').filter({ hasText: 'remote:archive' }).count()).toBe(0)
      await screenshot(page, `details-remotes-${label}`, { fullPage: false })
      expect(await pageWidth(page), `details at ${label} width`).toBeLessThanOrEqual(size.width)
      expect(
        await dialog.evaluate((element) => element.scrollWidth <= element.clientWidth),
        `the dialog scrolls sideways at ${label} width`
      ).toBe(true)
      expect(await seriousViolations(page), `pin details with remotes at ${label} width`).toEqual([])
      await dialog.getByRole('button', { name: 'Close' }).click()
      await openView(page, 'Settings')
    }

    // Edit: a new name (the info key follows), the token kept.
    await list.getByRole('button', { name: 'Edit archive' }).click()
    await list.locator('remote-form').getByLabel('Name').fill('cold storage')
    await list.locator('remote-form').getByRole('button', { name: 'Save changes' }).click()
    await list.getByRole('status').filter({ hasText: 'cold storage saved' }).waitFor()
    expect(Object.keys(await page.evaluate(async (id) => (await window.pinningService!.pins.get(id)).info, requestid)))
      .toContain('remote:cold storage')
    await list.getByText(/^In step: 1 pinned there\.$/).waitFor()

    // Remove, after a confirmation: the service's pins stay there.
    await list.getByRole('button', { name: 'Remove cold storage' }).click()
    await list.getByRole('group', { name: 'Remove cold storage?' }).getByRole('button', { name: 'Remove' }).click()
    await list.getByText('No remote services yet').waitFor()
    expect(Object.keys(await page.evaluate(async (id) => (await window.pinningService!.pins.get(id)).info, requestid)))
      .not.toContain('remote:cold storage')
    expect(remote.pins().filter((pin) => pin.pin.cid === file.cid)).toHaveLength(1)
    expect(ui.errors).toEqual([])
    expect(ui.browser.blocked).toEqual([])
  },
  120_000
)

test(
  'storage: make a backup, download it, restore it (here: nothing changes), at desktop and phone width',
  async () => {
    ui = await openUi()
    const { page } = ui
    await page.evaluate(async (bytes) => {
      await window.pinningService!.imports.importFiles([{
        path: 'notes.txt',
        file: new File([new Uint8Array(bytes)], 'notes.txt')
      }])
    }, [...someBytes(50_000, 3)])
    await openView(page, 'Storage')
    const panel = page.locator('backup-panel')
    await panel.getByRole('button', { name: 'Make a backup' }).click()
    const link = panel.getByRole('link', { name: /^Download pins-backup-.*\.car$/ })
    await link.waitFor()
    expect((await panel.getByRole('status').textContent())?.replace(/\s+/g, ' ')).toContain(
      'Backup ready: 1 pin, 1 with their content (49 KiB).'
    )
    // The link downloads the CAR (served by the service worker) and the page stays where it is.
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    expect(download.suggestedFilename()).toMatch(/^pins-backup-.*\.car$/)
    const path = await download.path()
    expect((await readFile(path!)).subarray(0, 2)).toEqual(Buffer.from([0x3a, 0xa2]))
    expect(page.url()).toMatch(/#storage$/)

    await panel.getByLabel('Backup file (.car)').setInputFiles(path!)
    await panel.getByRole('button', { name: 'Restore' }).click()
    const report = panel.getByRole('status').filter({ hasText: 'Restored' })
    await report.waitFor()
    expect((await report.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Restored 0 of 1 pin from the backup of .*\. 1 was here already and left as it was\. 3 blocks read and checked, 0 of them new here\./
    )
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size)
      await screenshot(page, `storage-backup-${size === DESKTOP ? 'desktop' : 'phone'}`)
      expect(await pageWidth(page)).toBeLessThanOrEqual(size.width)
      expect(await seriousViolations(page)).toEqual([])
    }
    // A file that is not a backup is refused in words.
    await panel.getByLabel('Backup file (.car)').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello')
    })
    await panel.getByRole('button', { name: 'Restore' }).click()
    await expect.poll(async () => panel.getByRole('alert').textContent()).toMatch(/This is not a CAR file/)
    expect(ui.errors).toEqual([])
  },
  90_000
)
