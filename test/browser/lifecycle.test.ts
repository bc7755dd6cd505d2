import { afterEach, expect, test } from 'vitest'
import { sameRequest } from '../support/api-contract.ts'
import { randomCid } from '../support/cids.ts'
import { launchBrowser } from '../support/chromium.ts'
import { createToken, fetchInPage, openAnotherTab, openServicePage } from '../support/service-page.ts'
import type { BrowserSession } from '../support/chromium.ts'

let browser: BrowserSession | undefined
afterEach(async () => {
  await browser?.dispose()
  browser = undefined
})

test('window.pinningService appears only once the API answers: a request made at that moment is served', async () => {
  browser = await launchBrowser()
  // Fire a request the instant the page publishes the service, before any other code runs.
  await browser.context.addInitScript(() => {
    let service: unknown
    Object.defineProperty(window, 'pinningService', {
      configurable: true,
      get: () => service,
      set (value: { endpoint: string }) {
        service = value
        ;(window as any).firstAnswer = fetch(`${value.endpoint}/pins`).then(async (r) => ({
          status: r.status,
          type: r.headers.get('content-type'),
          body: await r.text()
        }))
      }
    })
  })
  const page = await openServicePage(browser.context)
  const first = await page.evaluate(async () => (window as any).firstAnswer)
  expect(first.status).toBe(401)
  expect(first.type).toMatch(/^application\/json/)
  expect(JSON.parse(first.body).error.reason).toBe('UNAUTHORIZED')
})

test('pins, tokens and the peer identity survive a reload and a browser restart', async () => {
  browser = await launchBrowser()
  let page = await openServicePage(browser.context)
  const token = await createToken(page, 'restart')
  const auth = { Authorization: `Bearer ${token}` }
  const cid = await randomCid()
  const added = JSON.parse(
    (await fetchInPage(page, '/api/v1/pins', {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ cid, name: 'kept' })
    })).body
  )

  await page.reload()
  await page.waitForFunction(() => window.pinningService !== undefined)
  const afterReload = await fetchInPage(page, `/api/v1/pins/${added.requestid}`, { headers: auth })
  expect(afterReload.status).toBe(200)
  expect(JSON.parse(afterReload.body)).toEqual(sameRequest(added))

  browser = await browser.reopen()
  page = await openServicePage(browser.context)
  const afterRestart = await fetchInPage(page, `/api/v1/pins?cid=${cid}`, { headers: auth })
  expect(afterRestart.status).toBe(200)
  expect(JSON.parse(afterRestart.body)).toEqual({ count: 1, results: [sameRequest(added)] })
})

test('two tabs posting at once share one store and never share a created timestamp', async () => {
  browser = await launchBrowser()
  const first = await openServicePage(browser.context)
  const second = await openAnotherTab(first)
  const token = await createToken(first, 'tabs')

  const postMany = async (page: typeof first, label: string) =>
    page.evaluate(async ({ token, label }) => {
      const bodies = Array.from({ length: 30 }, (_, i) =>
        JSON.stringify({ cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy', name: `${label}-${i}` }))
      const responses = await Promise.all(bodies.map(async (body) =>
        fetch('/api/v1/pins', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body })
      ))
      return Promise.all(
        responses.map(async (response) => ({
          status: response.status,
          created: (await response.json()).created as string
        }))
      )
    }, { token, label })
  const [fromFirst, fromSecond] = await Promise.all([postMany(first, 'one'), postMany(second, 'two')])
  const all = [...fromFirst, ...fromSecond]
  expect(all.every((answer) => answer.status === 202)).toBe(true)
  expect(new Set(all.map((answer) => answer.created)).size).toBe(60)

  // Each tab answers from the same records: the second lists what both wrote, newest first.
  const listed = JSON.parse(
    (await fetchInPage(second, '/api/v1/pins?status=queued,pinning&limit=1000', {
      headers: { Authorization: `Bearer ${token}` }
    })).body
  )
  expect(listed.count).toBe(60)
  const created = listed.results.map((status: { created: string }) => status.created)
  expect(created).toEqual([...created].sort().reverse())

  // A token revoked in one tab is refused by the other at once.
  const id = await first.evaluate(async () => (await window.pinningService!.listTokens())[0]!.id)
  await first.evaluate(async (id) => window.pinningService!.revokeToken(id), id)
  expect((await fetchInPage(second, '/api/v1/pins', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(
    401
  )
})

test('stop() ends this tab\'s part: its engine goes to the other open tab; the worker still answers both tabs', async () => {
  browser = await launchBrowser()
  const first = await openServicePage(browser.context)
  const second = await openAnotherTab(first)
  const token = await createToken(first, 'stop')
  const engineTabs = async () =>
    Promise.all([first, second].map(async (tab) => tab.evaluate(() => window.pinningService!.engine.running)))
  await first.evaluate(async () => window.pinningService!.engine.started)
  expect(await engineTabs()).toEqual([true, false])

  await first.evaluate(async () => {
    await window.pinningService!.stop()
  })
  // Both tabs stay open: the lock was given up, not lost with a closed tab.
  await second.evaluate(async () => window.pinningService!.engine.started)
  expect(await engineTabs()).toEqual([false, true])
  for (const tab of [first, second]) {
    const served = await fetchInPage(tab, '/api/v1/pins', { headers: { Authorization: `Bearer ${token}` } })
    expect(served.status).toBe(200)
  }
})
