import { launchBrowser } from './chromium.ts'
import { startPageBridge } from './page-bridge.ts'
import { createToken, openServicePage } from './service-page.ts'
import type { BrowserSession } from './chromium.ts'
import type { PageBridge } from './page-bridge.ts'
import type { Page } from 'playwright-core'

export interface BridgedService {
  browser: BrowserSession
  page: Page
  bridge: PageBridge
  /** The API base as programs outside the browser see it, e.g. http://127.0.0.1:40123/api/v1 */
  endpoint: string
  token: string
  close(): Promise<void>
}

/** The service running in Chromium, reachable from Node through a loopback bridge, with a fresh token. */
export async function startBridgedService (tokenLabel: string): Promise<BridgedService> {
  const browser = await launchBrowser()
  const page = await openServicePage(browser.context)
  const bridge = await startPageBridge(page)
  const token = await createToken(page, tokenLabel)
  return {
    browser,
    page,
    bridge,
    endpoint: `${bridge.origin}/api/v1`,
    token,
    close: async () => {
      await bridge.close()
      await browser.dispose()
    }
  }
}
