import { installPageProbe } from '../lib/page-probe.ts'
import type { BenchContext } from '../lib/context.ts'
import type { ProbeReading } from '../lib/page-probe.ts'
import type { Page, Request } from 'playwright-core'

/** After the first answer, how long to keep listening for scripts the page still loads (the engine's). */
const SETTLE_MS = 3000

export interface VisitResult {
  /** Navigation start to the first API answer (GET /pins answered by the page's handlers). */
  firstAnswerMs: number
  /** Navigation start to `window.pinningService` (the worker started and the API answers). */
  readyMs: number
  answerStatus: number
  /** Scripts finished loading before the first answer: gzip and raw bytes of the built files. */
  jsBeforeAnswer: { gzipBytes: number, bytes: number, files: string[] }
  /** Every script the visit loaded within a few seconds (the engine's Worker included). */
  jsTotal: { gzipBytes: number, bytes: number, files: string[] }
  longestTaskMs: number
}

export interface StartupRun {
  first: VisitResult
  warm: VisitResult
}

interface Loaded {
  path: string
  /** Epoch ms when the response ended. */
  end: number
}

/** Navigation to first API answer on a first and a warm visit, and the JavaScript loaded for it. */
export async function runStartup (ctx: BenchContext): Promise<StartupRun[]> {
  const runs: StartupRun[] = []
  for (let run = 0; run < ctx.config.startupRuns; run++) {
    const browser = await ctx.launch()
    try {
      await browser.context.addInitScript(installPageProbe)
      let loaded: Loaded[] = []
      const record = (request: Request) => {
        const timing = request.timing()
        const url = new URL(request.url())
        if (url.origin === ctx.origin) loaded.push({ path: url.pathname, end: timing.startTime + Math.max(timing.responseEnd, 0) })
      }
      browser.context.on('requestfinished', record)
      const page = await browser.context.newPage()
      const first = await visit(ctx, page, () => loaded)
      await page.evaluate(async () => { localStorage.setItem('bench-token', await window.pinningService!.createToken('bench')) })
      loaded = []
      const warm = await visit(ctx, page, () => loaded)
      runs.push({ first, warm })
      ctx.log(`  run ${run + 1}: first visit ${first.firstAnswerMs.toFixed(0)} ms (${(first.jsBeforeAnswer.gzipBytes / 1024).toFixed(0)} kB gzip JS before it), warm ${warm.firstAnswerMs.toFixed(0)} ms (${(warm.jsBeforeAnswer.gzipBytes / 1024).toFixed(0)} kB)`)
    } finally {
      await browser.dispose()
    }
  }
  return runs
}

async function visit (ctx: BenchContext, page: Page, loaded: () => Loaded[]): Promise<VisitResult> {
  await page.goto(`${ctx.origin}/`)
  await page.waitForFunction(() => (window as unknown as { __benchProbe: ProbeReading }).__benchProbe.answer !== undefined, undefined, { timeout: 30_000 })
  await page.waitForTimeout(SETTLE_MS)
  const probe = await page.evaluate(() => ({ ...(window as unknown as { __benchProbe: ProbeReading }).__benchProbe, timeOrigin: performance.timeOrigin }))
  const answerAt = probe.timeOrigin + (probe.answer as number)
  const scripts = loaded().filter((file) => file.path.endsWith('.js'))
  return {
    firstAnswerMs: probe.answer as number,
    readyMs: probe.ready as number,
    answerStatus: probe.answerStatus as number,
    jsBeforeAnswer: sizeOf(ctx, scripts.filter((file) => file.end <= answerAt)),
    jsTotal: sizeOf(ctx, scripts),
    longestTaskMs: Math.max(0, ...probe.longTasks.filter((task) => task.start <= (probe.answer as number)).map((task) => task.duration))
  }
}

/** Sizes from the build itself: the preview server sends no compression, a real host would gzip. */
function sizeOf (ctx: BenchContext, files: Loaded[]): VisitResult['jsTotal'] {
  const paths = [...new Set(files.map((file) => file.path))]
  const assets = paths.map((path) => ctx.scripts.find((script) => script.path === path)).filter((asset) => asset !== undefined)
  return {
    gzipBytes: assets.reduce((sum, asset) => sum + asset.gzipBytes, 0),
    bytes: assets.reduce((sum, asset) => sum + asset.bytes, 0),
    files: paths
  }
}
