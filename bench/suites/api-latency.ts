import { startLoopbackServer } from '../lib/loopback-server.ts'
import { startMockService } from '../lib/mock-service.ts'
import { makePins } from '../lib/pin-data.ts'
import { seededRandom } from '../lib/random.ts'
import { summarize } from '../lib/stats.ts'
import { timeRequests } from '../lib/time-in-page.ts'
import { API_CASES } from './api-cases.ts'
import type { BenchContext } from '../lib/context.ts'
import type { ProbeReading } from '../lib/page-probe.ts'
import type { RequestSpec, Timings } from '../lib/time-in-page.ts'
import type { Summary } from '../lib/stats.ts'
import type { Page } from 'playwright-core'

const SEED_BATCH = 5000
const WARM_UP = 5
const CONCURRENT_WIDTH = 32
/** Answers longer than this also get a loopback reference with a body of their length. */
const LARGE_BODY = 50_000
/** POSTs pin fresh CIDs far from the seeded ones. */
const POST_OFFSET = 10_000_000

export interface Series extends Summary {
  statuses: Record<string, number>
  /** Median length of the answers' bodies, in characters. */
  bodyLength: number
  /** Requests per second over the series (for POST 32 at a time: with the concurrency). */
  perSecond: number
}

export interface CaseResult {
  id: string
  label: string
  indexed: boolean
  service: Series
  /** The mock's figures, or why it has none. */
  mock: Series | { unsupported: string }
  /** For large answers: the loopback round trip with a body of the same length. */
  loopbackSameBody?: Series
}

/** Main-thread tasks of 50 ms or more in one phase (Long Tasks API). */
export interface LongTasks {
  longestMs: number
  over50ms: number
}

export interface SizeResult {
  size: number
  /** While seeding, while the hook ran (listing every pin, at the largest size), and during the series. */
  longTasks: { seeding: LongTasks, hook: LongTasks, requests: LongTasks }
  /** Seeding the pins added at this size (window.pinningService.pins.addMany). */
  seed: { pins: number, ms: number }
  mockPins: number
  loopback: Series
  /** The service worker hop alone, from the service's page: GET <base>/ (no operation there), answered 404 by the handlers before any IndexedDB read. */
  workerHop: Series
  cases: CaseResult[]
}

export interface ApiHooks {
  /** Runs with the page holding `size` pins, before the requests (memory measures hook in here). */
  afterSeeding?(page: Page, size: number, token: string): Promise<void>
}

const series = (timings: Timings): Series => ({
  ...summarize(timings.durations),
  statuses: timings.statuses,
  bodyLength: timings.bodyLength,
  perSecond: (timings.durations.length / timings.wallMs) * 1000
})

/** API latency through the real service worker, with 1,000 / 10,000 / 100,000 pins stored, against references. */
export async function runApiLatency (ctx: BenchContext, page: Page, token: string, hooks: ApiHooks = {}): Promise<SizeResult[]> {
  const auth = { Authorization: `Bearer ${token}` }
  const loopback = await startLoopbackServer()
  // The references are timed from pages of their own origins: the service page's worker would otherwise
  // see their requests too (a service worker handles every fetch of the pages it controls).
  const loopPage = await page.context().newPage()
  await loopPage.goto(`${loopback.origin}/`)
  const mockPage = await page.context().newPage()
  const results: SizeResult[] = []
  let stored = 0
  let ids: string[] = []
  let posted = 0
  try {
    for (const size of ctx.config.apiSizes) {
      const marks = [await now(page)]
      const seedStart = performance.now()
      for (; stored < size; stored += SEED_BATCH) {
        const batch = makePins(stored, Math.min(SEED_BATCH, size - stored))
        ids = ids.concat(await page.evaluate(async (pins) => {
          const statuses = await window.pinningService!.pins.addMany(pins)
          return statuses.filter((_, i) => i % 25 === 0).map((status) => status.requestid)
        }, batch))
      }
      stored = size
      const seed = { pins: size - (results.at(-1)?.size ?? 0), ms: performance.now() - seedStart }
      ctx.log(`  ${size.toLocaleString('en')} pins stored (seeded ${seed.pins.toLocaleString('en')} in ${(seed.ms / 1000).toFixed(1)} s)`)
      marks.push(await now(page))
      await hooks.afterSeeding?.(page, size, token)
      marks.push(await now(page))

      const mock = await startMockService(size)
      await mockPage.goto(`${mock.origin}/__blank`)
      try {
        const time = async (on: Page, requests: RequestSpec[], width = 1) => {
          await timeRequests(on, requests.slice(0, WARM_UP), width)
          return series(await timeRequests(on, requests, width))
        }
        const reps = (n: number) => Math.max(10, Math.round(n * ctx.config.repsFactor))
        const loop = await time(loopPage, Array.from({ length: reps(200) }, () => ({ url: '/' })))
        const hop = await time(page, Array.from({ length: reps(200) }, () => ({ url: '/api/v1/' })))
        const cases: CaseResult[] = []
        for (const apiCase of API_CASES) {
          const n = apiCase.id === 'ipartial' && size >= 100_000 ? 10 : reps(apiCase.reps)
          const build = (prefix: string, caseIds: string[], headers: Record<string, string>) => {
            const random = seededRandom(size + apiCase.id.length)
            return Array.from({ length: n }, () => ({ url: `${prefix}${apiCase.path({ ids: caseIds, random, size })}`, headers }))
          }
          const service = await time(page, build('/api/v1', ids, auth))
          const mockSeries = apiCase.mockUnsupported === undefined ? await time(mockPage, build('', mock.ids, {})) : { unsupported: apiCase.mockUnsupported }
          const result: CaseResult = { id: apiCase.id, label: apiCase.label, indexed: apiCase.indexed, service, mock: mockSeries }
          if (service.bodyLength > LARGE_BODY) result.loopbackSameBody = await time(loopPage, Array.from({ length: n }, () => ({ url: `/?bytes=${service.bodyLength}` })))
          cases.push(result)
          ctx.log(`    ${apiCase.label}: median ${service.median.toFixed(2)} ms${'median' in mockSeries ? `, mock ${mockSeries.median.toFixed(2)} ms` : ''}`)
        }
        for (const [id, label, count, width] of [['post', 'POST /pins, one at a time', reps(100), 1], ['post32', 'POST /pins, 32 at a time', reps(256), CONCURRENT_WIDTH]] as const) {
          const posts = (origin: string, headers: Record<string, string>) => makePins(POST_OFFSET + posted, count + WARM_UP * width)
            .map((pin) => ({ url: `${origin}/pins`, method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(pin) }))
          const service = await timeWarm(page, posts('/api/v1', auth), width)
          const mockSeries = await timeWarm(mockPage, posts('', {}), width)
          posted += count + WARM_UP * width
          cases.push({ id, label, indexed: true, service, mock: mockSeries })
          ctx.log(`    ${label}: median ${service.median.toFixed(2)} ms (${service.perSecond.toFixed(0)}/s), mock ${mockSeries.median.toFixed(2)} ms`)
        }
        marks.push(await now(page))
        const longTasks = await longTasksIn(page, marks)
        results.push({ size, longTasks: { seeding: longTasks[0]!, hook: longTasks[1]!, requests: longTasks[2]! }, seed, mockPins: mock.pins, loopback: loop, workerHop: hop, cases })
        ctx.log(`    loopback round trip: median ${loop.median.toFixed(2)} ms; the worker hop alone (404 from the handlers): ${hop.median.toFixed(2)} ms`)
      } finally {
        await mock.stop()
      }
    }
  } finally {
    await Promise.all([loopPage.close(), mockPage.close()])
    await loopback.close()
  }
  return results
}

async function now (page: Page): Promise<number> {
  return page.evaluate(() => performance.now())
}

/** Long tasks between consecutive marks (the page probe records them from its start). */
async function longTasksIn (page: Page, marks: number[]): Promise<LongTasks[]> {
  const tasks = await page.evaluate(() => (window as unknown as { __benchProbe?: ProbeReading }).__benchProbe?.longTasks ?? [])
  return marks.slice(1).map((end, i) => {
    const inside = tasks.filter((task) => task.start >= (marks[i] as number) && task.start < end)
    return { longestMs: Math.max(0, ...inside.map((task) => task.duration)), over50ms: inside.filter((task) => task.duration > 50).length }
  })
}

/** The first `WARM_UP * width` requests warm up; the rest are timed. */
async function timeWarm (page: Page, requests: RequestSpec[], width: number): Promise<Series> {
  await timeRequests(page, requests.slice(0, WARM_UP * width), width)
  return series(await timeRequests(page, requests.slice(WARM_UP * width), width))
}

