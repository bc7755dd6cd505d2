import type { EngineConfig } from '../../src/index.ts'
import type { BrowserContext, Page } from 'playwright-core'

/** Engine settings that touch no network: pins just wait (queued, or pinning while the engine looks). */
export const NO_NETWORK: Partial<EngineConfig> = { gateways: [], routers: [], libp2p: 'never', allowInsecure: true }

export interface ServicePage {
  page: Page
  token: string
}

/**
 * Opens the built page, waits until the API answers, applies engine settings and creates a token. `newTab`: in a
 * tab of its own (two builds side by side), not the context's first one.
 */
export async function openServicePage (
  context: BrowserContext,
  origin: string,
  engine: Partial<EngineConfig> = NO_NETWORK,
  { newTab = false } = {}
): Promise<ServicePage> {
  const page = (newTab ? undefined : context.pages()[0]) ?? await context.newPage()
  page.on('pageerror', (error) => {
    console.error('  page error:', error.message)
  })
  await page.goto(`${origin}/`)
  await page.waitForFunction(() => window.pinningService !== undefined, undefined, { timeout: 30_000 })
  const token = await page.evaluate(async (settings) => {
    const service = window.pinningService!
    await service.settings.update(settings)
    return service.createToken('bench')
  }, engine)
  return { page, token }
}
