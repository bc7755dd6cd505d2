import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
// The tests' launch settings, host-resolver wall included: no name but loopback resolves.
import { CHROMIUM_FLAGS as FLAGS, CHROMIUM_PATH, LOOPBACK_HOSTS } from '../../test/support/chromium.ts'
import { connectDirectCdp } from './cdp-direct.ts'
import type { DirectCdp } from './cdp-direct.ts'
import type { BrowserContext } from 'playwright-core'

export interface BenchBrowser {
  context: BrowserContext
  /** Requests that aimed beyond loopback (the resolver wall stopped them). */
  readonly offLoopback: string[]
  /** A DevTools connection of our own, for the service worker's and the Workers' heaps (opened on first use). */
  cdp(): Promise<DirectCdp>
  /** Closes Chromium and deletes the profile. */
  dispose(): Promise<void>
}

/**
 * Chromium on a fresh profile. Unlike the tests, no request is routed through Playwright: interception
 * would add a round trip to Node to every request and disable the HTTP cache, which is what we measure.
 * Requests are only watched (passively) so a run that tried to leave loopback says so. DevTools also listens
 * on a loopback port of its own choosing, which only `cdp()` uses.
 */
export async function launchBenchBrowser (): Promise<BenchBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'pinning-bench-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...FLAGS, '--remote-debugging-port=0', '--remote-debugging-address=127.0.0.1'],
    serviceWorkers: 'allow'
  })
  const offLoopback: string[] = []
  context.on('request', (request) => {
    const url = new URL(request.url())
    if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && !LOOPBACK_HOSTS.has(url.hostname)) {
      offLoopback.push(url.href)
    }
  })
  let cdp: Promise<DirectCdp> | undefined
  return {
    context,
    offLoopback,
    cdp: async () => (cdp ??= connectDirectCdp(profile)),
    dispose: async () => {
      if (cdp !== undefined) (await cdp.catch(() => undefined))?.close()
      await context.close()
      await rm(profile, { recursive: true, force: true })
    }
  }
}
