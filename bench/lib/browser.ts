import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
// The tests' launch settings, host-resolver wall included: no name but loopback resolves.
import { CHROMIUM_FLAGS as FLAGS, CHROMIUM_PATH, LOOPBACK_HOSTS } from '../../test/support/chromium.ts'
import type { BrowserContext } from 'playwright-core'

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
