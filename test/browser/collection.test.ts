import { afterEach, expect, test } from 'vitest'
import { launchBrowser } from '../support/chromium.ts'
import { waitForStatus } from '../support/engine-helpers.ts'
import { createToken, fetchInPage, openServicePage } from '../support/service-page.ts'
import type { BrowserSession } from '../support/chromium.ts'

let browser: BrowserSession | undefined
afterEach(async () => {
  await browser?.dispose()
  browser = undefined
})

test('garbage collection waits while an import is writing blocks, then frees what was released', async () => {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context)
  const token = await createToken(page)
  const { cid, requestid } = await page.evaluate(async () => {
    const file = new File([new Uint8Array(600_000).fill(3)], 'threes.bin')
    const imported = await window.pinningService!.imports.importFiles([{ path: 'threes.bin', file }])
    return { cid: imported.cid, requestid: imported.pins[0]!.requestid }
  })
  await waitForStatus(page, token, requestid, 'pinned')

  // An import in progress (here, or in another tab) holds the collection lock shared until its pins exist:
  // its blocks, some perhaps shared with released DAGs, are not held by any pin yet.
  await page.evaluate(() => {
    void navigator.locks.request('in-page-pinning-service:collection', { mode: 'shared' }, async () => new Promise<void>((resolve) => {
      (window as unknown as { endImport: () => void }).endImport = resolve
    }))
  })
  const removed = await fetchInPage(page, `/api/v1/pins/${requestid}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } })
  expect(removed.status).toBe(202)
  // Released (no DAG held any more), yet nothing collected while the import goes on.
  await expect.poll(async () => page.evaluate(async () => (await window.pinningService!.storageUsage()).dags), { timeout: 10_000 }).toBe(0)
  await new Promise((resolve) => setTimeout(resolve, 1500))
  expect(await page.evaluate(async (cid) => window.pinningService!.content.has(cid), cid)).toBe(true)

  // Once the import is done, the collection runs without waiting for another change.
  await page.evaluate(() => { (window as unknown as { endImport: () => void }).endImport() })
  await expect.poll(async () => page.evaluate(async (cid) => window.pinningService!.content.has(cid), cid), { timeout: 10_000 }).toBe(false)
})
