import { afterAll, describe } from 'vitest'
import { apiContract } from '../support/api-contract.ts'
import { launchBrowser } from '../support/chromium.ts'
import { openServicePage, pageApiClient } from '../support/service-page.ts'
import type { BrowserSession } from '../support/chromium.ts'

describe('the API in Chromium, through the msw service worker and IndexedDB', () => {
  let browser: BrowserSession | undefined
  afterAll(async () => {
    await browser?.dispose()
  })

  apiContract(async () => {
    browser = await launchBrowser()
    return pageApiClient(await openServicePage(browser.context))
  })
})
