import { installPageProbe } from '../lib/page-probe.ts'
import type { BenchContext } from '../lib/context.ts'
import type { ProbeReading } from '../lib/page-probe.ts'
import type { Page } from 'playwright-core'

/** After the first answer, how long to keep listening for scripts the page still loads (the engine's). */
const SETTLE_MS = 3000

export interface VisitResult {
  /** Navigation start to the first API answer (GET /pins answered by the page's handlers). */
  firstAnswerMs: number
  /** Navigation start to `window.pinningService` (the worker started and the API answers). */
  readyMs: number
  answerStatus: number
  /** Scripts requested before the service was ready and loaded before the first answer: gzip and raw bytes of the built files. */
  jsBeforeAnswer: ScriptSizes
  /** Every script the visit loaded within a few seconds (the engine's Worker included). */
  jsTotal: ScriptSizes
  longestTaskMs: number
}

export interface ScriptSizes {
  gzipBytes: number
  bytes: number
  /** Each file, largest first (gzip bytes). */
  files: Array<{ path: string, gzipBytes: number }>
}

export interface StartupRun {
  first: VisitResult
  warm: VisitResult
}

export interface StartupResult {
  runs: StartupRun[]
  /** What the first answer cannot do without: the entry's static imports and the service worker's scripts. */
  needed: ScriptSizes
  /** The service worker's scripts, as the browser fetched them (its own and any it imports). */
  workerScripts: string[]
  /** Every JavaScript file the build emits (libp2p's chunk loads only for libp2p origins). */
  build: ScriptSizes
}

/** Navigation to first API answer on a first and a warm visit, and the JavaScript loaded for it. */
export async function runStartup (ctx: BenchContext): Promise<StartupResult> {
  const runs: StartupRun[] = []
  const workerScripts = new Set<string>()
  for (let run = 0; run < ctx.config.startupRuns; run++) {
    const browser = await ctx.launch()
    try {
      await browser.context.addInitScript(installPageProbe)
      // Every script asked for, the Workers' included (the page's Resource Timing sees only its own); the
      // service worker's own fetches (its script, and what it imports) are told apart by Playwright.
      let requested = new Set<string>()
      let fromWorker = new Set<string>()
      browser.context.on('request', (request) => {
        const url = new URL(request.url())
        if (url.origin !== ctx.origin) return
        requested.add(url.pathname)
        if (request.serviceWorker() !== null && url.pathname.endsWith('.js')) fromWorker.add(url.pathname)
      })
      const page = await browser.context.newPage()
      const first = await visit(ctx, page, () => requested, fromWorker)
      for (const script of fromWorker) workerScripts.add(script)
      await page.evaluate(async () => {
        localStorage.setItem('bench-token', await window.pinningService!.createToken('bench'))
      })
      requested = new Set()
      fromWorker = new Set()
      // A warm visit's answer never waits for the worker's scripts: the active worker serves while the browser checks for an update.
      const warm = await visit(ctx, page, () => requested, new Set())
      runs.push({ first, warm })
      ctx.log(
        `  run ${run + 1}: first visit ${first.firstAnswerMs.toFixed(0)} ms (${
          (first.jsBeforeAnswer.gzipBytes / 1000).toFixed(0)
        } kB gzip JS before it), warm ${warm.firstAnswerMs.toFixed(0)} ms (${
          (warm.jsBeforeAnswer.gzipBytes / 1000).toFixed(0)
        } kB)`
      )
    } finally {
      await browser.dispose()
    }
  }
  return {
    runs,
    needed: sizeOf(ctx, new Set([...ctx.entryScripts, ...workerScripts])),
    workerScripts: [...workerScripts],
    build: sizeOf(ctx, new Set(ctx.scripts.map((script) => script.path)))
  }
}

/** `workerScripts`: the service worker's scripts fetched for this visit, which a first visit waits for. */
async function visit (
  ctx: BenchContext,
  page: Page,
  requested: () => Set<string>,
  workerScripts: Set<string>
): Promise<VisitResult> {
  await page.goto(`${ctx.origin}/`)
  await page.waitForFunction(
    () => (window as unknown as { __benchProbe: ProbeReading }).__benchProbe.answer !== undefined,
    undefined,
    { timeout: 30_000 }
  )
  await page.waitForTimeout(SETTLE_MS)
  const probe = await page.evaluate(() => ({
    ...(window as unknown as { __benchProbe: ProbeReading }).__benchProbe,
    // The page's own loads, on the same clock as the probe.
    resources: performance.getEntriesByType('resource').map((entry) => ({
      url: entry.name,
      start: entry.startTime,
      end: (entry as PerformanceResourceTiming).responseEnd
    }))
  }))
  const ready = probe.ready as number
  const answer = probe.answer as number
  // Needed for the answer: asked for before the service was ready (the engine's Worker starts after it and
  // sometimes finishes loading first) and loaded before the answer.
  const needed = new Set(
    probe.resources
      .filter((entry) => entry.start < ready && entry.end <= answer)
      .map((entry) => new URL(entry.url).pathname)
  )
  // The worker's scripts are fetched by the browser, not the page: a first visit waits for them to activate.
  for (const script of workerScripts) needed.add(script)
  return {
    firstAnswerMs: answer,
    readyMs: ready,
    answerStatus: probe.answerStatus as number,
    jsBeforeAnswer: sizeOf(ctx, needed),
    jsTotal: sizeOf(ctx, requested()),
    longestTaskMs: Math.max(0, ...probe.longTasks.filter((task) => task.start <= answer).map((task) => task.duration))
  }
}

/** Sizes from the build itself: the preview server sends no compression, a real host would gzip. */
function sizeOf (ctx: BenchContext, paths: Set<string>): ScriptSizes {
  const assets = ctx.scripts.filter((script) => paths.has(script.path)).sort((a, b) => b.gzipBytes - a.gzipBytes)
  return {
    gzipBytes: assets.reduce((sum, asset) => sum + asset.gzipBytes, 0),
    bytes: assets.reduce((sum, asset) => sum + asset.bytes, 0),
    files: assets.map((asset) => ({ path: asset.path, gzipBytes: asset.gzipBytes }))
  }
}
