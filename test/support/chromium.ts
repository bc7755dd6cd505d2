import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { BrowserContext } from 'playwright-core'

/** Debian's Chromium unless CHROMIUM_PATH names another (e.g. a Playwright-managed build). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // The hard wall: no name but loopback resolves, so nothing can leave the machine even if a route slips.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'
]

export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

export interface BrowserSession {
  context: BrowserContext
  /** Every request to a non-loopback address that was attempted (and aborted). */
  blocked: string[]
  /** Closes the browser (keeping the profile for `reopen`). */
  close(): Promise<void>
  /** Closes and opens the browser again on the same profile: a browser restart. */
  reopen(): Promise<BrowserSession>
  /** Closes the browser, deletes the profile, and fails if anything tried to leave loopback. */
  dispose(): Promise<void>
}

/** Launches Chromium on a fresh persistent profile that survives `reopen`. */
export async function launchBrowser (): Promise<BrowserSession> {
  const profile = await mkdtemp(join(tmpdir(), 'pinning-profile-'))
  return open(profile)
}

async function open (profile: string): Promise<BrowserSession> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    serviceWorkers: 'allow'
  })
  const blocked: string[] = []
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && !LOOPBACK_HOSTS.has(url.hostname)) {
      blocked.push(url.href)
      await route.abort('blockedbyclient')
      return
    }
    await route.fallback()
  })
  const session: BrowserSession = {
    context,
    blocked,
    close: async () => {
      await context.close()
    },
    reopen: async () => {
      await context.close()
      return open(profile)
    },
    dispose: async () => {
      await context.close()
      await rm(profile, { recursive: true, force: true })
      if (blocked.length > 0) throw new Error(`requests left loopback: ${blocked.join(', ')}`)
    }
  }
  return session
}
