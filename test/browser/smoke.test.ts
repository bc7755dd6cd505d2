import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchBrowser } from '../support/chromium.ts'
import { createToken, fetchInPage, openServicePage } from '../support/service-page.ts'
import type { BrowserSession } from '../support/chromium.ts'

let browser: BrowserSession
beforeAll(async () => { browser = await launchBrowser() })
afterAll(async () => { await browser.dispose() })

test('smoke', async () => {
  const page = await openServicePage(browser.context)
  const token = await createToken(page)
  const auth = { Authorization: `Bearer ${token}` }
  const added = await fetchInPage(page, '/api/v1/pins', { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy', name: 'x' }) })
  console.log(added)
  expect(added.status).toBe(202)
  const list = await fetchInPage(page, '/api/v1/pins?status=queued', { headers: auth })
  console.log(list)
  const bad = await fetchInPage(page, '/api/v1/nope', { headers: auth })
  console.log(bad)
})
