import { inject } from 'vitest'
import type { ApiClient } from './api-client.ts'
import type { EngineConfig } from '../../src/index.ts'
import type { BrowserContext, Page } from 'playwright-core'

/** Engine settings for tests without a network: nothing to ask, so pins wait (pinning) until deleted. */
export const NO_NETWORK: Partial<EngineConfig> = { gateways: [], routers: [], libp2p: 'never', allowInsecure: true }

/**
 * Opens the standalone page, waits until `window.pinningService` exists (the API answers), and points the
 * engine at `engine` settings (default: no network at all) before any pin is made.
 */
export async function openServicePage (
  context: BrowserContext,
  { path = '/', engine = NO_NETWORK }: { path?: string, engine?: Partial<EngineConfig> } = {}
): Promise<Page> {
  const page = context.pages()[0] ?? await context.newPage()
  page.on('pageerror', (error) => {
    console.error('page error:', error)
  })
  await page.goto(new URL(path, inject('pageOrigin')).href)
  await page.waitForFunction(() => window.pinningService !== undefined)
  await page.evaluate(async (settings) => {
    await window.pinningService!.settings.update(settings)
  }, engine)
  return page
}

/** Opens another tab of the same page and waits until its service answers (the engine stays where it runs). */
export async function openAnotherTab (page: Page): Promise<Page> {
  const tab = await page.context().newPage()
  await tab.goto(page.url())
  await tab.waitForFunction(() => window.pinningService !== undefined)
  return tab
}

export interface PageResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** Makes a fetch from inside the page (so it goes through the service worker) and returns what came back. */
export async function fetchInPage (
  page: Page,
  path: string,
  init: { method?: string, headers?: Record<string, string>, body?: string } = {}
): Promise<PageResponse> {
  return page.evaluate(async ({ path, init }) => {
    const response = await fetch(new URL(path, location.origin), init)
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }
  }, { path, init })
}

export async function createToken (page: Page, label = 'test'): Promise<string> {
  return page.evaluate(async (label) => {
    if (window.pinningService === undefined) throw new Error('the service has not started')
    return window.pinningService.createToken(label)
  }, label)
}

/** The API contract's view of the page: every request is a fetch inside it, through the service worker. */
export function pageApiClient (page: Page): ApiClient {
  return {
    basePath: '/api/v1',
    fetch: async (path, init) => fetchInPage(page, path, init),
    createToken: async (label) =>
      page.evaluate(async (label) => {
        const created = await window.pinningService!.tokens.create(label)
        return { token: created.token, id: created.info.id }
      }, label),
    revokeToken: async (id) => page.evaluate(async (id) => window.pinningService!.revokeToken(id), id)
  }
}
