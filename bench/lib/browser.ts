import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { BrowserContext } from 'playwright-core'

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// The flags of test/support/chromium.ts, host-resolver wall included: no name but loopback resolves.
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'
]

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

export interface BenchBrowser {
  context: BrowserContext
  /** Requests that aimed beyond loopback (the resolver wall stopped them). */
  readonly offLoopback: string[]
  /** Closes Chromium and deletes the profile. */
  dispose(): Promise<void>
}

/**
 * Chromium on a fresh profile. Unlike the tests, no request is routed through Playwright: interception
 * would add a round trip to Node to every request and disable the HTTP cache, which is what we measure.
 * Requests are only watched (passively) so a run that tried to leave loopback says so.
 */
export async function launchBenchBrowser (): Promise<BenchBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'pinning-bench-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    serviceWorkers: 'allow'
  })
  const offLoopback: string[] = []
  context.on('request', (request) => {
    const url = new URL(request.url())
    if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && !LOOPBACK_HOSTS.has(url.hostname)) offLoopback.push(url.href)
  })
  return {
    context,
    offLoopback,
    dispose: async () => {
      await context.close()
      await rm(profile, { recursive: true, force: true })
    }
  }
}
