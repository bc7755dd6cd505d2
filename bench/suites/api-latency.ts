import { blocks, interleave } from '../lib/interleave.ts'
import { medianInterval, pairedRatios } from '../lib/interval.ts'
import { startLoopbackServer } from '../lib/loopback-server.ts'
import { startMockService } from '../lib/mock-service.ts'
import { makePins } from '../lib/pin-data.ts'
import { seededRandom } from '../lib/random.ts'
import { seriesOf } from '../lib/series.ts'
import { timeRequests } from '../lib/time-in-page.ts'
import { API_CASES } from './api-cases.ts'
import { runWrites } from './api-writes.ts'
import type { Arm } from '../lib/interleave.ts'
import type { BenchContext } from '../lib/context.ts'
import type { Estimate } from '../lib/interval.ts'
import type { ProbeReading } from '../lib/page-probe.ts'
import type { Series } from '../lib/series.ts'
import type { RequestSpec, Timings } from '../lib/time-in-page.ts'
import type { WriteResult } from './api-writes.ts'
import type { Page } from 'playwright-core'

export type { Series } from '../lib/series.ts'

const SEED_BATCH = 5000
const WARM_UP = 5

export interface CaseResult {
  id: string
  label: string
  indexed: boolean
  service: Series
  /** For each of the service's answers, a loopback answer of the same body length (no service worker, no work). */
  loopback: Series
  /** Today's build (the baseline ref), the same requests. */
  baseline?: Series
  /** The mock's figures, or why it has none. */
  mock: Series | { unsupported: string }
  /** service / reference, round by round (each round's block medians): the median ratio and its interval. */
  vsLoopback: Estimate
  vsBaseline?: Estimate
  vsMock?: Estimate
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
  baselineSeed?: { pins: number, ms: number }
  mockPins: number
  /** A loopback round trip with a tiny body, interleaved with the hop. */
  loopback: Series
  /** The service worker hop alone, from the service's page: GET <base>/ (no operation there), answered 404 before any IndexedDB read. */
  workerHop: Series
  baselineHop?: Series
  hopVsLoopback: Estimate
  cases: CaseResult[]
  /** POST one and 32 at a time, and the mixed traffic of 16 clients. */
  writes: WriteResult[]
}

export interface ApiHooks {
  /** Runs with the page holding `size` pins, before the requests (memory measures hook in here). */
  afterSeeding?(page: Page, size: number, token: string): Promise<void>
}

/** A page of a build that answers the API, with a token for it. */
export interface ApiPage {
  page: Page
  token: string
}

/** Stores `count` more pins (from `from` of the sequence) in the page's build; returns the request ids of every 25th. */
async function seed (page: Page, from: number, count: number): Promise<string[]> {
  let ids: string[] = []
  for (let at = from; at < from + count; at += SEED_BATCH) {
    const batch = makePins(at, Math.min(SEED_BATCH, from + count - at))
    ids = ids.concat(
      await page.evaluate(async (pins) => {
        const statuses = await window.pinningService!.pins.addMany(pins)
        return statuses.filter((_, i) => i % 25 === 0).map((status) => status.requestid)
      }, batch)
    )
  }
  return ids
}

/**
 * API latency through the real service worker, with 1,000 / 10,000 / 100,000 pins stored. Every reference is
 * interleaved with the service, round by round: loopback answers of the same body sizes, today's build
 * (`baseline`, seeded with the same pins), and the mock.
 */
export async function runApiLatency (
  ctx: BenchContext,
  current: ApiPage,
  baseline: ApiPage | undefined,
  hooks: ApiHooks = {}
): Promise<SizeResult[]> {
  const { page, token } = current
  const auth = { Authorization: `Bearer ${token}` }
  const baselineAuth = { Authorization: `Bearer ${baseline?.token ?? ''}` }
  const loopbackServer = await startLoopbackServer()
  // The references are timed from pages of their own origins: the service page's worker would otherwise
  // see their requests too (a service worker handles every fetch of the pages it controls).
  const loopPage = await page.context().newPage()
  await loopPage.goto(`${loopbackServer.origin}/`)
  const mockPage = await page.context().newPage()
  const results: SizeResult[] = []
  let stored = 0
  let ids: string[] = []
  let baselineIds: string[] = []
  const posted = { count: 0 }
  try {
    for (const size of ctx.config.apiSizes) {
      let baselineSeed: SizeResult['baselineSeed']
      if (baseline !== undefined) {
        const t0 = performance.now()
        baselineIds = baselineIds.concat(await seed(baseline.page, stored, size - stored))
        baselineSeed = { pins: size - stored, ms: performance.now() - t0 }
      }
      const marks = [await now(page)]
      const seedStart = performance.now()
      ids = ids.concat(await seed(page, stored, size - stored))
      const seeded = { pins: size - stored, ms: performance.now() - seedStart }
      stored = size
      ctx.log(
        `  ${size.toLocaleString('en')} pins stored (seeded ${seeded.pins.toLocaleString('en')} in ${
          (seeded.ms / 1000).toFixed(1)
        } s${baselineSeed === undefined ? '' : `; today's build ${(baselineSeed.ms / 1000).toFixed(1)} s`})`
      )
      marks.push(await now(page))
      await hooks.afterSeeding?.(page, size, token)
      marks.push(await now(page))

      const mock = await startMockService(size)
      await mockPage.goto(`${mock.origin}/__blank`)
      try {
        const reps = (n: number) => Math.max(10, Math.round(n * ctx.config.repsFactor))
        const rounds = ctx.config.latencyRounds
        const hopN = reps(200)
        const hop = await compareReads(rounds, [
          {
            name: 'hop',
            on: page,
            requests: Array.from({ length: hopN }, () => ({ url: '/api/v1/' })),
            warmUp: WARM_UP
          },
          {
            name: 'loopback',
            on: loopPage,
            requests: Array.from({ length: hopN }, () => ({ url: '/' })),
            warmUp: WARM_UP
          },
          ...(baseline === undefined
            ? []
            : [{
              name: 'baseline',
              on: baseline.page,
              requests: Array.from({ length: hopN }, () => ({ url: '/api/v1/' })),
              warmUp: WARM_UP
            }])
        ])
        const cases: CaseResult[] = []
        for (const apiCase of API_CASES) {
          const n = apiCase.id === 'ipartial' && size >= 100_000 ? 10 : reps(apiCase.reps)
          const build = (prefix: string, caseIds: string[], headers: Record<string, string>) => {
            const random = seededRandom(size + apiCase.id.length)
            return Array.from(
              { length: n },
              () => ({ url: `${prefix}${apiCase.path({ ids: caseIds, random, size })}`, headers })
            )
          }
          const requests = build('/api/v1', ids, auth)
          // One pass first: it warms the service up and gives each answer's length for its loopback twin.
          const sizing = await timeRequests(page, requests)
          const arms = await compareReads(rounds, [
            { name: 'service', on: page, requests, warmUp: 0 },
            {
              name: 'loopback',
              on: loopPage,
              requests: sizing.lengths.map((length) => ({ url: `/?bytes=${length}` })),
              warmUp: WARM_UP
            },
            ...(baseline === undefined
              ? []
              : [{
                name: 'baseline',
                on: baseline.page,
                requests: build('/api/v1', baselineIds, baselineAuth),
                warmUp: n
              }]),
            ...(apiCase.mockUnsupported === undefined
              ? [{ name: 'mock', on: mockPage, requests: build('', mock.ids, {}), warmUp: WARM_UP }]
              : [])
          ])
          const service = arms.get('service') as Series
          const loopback = arms.get('loopback') as Series
          const baselineSeries = arms.get('baseline')
          const mockSeries = arms.get('mock')
          const result: CaseResult = {
            id: apiCase.id,
            label: apiCase.label,
            indexed: apiCase.indexed,
            service,
            loopback,
            mock: mockSeries ?? { unsupported: apiCase.mockUnsupported ?? '' },
            vsLoopback: medianInterval(pairedRatios(service.rounds, loopback.rounds)),
            ...(baselineSeries === undefined
              ? {}
              : {
                baseline: baselineSeries,
                vsBaseline: medianInterval(pairedRatios(service.rounds, baselineSeries.rounds))
              }),
            ...(mockSeries === undefined
              ? {}
              : { vsMock: medianInterval(pairedRatios(service.rounds, mockSeries.rounds)) })
          }
          cases.push(result)
          ctx.log(
            `    ${apiCase.label}: median ${service.median.toFixed(2)} ms, ${
              result.vsLoopback.value.toFixed(2)
            }x a same-size loopback answer` +
              `${result.vsBaseline === undefined ? '' : `, ${result.vsBaseline.value.toFixed(2)}x today's`}${
                mockSeries === undefined ? '' : `, mock ${mockSeries.median.toFixed(2)} ms`
              }`
          )
        }
        const writes = await runWrites(
          ctx,
          { size, page, auth, ids },
          baseline === undefined ? undefined : { page: baseline.page, auth: baselineAuth, ids: baselineIds },
          mockPage,
          posted
        )
        marks.push(await now(page))
        const longTasks = await longTasksIn(page, marks)
        const workerHop = hop.get('hop') as Series
        const loop = hop.get('loopback') as Series
        const baselineHop = hop.get('baseline')
        results.push({
          size,
          longTasks: { seeding: longTasks[0]!, hook: longTasks[1]!, requests: longTasks[2]! },
          seed: seeded,
          ...(baselineSeed === undefined ? {} : { baselineSeed }),
          mockPins: mock.pins,
          loopback: loop,
          workerHop,
          ...(baselineHop === undefined ? {} : { baselineHop }),
          hopVsLoopback: medianInterval(pairedRatios(workerHop.rounds, loop.rounds)),
          cases,
          writes
        })
        ctx.log(
          `    loopback round trip: median ${
            loop.median.toFixed(2)
          } ms; the worker hop alone (404 from the handlers): ${workerHop.median.toFixed(2)} ms${
            baselineHop === undefined ? '' : ` (today's ${baselineHop.median.toFixed(2)} ms)`
          }`
        )
      } finally {
        await mock.stop()
      }
    }
  } finally {
    await Promise.all([loopPage.close(), mockPage.close()])
    await loopbackServer.close()
  }
  return results
}

interface ReadArm {
  name: string
  on: Page
  requests: RequestSpec[]
  /** Requests sent once before the rounds, untimed. */
  warmUp: number
}

/** Each arm's requests cut into the same number of blocks, run in interleaved rounds: a series per arm. */
async function compareReads (rounds: number, arms: ReadArm[]): Promise<Map<string, Series>> {
  for (const arm of arms) if (arm.warmUp > 0) await timeRequests(arm.on, arm.requests.slice(0, arm.warmUp))
  const runs: Array<Arm<Timings>> = arms.map((arm) => {
    const cut = blocks(arm.requests, rounds)
    return { name: arm.name, run: async (round) => timeRequests(arm.on, cut[round] ?? []) }
  })
  const count = blocks(arms[0]?.requests ?? [], rounds).length
  const timed = await interleave(runs, count)
  return new Map([...timed].map(([name, blocksRun]) => [name, seriesOf(blocksRun, 'median')]))
}

async function now (page: Page): Promise<number> {
  return page.evaluate(() => performance.now())
}

/** Long tasks between consecutive marks (the page probe records them from its start). */
async function longTasksIn (page: Page, marks: number[]): Promise<LongTasks[]> {
  const tasks = await page.evaluate(() =>
    (window as unknown as { __benchProbe?: ProbeReading }).__benchProbe?.longTasks ?? []
  )
  return marks.slice(1).map((end, i) => {
    const inside = tasks.filter((task) => task.start >= (marks[i] as number) && task.start < end)
    return {
      longestMs: Math.max(0, ...inside.map((task) => task.duration)),
      over50ms: inside.filter((task) => task.duration > 50).length
    }
  })
}
