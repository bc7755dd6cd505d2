import { mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { launchBrowser } from './chromium.ts'
import { openServicePage } from './service-page.ts'
import type { BrowserSession } from './chromium.ts'
import type { EngineConfig, Pin } from '../../src/index.ts'
import type { Page } from 'playwright-core'

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }
const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots')

export interface UiSession {
  browser: BrowserSession
  page: Page
  /** Every alert/confirm/prompt the page opened (the UI never should), and beforeunload prompts. */
  dialogs: Array<{ type: string, message: string }>
  /** Uncaught errors in the page. */
  errors: string[]
}

/** Chromium on the standalone page, at desktop size, with the engine kept off the network unless told. */
export async function openUi (options: { engine?: Partial<EngineConfig>, path?: string } = {}): Promise<UiSession> {
  const browser = await launchBrowser()
  const page = await openServicePage(browser.context, options)
  await page.setViewportSize(DESKTOP)
  const dialogs: UiSession['dialogs'] = []
  const errors: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push({ type: dialog.type(), message: dialog.message() })
    void dialog.dismiss()
  })
  page.on('pageerror', (error) => {
    errors.push(error.message)
  })
  await page.locator('nav a', { hasText: 'Pins' }).waitFor()
  return { browser, page, dialogs, errors }
}

const HEADINGS = { Pins: 'Pins', Add: 'Add', Tokens: 'Access tokens', Storage: 'Storage', Settings: 'Settings' }
export type ViewTab = keyof typeof HEADINGS

/** Opens a section through its tab, as a person would. */
export async function openView (page: Page, tab: ViewTab): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: tab, exact: true }).click()
  await page.getByRole('heading', { level: 2, name: HEADINGS[tab], exact: true }).waitFor()
}

/** Adds pin requests straight through the service (one transaction), newest last. */
export async function seedPins (page: Page, pins: Pin[]): Promise<void> {
  await page.evaluate(async (pins) => {
    await window.pinningService!.pins.addMany(pins)
  }, pins)
}

/** Saves a screenshot under test-results/screenshots/; the whole page unless `fullPage` is false (dialogs). */
export async function screenshot (page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true })
  // From the top: the sticky navigation would otherwise be drawn where the page was scrolled to.
  if (fullPage) {
    await page.evaluate(() => {
      scrollTo(0, 0)
    })
  }
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage })
}

let axeSource: string | undefined

export interface AxeViolation {
  id: string
  impact: string
  help: string
  targets: string[]
}

/** Runs axe-core in the page (injected from node_modules: no network) and returns the serious and critical violations. */
export async function seriousViolations (page: Page): Promise<AxeViolation[]> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  if (!await page.evaluate(() => 'axe' in window)) await page.addScriptTag({ content: axeSource })
  return page.evaluate(async () => {
    const axe = (window as any).axe
    const results = await axe.run(document, { resultTypes: ['violations'] })
    return results.violations
      .filter((violation: any) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation: any) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node: any) => JSON.stringify(node.target))
      }))
  })
}
