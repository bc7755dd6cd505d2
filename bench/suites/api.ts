import { hasBaseline } from '../lib/baseline-build.ts'
import { installPageProbe } from '../lib/page-probe.ts'
import { NO_NETWORK, openServicePage } from '../lib/service-page.ts'
import { runApiLatency } from './api-latency.ts'
import { measureHeap } from './memory.ts'
import type { BenchContext } from '../lib/context.ts'
import type { SizeResult } from './api-latency.ts'
import type { HeapFigures } from './memory.ts'

export interface ApiSuiteResult {
  /** Today's build the API was compared with: its ref and commit, or why there was none. */
  baseline: { ref: string, commit?: string, unavailable?: string }
  latency: SizeResult[]
  memory: HeapFigures[]
}

/**
 * One browser, engine kept off the network, pins seeded in steps: latency and heap at each size. Today's build
 * (when there is one) runs in a second tab of its own origin, seeded with the same pins.
 */
export async function runApiSuite (ctx: BenchContext): Promise<ApiSuiteResult> {
  const browser = await ctx.launch()
  try {
    await browser.context.addInitScript(installPageProbe)
    const current = await openServicePage(browser.context, ctx.origin)
    const baseline = hasBaseline(ctx.baseline)
      ? await openServicePage(browser.context, ctx.baseline.page.origin, NO_NETWORK, { newTab: true })
      : undefined
    const largest = Math.max(...ctx.config.apiSizes)
    const memory: HeapFigures[] = []
    const latency = await runApiLatency(ctx, current, baseline, {
      afterSeeding: async (page, size, token) => {
        const heap = await measureHeap(page, size, token, size === largest)
        memory.push(heap)
        ctx.log(
          `    heap after GC ${heap.afterGcMiB.toFixed(1)} MiB${
            heap.listing === undefined
              ? ''
              : `; listing all ${heap.listing.listed.toLocaleString('en')} pins: peak ${
                heap.listing.peakMiB.toFixed(1)
              } MiB in ${(heap.listing.ms / 1000).toFixed(1)} s`
          }`
        )
      }
    })
    return { baseline: baselineInfo(ctx), latency, memory }
  } finally {
    await browser.dispose()
  }
}

function baselineInfo (ctx: BenchContext): ApiSuiteResult['baseline'] {
  const baseline = ctx.baseline
  if (baseline === undefined) return { ref: 'none', unavailable: 'not asked for (--baseline=none)' }
  return hasBaseline(baseline)
    ? { ref: baseline.ref, commit: baseline.commit }
    : { ref: baseline.ref, unavailable: baseline.unavailable }
}
