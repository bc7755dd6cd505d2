import { afterEach, expect, test } from 'vitest'
import { launchBrowser } from '../support/chromium.ts'
import { randomCid } from '../support/cids.ts'
import { getPin, postPin, waitForStatus } from '../support/engine-helpers.ts'
import { NO_NETWORK, createToken, fetchInPage, openServicePage } from '../support/service-page.ts'
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
    void navigator.locks.request(
      'in-page-pinning-service:collection',
      { mode: 'shared' },
      async () =>
        new Promise<void>((resolve) => {
          ;(window as unknown as { endImport: () => void }).endImport = resolve
        })
    )
  })
  const removed = await fetchInPage(page, `/api/v1/pins/${requestid}`, {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${token}` }
  })
  expect(removed.status).toBe(202)
  // Released (no DAG held any more), yet nothing collected while the import goes on.
  await expect.poll(async () => page.evaluate(async () => (await window.pinningService!.storageUsage()).dags), {
    timeout: 10_000
  }).toBe(0)
  await new Promise((resolve) => setTimeout(resolve, 1500))
  expect(await page.evaluate(async (cid) => window.pinningService!.content.has(cid), cid)).toBe(true)

  // Once the import is done, the collection runs without waiting for another change.
  await page.evaluate(() => {
    ;(window as unknown as { endImport: () => void }).endImport()
  })
  await expect.poll(async () => page.evaluate(async (cid) => window.pinningService!.content.has(cid), cid), {
    timeout: 10_000
  }).toBe(false)
})

test('an import recorded while every fetch slot waits keeps the blocks it shares with released content', async () => {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context, { engine: { ...NO_NETWORK, concurrency: 1 } })
  const token = await createToken(page)
  const auth = { Authorization: `Bearer ${token}` }
  const file = await page.evaluate(async () => {
    const imported = await window.pinningService!.imports.importFiles([{
      path: 'shared.bin',
      file: new File([new Uint8Array(700_000).fill(5)], 'shared.bin')
    }])
    return { cid: imported.cid, requestid: imported.pins[0]!.requestid }
  })
  await waitForStatus(page, token, file.requestid, 'pinned')

  // Pins nobody provides take every job the engine allows (8 per fetch slot), all waiting between attempts.
  const waiting = await Promise.all(
    Array.from({ length: 8 }, async () => postPin(page, token, { cid: await randomCid() }))
  )
  const pinning = async () =>
    JSON.parse((await fetchInPage(page, '/api/v1/pins?status=pinning', { headers: auth })).body).count
  await expect.poll(pinning, { timeout: 10_000 }).toBe(8)
  // A folder holding the same file: its request waits for a job, with no pin on its blocks yet.
  const folder = await page.evaluate(async () => {
    const imported = await window.pinningService!.imports.importFiles([
      { path: 'folder/shared.bin', file: new File([new Uint8Array(700_000).fill(5)], 'shared.bin') },
      { path: 'folder/note.txt', file: new File(['a note'], 'note.txt') }
    ])
    return {
      cid: imported.cid,
      requestid: imported.pins[0]!.requestid,
      fileCid: imported.entries.find((entry) => entry.path === 'folder/shared.bin')?.cid
    }
  })
  expect(folder.fileCid).toBe(file.cid)
  expect((await getPin(page, token, folder.requestid)).status).toBe('queued')

  // The first import's request goes: its DAG is garbage, but the folder still needs those blocks.
  expect((await fetchInPage(page, `/api/v1/pins/${file.requestid}`, { method: 'DELETE', headers: auth })).status).toBe(
    202
  )
  await expect.poll(async () => page.evaluate(async () => (await window.pinningService!.storageUsage()).dags), {
    timeout: 10_000
  }).toBe(0)
  await new Promise((resolve) => setTimeout(resolve, 1500))
  expect(await page.evaluate(async (cid) => window.pinningService!.content.has(cid), file.cid)).toBe(true)

  // Once the slots free up, the folder is pinned from local blocks alone.
  for (const pin of waiting) {
    await fetchInPage(page, `/api/v1/pins/${pin.requestid}`, { method: 'DELETE', headers: auth })
  }
  await waitForStatus(page, token, folder.requestid, 'pinned')
  expect(await page.evaluate(async (cid) => window.pinningService!.content.has(cid), file.cid)).toBe(true)
})
