import { afterEach, expect, test } from 'vitest'
import { inject } from 'vitest'
import { serveBuildCopy } from '../support/build-copy.ts'
import { randomCid } from '../support/cids.ts'
import { launchBrowser } from '../support/chromium.ts'
import { createToken, fetchInPage, openAnotherTab, openServicePage } from '../support/service-page.ts'
import { SCHEMA_VERSION } from '../../src/store/database.ts'
import type { BuildCopy } from '../support/build-copy.ts'
import type { BrowserSession } from '../support/chromium.ts'
import type { Page } from 'playwright-core'

/** The service worker is the server: every client of the origin is answered, whatever any page is doing. */
let browser: BrowserSession | undefined
let copy: BuildCopy | undefined
afterEach(async () => {
  await browser?.dispose()
  await copy?.close()
  browser = undefined
  copy = undefined
})

const BLANK = '/__test/blank.html'
const json = { 'Content-Type': 'application/json' }

async function post (page: Page, token: string, pin: Record<string, unknown>) {
  const answer = await fetchInPage(page, '/api/v1/pins', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, ...json },
    body: JSON.stringify(pin)
  })
  expect(answer.status, answer.body).toBe(202)
  return JSON.parse(answer.body) as { requestid: string, created: string }
}

test('a tab that never started the service, and a frame inside it, are answered with no service page open', async () => {
  browser = await launchBrowser()
  const service = await openServicePage(browser.context)
  const token = await createToken(service, 'other clients')
  const added = await post(service, token, { cid: await randomCid(), name: 'from the service page' })

  const blank = await browser.context.newPage()
  await blank.goto(new URL(BLANK, inject('pageOrigin')).href)
  await service.close()
  expect(
    await blank.evaluate(() => ({
      started: 'pinningService' in window,
      controlled: navigator.serviceWorker.controller !== null
    }))
  ).toEqual({ started: false, controlled: true })
  const got = await fetchInPage(blank, `/api/v1/pins/${added.requestid}`, {
    headers: { Authorization: `Bearer ${token}` }
  })
  expect(got.status, got.body).toBe(200)
  expect(JSON.parse(got.body).pin.name).toBe('from the service page')
  await post(blank, token, { cid: await randomCid(), name: 'from a blank tab' })

  await blank.evaluate(async (src) => {
    const frame = document.createElement('iframe')
    frame.src = src
    const loaded = new Promise((resolve) => {
      frame.onload = resolve
    })
    document.body.append(frame)
    await loaded
  }, BLANK)
  const frame = blank.frames().find((candidate) => candidate !== blank.mainFrame())
  if (frame === undefined) throw new Error('the iframe did not load')
  const listed = await frame.evaluate(async (token) => {
    const response = await fetch('/api/v1/pins?name=from%20a%20blank%20tab', {
      headers: { Authorization: `Bearer ${token}` }
    })
    return { status: response.status, body: await response.json() }
  }, token)
  expect(listed.status).toBe(200)
  expect(listed.body.count).toBe(1)
})

test('no page runs API code: the scripts a service page loads hold none of it; the worker\'s script does', async () => {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context)
  await page.locator('nav a', { hasText: 'Pins' }).waitFor()
  const scripts = await page.evaluate(() =>
    performance.getEntriesByType('resource').map((entry) => entry.name).filter((url) => url.endsWith('.js'))
  )
  expect(scripts.length).toBeGreaterThan(0)
  // Words of the API's request routing (src/api/app.ts), which only a server of the API needs.
  const apiOnly = /No API operation at/
  for (const script of scripts) expect(await (await fetch(script)).text(), script).not.toMatch(apiOnly)
  expect(await (await fetch(new URL('/pinning-service-worker.js', inject('pageOrigin')))).text()).toMatch(apiOnly)
})

test('a dedicated Worker is answered while the main thread of its only tab is blocked', async () => {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context)
  const token = await createToken(page, 'worker')
  const cid = await randomCid()
  const result = await page.evaluate(async ({ token, cid }) => {
    const worker = new Worker('/__test/api-worker.js')
    const nextMessage = async () =>
      new Promise<any>((resolve) => {
        worker.onmessage = (event) => {
          resolve(event.data)
        }
      })
    const scheduled = nextMessage()
    const auth = { Authorization: `Bearer ${token}` }
    worker.postMessage({
      at: Date.now() + 500,
      requests: [
        {
          url: '/api/v1/pins',
          init: {
            method: 'POST',
            headers: { ...auth, 'Content-Type': 'application/json' },
            body: JSON.stringify({ cid, name: 'from a worker' })
          }
        },
        ...Array.from({ length: 10 }, () => ({ url: `/api/v1/pins?cid=${cid}`, init: { headers: auth } }))
      ]
    })
    // Once the worker has its job, the page's main thread does nothing else for 3 s: nothing of the API may
    // need it meanwhile.
    const ack = await scheduled
    const answered = nextMessage()
    const busyFrom = Date.now()
    while (Date.now() - busyFrom < 3000) { /* busy */ }
    const busyUntil = Date.now()
    return { ack, busyUntil, answers: await answered as Array<{ status: number, body: string, at: number }> }
  }, { token, cid })
  expect(result.ack).toBe('scheduled')
  expect(result.answers.map((answer) => answer.status)).toEqual([202, ...Array(10).fill(200)])
  expect(JSON.parse(result.answers.at(-1)!.body).count).toBe(1)
  // Every answer arrived while the page was still blocked.
  expect(Math.max(...result.answers.map((answer) => answer.at))).toBeLessThan(result.busyUntil)
})

test('a tab that blocks its main thread for 3 s delays no other tab\'s requests', async () => {
  browser = await launchBrowser()
  const busy = await openServicePage(browser.context)
  const other = await openAnotherTab(busy)
  const token = await createToken(other, 'busy')
  const blocking = busy.evaluate(() => {
    const from = Date.now()
    while (Date.now() - from < 3000) { /* busy */ }
    return { from, until: Date.now() }
  })
  const served = await other.evaluate(async (token) => {
    await new Promise((resolve) => setTimeout(resolve, 300))
    const from = Date.now()
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) {
      statuses.push(
        (await fetch('/api/v1/pins?status=queued', { headers: { Authorization: `Bearer ${token}` } })).status
      )
    }
    return { from, until: Date.now(), statuses }
  }, token)
  const blocked = await blocking
  expect(served.statuses).toEqual(Array(20).fill(200))
  expect(served.from).toBeGreaterThan(blocked.from)
  expect(served.until).toBeLessThan(blocked.until)
})

test('the worker stopped by the browser between two requests answers the next one from what is stored', async () => {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context)
  const token = await createToken(page, 'restart')
  const revoked = await page.evaluate(async () => (await window.pinningService!.tokens.create('revoked')).token)
  const first = await post(page, token, { cid: await randomCid(), name: 'before the stop' })

  const cdp = await browser.context.newCDPSession(page)
  const stopped = async () => {
    const states = new Set<string>()
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: Array<{ runningStatus: string }> }) => {
      for (const version of versions) states.add(version.runningStatus)
    })
    await cdp.send('ServiceWorker.enable')
    await cdp.send('ServiceWorker.stopAllWorkers')
    await expect.poll(() => states.has('stopped')).toBe(true)
  }
  await stopped()
  const second = await post(page, token, { cid: await randomCid(), name: 'after the stop' })
  expect(Date.parse(second.created)).toBeGreaterThan(Date.parse(first.created))
  const listed = JSON.parse(
    (await fetchInPage(page, '/api/v1/pins?status=queued,pinning,pinned,failed&limit=1000', {
      headers: { Authorization: `Bearer ${token}` }
    })).body
  )
  expect(listed.count).toBe(2)

  // A token revoked while the worker is stopped is refused by the restarted worker.
  const id = await page.evaluate(async () =>
    (await window.pinningService!.listTokens()).find((info) => info.label === 'revoked')!.id
  )
  await page.evaluate(async (id) => window.pinningService!.revokeToken(id), id)
  await stopped()
  expect((await fetchInPage(page, '/api/v1/pins', { headers: { Authorization: `Bearer ${revoked}` } })).status).toBe(
    401
  )
})

test('a new build\'s worker takes over while pages are open and posting: no request is lost or doubled', async () => {
  copy = await serveBuildCopy()
  browser = await launchBrowser()
  const page = await openServicePage(browser.context, { path: `${copy.origin}/` })
  const blank = await browser.context.newPage()
  await blank.goto(`${copy.origin}${BLANK}`)
  const token = await createToken(page, 'update')
  const before = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)

  const posting = (tab: Page, label: string) =>
    tab.evaluate(async ({ token, label }) => {
      const statuses: number[] = []
      for (let i = 0; i < 60; i++) {
        const batch = Array.from({ length: 4 }, async (_, j) => {
          const response = await fetch('/api/v1/pins', {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({
              cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
              name: `${label}-${i}-${j}`
            })
          })
          statuses.push(response.status)
        })
        await Promise.all(batch)
      }
      return statuses
    }, { token, label })
  const takenOver = page.evaluate(async () =>
    new Promise<string>((resolve) => {
      navigator.serviceWorker.addEventListener('controllerchange', () => {
        resolve(navigator.serviceWorker.controller?.scriptURL ?? '')
      }, { once: true })
    })
  )
  const streams = Promise.all([posting(page, 'page'), posting(blank, 'blank')])
  await copy.deployNewWorker(`build ${Date.now()}`)
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())!.update()
  })
  expect(await takenOver).toBe(before)
  const [fromPage, fromBlank] = await streams
  expect([...fromPage, ...fromBlank]).toEqual(Array(480).fill(202))

  const listed = JSON.parse(
    (await fetchInPage(page, '/api/v1/pins?status=queued,pinning,pinned,failed&limit=1000', {
      headers: { Authorization: `Bearer ${token}` }
    })).body
  )
  expect(listed.count).toBe(480)
  const names = new Set(listed.results.map((status: { pin: { name: string } }) => status.pin.name))
  expect(names.size).toBe(480)
  expect(new Set(listed.results.map((status: { created: string }) => status.created)).size).toBe(480)
})

test('a newer version of the database is never blocked by open tabs or the worker; the old code stops writing and says so', async () => {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context)
  const token = await createToken(page, 'versions')
  const added = await post(page, token, { cid: await randomCid(), name: 'kept across versions' })
  await page.evaluate(async () => window.pinningService!.engine.started)

  // A newer build opens the database at the next version, from a page of its own.
  const newer = await browser.context.newPage()
  await newer.goto(new URL(BLANK, inject('pageOrigin')).href)
  const upgrade = await newer.evaluate(
    async (next) =>
      new Promise<{ blocked: boolean, version: number, names: string[] }>((resolve, reject) => {
        let blocked = false
        const request = indexedDB.open('in-page-pinning-service', next)
        request.onblocked = () => {
          blocked = true
        }
        request.onerror = () => {
          reject(request.error)
        }
        request.onsuccess = () => {
          const db = request.result
          const read = db.transaction('pins').objectStore('pins').getAll()
          read.onsuccess = () => {
            resolve({
              blocked,
              version: db.version,
              names: read.result.map((record: { pin: { name?: string } }) => record.pin.name ?? '')
            })
            db.close()
          }
        }
      }),
    SCHEMA_VERSION + 1
  )
  expect(upgrade).toEqual({ blocked: false, version: SCHEMA_VERSION + 1, names: ['kept across versions'] })

  // The old worker and page write nothing to a schema they do not know, and say why.
  const refused = await fetchInPage(page, `/api/v1/pins/${added.requestid}`, {
    headers: { Authorization: `Bearer ${token}` }
  })
  expect(refused.status).toBe(503)
  expect(refused.headers['retry-after']).toBe('1')
  expect(JSON.parse(refused.body).error).toEqual({
    reason: 'SERVICE_UNAVAILABLE',
    details: expect.stringContaining('newer version')
  })
  await expect.poll(() =>
    page.evaluate(() => ({ outdated: window.pinningService!.outdated, engine: window.pinningService!.engine.running }))
  ).toEqual({ outdated: true, engine: false })
  await expect.poll(async () =>
    page.getByRole('alert').filter({ hasText: 'newer version of this service is installed' }).count()
  ).toBe(1)
})

test('reloads that cut start-up and update checks short raise no uncaught error in any tab', async () => {
  browser = await launchBrowser()
  const first = await openServicePage(browser.context)
  const second = await openAnotherTab(first)
  const problems: string[] = []
  for (const tab of [first, second]) {
    tab.on('pageerror', (error) => {
      problems.push(`uncaught: ${error.message}`)
    })
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
  }
  for (let i = 0; i < 8; i++) {
    // Each reload starts the next before the page (and its registration's update check) has finished. The page
    // may be between documents when asked: Playwright then refuses, which is the harness's race, not the page's.
    await first.evaluate(() => {
      location.reload()
    }).catch(() => {})
    await new Promise((resolve) => setTimeout(resolve, 40 * i))
  }
  await first.reload()
  await first.waitForFunction(() => window.pinningService !== undefined)
  await second.reload()
  await second.waitForFunction(() => window.pinningService !== undefined)
  expect(problems).toEqual([])
})

test('when the worker\'s script cannot be fetched (a broken deploy), a reload goes on with the installed worker, with no error', async () => {
  copy = await serveBuildCopy()
  browser = await launchBrowser()
  const page = await openServicePage(browser.context, { path: `${copy.origin}/` })
  const token = await createToken(page, 'kept')
  await copy.removeWorker()
  const problems: string[] = []
  page.on('pageerror', (error) => {
    problems.push(error.message)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  await page.reload()
  await page.waitForFunction(() => window.pinningService !== undefined)
  expect((await fetchInPage(page, '/api/v1/pins', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200)
  // The page's own check for a new build fails as well, and is caught.
  const checked = await page.evaluate(async () =>
    (await navigator.serviceWorker.getRegistration())!.update().then(() => 'updated', (error: Error) => error.name)
  )
  expect(checked).not.toBe('updated')
  expect(problems.filter((problem) => !/404|Failed to update a ServiceWorker/.test(problem))).toEqual([])
})
