import { median } from '../lib/stats.ts'
import type { CDPSession, Page } from 'playwright-core'

const MB = 1024 * 1024
const SAMPLE_MS = 50
const ALL = 'status=queued,pinning,pinned,failed'
/** Heap readings per size, each after the same warm-up and a forced GC: enough for a median's interval. */
const READINGS = 5
/** The warm-up before each reading: the same at every size, so that sizes compare. */
const WARM_UP_LISTS = 20

export interface HeapFigures {
  size: number
  /** Page main-thread JS heap after a full GC, MiB (Runtime.getHeapUsage): the median of `readings`. */
  afterGcMiB: number
  /** Each reading: after the same warm-up (lists of 10 through the API) and a forced GC. */
  readings: number[]
  /** While listing every stored pin, 1,000 per request (only at the largest size). */
  listing?: { peakMiB: number, afterGcMiB: number, requests: number, listed: number, ms: number, jsonMiB: number }
}

async function heapAfterGc (cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage')
  return (await cdp.send('Runtime.getHeapUsage')).usedSize / MB
}

/** The same small work before every reading, so that readings at different sizes compare. */
async function warmUp (page: Page, token: string): Promise<void> {
  await page.evaluate(async ({ token, all, lists }) => {
    for (let i = 0; i < lists; i++) {
      await (await fetch(`/api/v1/pins?${all}&limit=10`, { headers: { Authorization: `Bearer ${token}` } })).text()
    }
  }, { token, all: ALL, lists: WARM_UP_LISTS })
}

/** The page's JS heap with `size` pins stored; with `list`, also its peak while paging through them all. */
export async function measureHeap (page: Page, size: number, token: string, list: boolean): Promise<HeapFigures> {
  const cdp = await page.context().newCDPSession(page)
  try {
    const readings: number[] = []
    for (let i = 0; i < READINGS; i++) {
      await warmUp(page, token)
      readings.push(await heapAfterGc(cdp))
    }
    const figures: HeapFigures = { size, afterGcMiB: median(readings), readings }
    if (!list) return figures
    let peak = figures.afterGcMiB
    let sampling = true
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, (await cdp.send('Runtime.getHeapUsage')).usedSize / MB)
        await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS))
      }
    })()
    // Pages through every pin as a client would (before = the oldest created of the last page).
    const walk = await page.evaluate(async ({ token, all }) => {
      const headers = { Authorization: `Bearer ${token}` }
      const t0 = performance.now()
      let before = ''
      let requests = 0
      let listed = 0
      let bytes = 0
      for (;;) {
        const response = await fetch(`/api/v1/pins?${all}&limit=1000${before}`, { headers })
        const text = await response.text()
        bytes += text.length
        requests++
        const { results } = JSON.parse(text) as { results: Array<{ created: string }> }
        listed += results.length
        const oldest = results.at(-1)
        if (results.length < 1000 || oldest === undefined) break
        before = `&before=${encodeURIComponent(oldest.created)}`
      }
      return { requests, listed, bytes, ms: performance.now() - t0 }
    }, { token, all: ALL })
    sampling = false
    await sampler
    figures.listing = {
      peakMiB: peak,
      afterGcMiB: await heapAfterGc(cdp),
      requests: walk.requests,
      listed: walk.listed,
      ms: walk.ms,
      jsonMiB: walk.bytes / MB
    }
    return figures
  } finally {
    await cdp.detach()
  }
}
