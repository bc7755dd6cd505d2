import { installPageProbe } from '../lib/page-probe.ts'
import { openServicePage } from '../lib/service-page.ts'
import { runApiLatency } from './api-latency.ts'
import { measureHeap } from './memory.ts'
import type { BenchContext } from '../lib/context.ts'
import type { SizeResult } from './api-latency.ts'
import type { HeapFigures } from './memory.ts'

export interface ApiSuiteResult {
  latency: SizeResult[]
  memory: HeapFigures[]
}

/** One page, engine kept off the network, pins seeded in steps: latency and heap at each size. */
export async function runApiSuite (ctx: BenchContext): Promise<ApiSuiteResult> {
  const browser = await ctx.launch()
  try {
    await browser.context.addInitScript(installPageProbe)
    const { page, token } = await openServicePage(browser.context, ctx.origin)
    const largest = Math.max(...ctx.config.apiSizes)
    const memory: HeapFigures[] = []
    const latency = await runApiLatency(ctx, page, token, {
      afterSeeding: async (page, size, token) => {
        const heap = await measureHeap(page, size, token, size === largest)
        memory.push(heap)
        ctx.log(`    heap after GC ${heap.afterGcMiB.toFixed(1)} MiB${heap.listing === undefined ? '' : `; listing all ${heap.listing.listed.toLocaleString('en')} pins: peak ${heap.listing.peakMiB.toFixed(1)} MiB in ${(heap.listing.ms / 1000).toFixed(1)} s`}`)
      }
    })
    return { latency, memory }
  } finally {
    await browser.dispose()
  }
}
