import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { startIpfsNetwork } from '../../test/fixtures/ipfs-network.ts'
import { startCarGateway } from '../lib/car-gateway.ts'
import { interleave } from '../lib/interleave.ts'
import { medianInterval, pairedRatios } from '../lib/interval.ts'
import { installPageProbe } from '../lib/page-probe.ts'
import { makePins } from '../lib/pin-data.ts'
import { pinAndWait } from '../lib/pin-in-page.ts'
import { NO_NETWORK, openServicePage } from '../lib/service-page.ts'
import { median, summarize } from '../lib/stats.ts'
import { timeRequests } from '../lib/time-in-page.ts'
import type { EngineConfig } from '../../src/index.ts'
import type { BenchBrowser } from '../lib/browser.ts'
import type { CarGateway } from '../lib/car-gateway.ts'
import type { BenchContext } from '../lib/context.ts'
import type { Estimate } from '../lib/interval.ts'
import type { ProbeReading } from '../lib/page-probe.ts'
import type { Summary } from '../lib/stats.ts'
import type { Page } from 'playwright-core'

const MiB = 1024 * 1024
const SEED_BATCH = 5000
const ALL = 'status=queued,pinning,pinned,failed'
/** The same warm-up before every heap reading, at every size: 20 lists of 10 through the API. */
const WARM_UP_LISTS = 20
const HEAP_READINGS = 5
const LIST_REQUESTS = 50
const PIN_TIMEOUT_MS = 300_000
/** Pins name only their own origin: no public gateway or router, no libp2p. */
const ENGINE: Partial<EngineConfig> = { ...NO_NETWORK, pinTimeoutMs: PIN_TIMEOUT_MS }
/** Distinct CIDs of the records stored for the records comparison (identity CIDs: the engine pins them with no network). */
const RECORD_CIDS = 1000

export interface ScalePoint {
  size: number
  /** Seeding the pins added at this size (addMany, 5,000 a call). */
  seedMs: number
  /** GET /pins?limit=10 (all statuses) and ?cid=<one>, one after the other, after the warm-up. */
  list: Summary
  listCid: Summary
  /** JS heap after a forced GC, MiB, each reading after the same warm-up: the page's main thread, the engine's Worker, the service worker. */
  heap: { page: number[], engine: number[], serviceWorker: number[] }
}

export interface VisitTimes {
  answerMs: number
  readyMs: number
}
export interface RecordPin {
  ms: number
  firstBlockMs: number
  ok: boolean
}

export interface ScaleResult {
  series: ScalePoint[]
  /** A size not seeded: the time it would take at the rate measured so far, over the budget. */
  notSeeded?: { size: number, projectedS: number, budgetS: number }
  /** Pin records stored for the comparisons below (pinned: identity CIDs), and how long storing and pinning them took. */
  records?: {
    stored: number
    seedMs: number
    pinnedMs: number
    dagBytes: number
    /** A fresh DAG pinned per round in a profile with no other pin (`empty`) and in the one with `stored` records (`full`). */
    empty: RecordPin[]
    full: RecordPin[]
    /** full / empty per round. */
    ratio: Estimate
    /** Warm visits (navigation to the first API answer), interleaved: no pins stored, and `stored`. */
    startup: { empty: VisitTimes[], full: VisitTimes[], ratio: Estimate }
  }
  /** Pin time by DAG size, one profile, the fixture's gateway as origin. */
  pinSizes: Array<{ bytes: number, blocks: number, runs: number[] }>
  /** N pins POSTed at once (distinct 1 MiB files), until every one is pinned. */
  concurrent: Array<{ pins: number, bytes: number, ms: number }>
}

/** Cost as the work grows (issue 12): lists and heaps by pins stored, pin time by size and by pins at once, start-up and pinning with many records. */
export async function runScale (ctx: BenchContext): Promise<ScaleResult> {
  const network = await startIpfsNetwork()
  const carGateway = await startCarGateway(network)
  const result: ScaleResult = { series: [], pinSizes: [], concurrent: [] }
  try {
    const empty = await ctx.launch()
    const full = await ctx.launch()
    try {
      const [a, b] = await Promise.all([servicePage(ctx, empty), servicePage(ctx, full)])
      result.records = await recordsComparison(ctx, network, carGateway, a, b)
      await full.dispose().catch(() => {})
      result.pinSizes = await pinSizes(ctx, network, a)
      result.concurrent = await concurrentPins(ctx, network, a)
    } finally {
      await empty.dispose()
      await full.dispose().catch(() => {})
    }
    const series = await heapSeries(ctx)
    result.series = series.points
    if (series.notSeeded !== undefined) result.notSeeded = series.notSeeded
    return result
  } finally {
    await carGateway.close()
    await network.stop()
  }
}

interface ProbedPage {
  page: Page
  token: string
}

async function servicePage (ctx: BenchContext, browser: BenchBrowser): Promise<ProbedPage> {
  await browser.context.addInitScript(installPageProbe)
  const { page, token } = await openServicePage(browser.context, ctx.origin, ENGINE)
  await page.evaluate(async (token) => {
    localStorage.setItem('bench-token', token)
    await window.pinningService!.engine.started
  }, token)
  return { page, token }
}

/**
 * Stores `ctx.config.recordsStored` pin records in one profile and has the engine pin them (1,000 identity CIDs,
 * which need no network), then compares, round by round, pinning a fresh DAG there and in a profile with none;
 * the same rounds time the first block asked for after each POST, and warm start-up with and without the records.
 */
async function recordsComparison (
  ctx: BenchContext,
  network: Awaited<ReturnType<typeof startIpfsNetwork>>,
  carGateway: CarGateway,
  a: ProbedPage,
  b: ProbedPage
): Promise<NonNullable<ScaleResult['records']>> {
  const stored = ctx.config.recordsStored
  const cids = Array.from(
    { length: RECORD_CIDS },
    (_, i) => CID.create(1, raw.code, identity.digest(new TextEncoder().encode(`bench record ${i}`))).toString()
  )
  const t0 = performance.now()
  for (let at = 0; at < stored; at += SEED_BATCH) {
    const pins = makePins(at, Math.min(SEED_BATCH, stored - at)).map(({ origins: _, ...pin }, i) => ({
      ...pin,
      cid: cids[(at + i) % cids.length] as string
    }))
    await b.page.evaluate(async (pins) => {
      await window.pinningService!.pins.addMany(pins)
    }, pins)
  }
  const seedMs = performance.now() - t0
  await b.page.evaluate(async ({ timeoutMs }) => {
    const service = window.pinningService!
    const started = performance.now()
    while ((await service.pins.list({ statuses: ['queued', 'pinning'], limit: 1 })).count > 0) {
      if (performance.now() - started > timeoutMs) throw new Error('the stored records were not all pinned in time')
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }, { timeoutMs: 1_800_000 })
  const pinnedMs = performance.now() - t0 - seedMs
  ctx.log(
    `  ${stored.toLocaleString('en')} records stored in ${(seedMs / 1000).toFixed(1)} s, pinned by the engine in ${
      (pinnedMs / 1000).toFixed(1)
    } s more (${RECORD_CIDS} identity CIDs)`
  )

  const startup = await interleave<VisitTimes>([
    { name: 'empty', run: async () => warmVisit(ctx, a.page) },
    { name: 'full', run: async () => warmVisit(ctx, b.page) }
  ], ctx.config.startupVisits)
  const emptyVisits = startup.get('empty') ?? []
  const fullVisits = startup.get('full') ?? []
  ctx.log(
    `  warm start-up: ${median(emptyVisits.map((v) => v.answerMs)).toFixed(0)} ms with no pins, ${
      median(fullVisits.map((v) => v.answerMs)).toFixed(0)
    } ms with ${stored.toLocaleString('en')} records`
  )

  const dagBytes = ctx.config.recordDagBytes
  let seed = 7000
  const pinFresh = async (target: ProbedPage): Promise<RecordPin> => {
    const file = await network.addRandomFile(dagBytes, seed++)
    const timeOrigin = await target.page.evaluate(() => performance.timeOrigin)
    const timing = await pinAndWait(target.page, target.token, {
      cid: file.cid,
      name: 'records comparison',
      origins: [carGateway.multiaddr]
    }, PIN_TIMEOUT_MS)
    const posted = timeOrigin + timing.t0
    const first = carGateway.requests.find((request) => request.cid === file.cid && request.at >= posted - 1)
    return { ms: timing.ms, ok: timing.ok, firstBlockMs: first === undefined ? Number.NaN : first.at - posted }
  }
  const rounds = await interleave<RecordPin>([{ name: 'empty', run: async () => pinFresh(a) }, {
    name: 'full',
    run: async () => pinFresh(b)
  }], ctx.config.recordRounds)
  const emptyPins = rounds.get('empty') ?? []
  const fullPins = rounds.get('full') ?? []
  const time = (pin: RecordPin) => pin.ok ? pin.ms : Number.POSITIVE_INFINITY
  const ratio = medianInterval(pairedRatios(fullPins.map(time), emptyPins.map(time)))
  ctx.log(
    `  ${dagBytes / MiB} MiB pinned in ${median(emptyPins.map(time)).toFixed(0)} ms with no pins, ${
      median(fullPins.map(time)).toFixed(0)
    } ms with ${stored.toLocaleString('en')} records (${ratio.value.toFixed(2)}x); POST to first block ${
      median(emptyPins.map((p) => p.firstBlockMs)).toFixed(1)
    } / ${median(fullPins.map((p) => p.firstBlockMs)).toFixed(1)} ms`
  )
  return {
    stored,
    seedMs,
    pinnedMs,
    dagBytes,
    empty: emptyPins,
    full: fullPins,
    ratio,
    startup: {
      empty: emptyVisits,
      full: fullVisits,
      ratio: medianInterval(pairedRatios(fullVisits.map((v) => v.answerMs), emptyVisits.map((v) => v.answerMs)))
    }
  }
}

/** A warm visit: navigation to the first API answer (the page probe asks with the token kept), then the engine started again. */
async function warmVisit (ctx: BenchContext, page: Page): Promise<VisitTimes> {
  await page.goto(`${ctx.origin}/`)
  await page.waitForFunction(
    () => (window as unknown as { __benchProbe: ProbeReading }).__benchProbe.answer !== undefined,
    undefined,
    { timeout: 60_000 }
  )
  const probe = await page.evaluate(async () => {
    await window.pinningService!.engine.started
    return (window as unknown as { __benchProbe: ProbeReading }).__benchProbe
  })
  if (probe.answerStatus !== 200) throw new Error(`the first API answer of a warm visit was ${probe.answerStatus}`)
  return { answerMs: probe.answer as number, readyMs: probe.ready as number }
}

/** Pin time from 1 MiB up, each size pinned in the same profile (fresh content each run). */
async function pinSizes (
  ctx: BenchContext,
  network: Awaited<ReturnType<typeof startIpfsNetwork>>,
  target: ProbedPage
): Promise<ScaleResult['pinSizes']> {
  const sizes: ScaleResult['pinSizes'] = []
  let seed = 8000
  for (const mib of ctx.config.pinCurveMiB) {
    const runs: number[] = []
    let blocks = 0
    for (let run = 0; run < (mib > 64 ? 1 : ctx.config.pinCurveRuns); run++) {
      const file = await network.addRandomFile(mib * MiB, seed++)
      blocks = file.blocks
      const timing = await pinAndWait(target.page, target.token, {
        cid: file.cid,
        name: `${mib} MiB`,
        origins: [network.gatewayMultiaddr]
      }, PIN_TIMEOUT_MS)
      runs.push(timing.ok ? timing.ms : Number.POSITIVE_INFINITY)
    }
    sizes.push({ bytes: mib * MiB, blocks, runs })
    ctx.log(
      `  pin ${mib} MiB: ${median(runs).toFixed(0)} ms (${
        (mib / (median(runs) / 1000)).toFixed(0)
      } MiB/s, ${runs.length} run${runs.length === 1 ? '' : 's'})`
    )
  }
  return sizes
}

/** N pins POSTed at once (distinct 1 MiB files), timed until every one is pinned. */
async function concurrentPins (
  ctx: BenchContext,
  network: Awaited<ReturnType<typeof startIpfsNetwork>>,
  target: ProbedPage
): Promise<ScaleResult['concurrent']> {
  const results: ScaleResult['concurrent'] = []
  let seed = 9000
  for (const count of ctx.config.concurrentPins) {
    const cids: string[] = []
    for (let i = 0; i < count; i++) cids.push((await network.addRandomFile(MiB, seed++)).cid)
    const ms = await target.page.evaluate(async ({ cids, token, origin, timeoutMs }) => {
      const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
      const t0 = performance.now()
      const ids = await Promise.all(
        cids.map(async (cid) =>
          ((await (await fetch('/api/v1/pins', {
            method: 'POST',
            headers,
            body: JSON.stringify({ cid, origins: [origin] })
          })).json()) as { requestid: string }).requestid
        )
      )
      const service = window.pinningService!
      let waiting = ids
      while (waiting.length > 0) {
        if (performance.now() - t0 > timeoutMs) {
          throw new Error(`${waiting.length} of ${ids.length} pins not pinned in time`)
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
        const statuses = await Promise.all(waiting.map(async (id) => service.pins.get(id)))
        if (statuses.some((status) => status.status === 'failed')) throw new Error('a concurrent pin failed')
        waiting = waiting.filter((_, i) => statuses[i]?.status !== 'pinned')
      }
      return performance.now() - t0
    }, { cids, token: target.token, origin: network.gatewayMultiaddr, timeoutMs: PIN_TIMEOUT_MS })
    results.push({ pins: count, bytes: count * MiB, ms })
    ctx.log(
      `  ${count} pins of 1 MiB at once: all pinned in ${ms.toFixed(0)} ms (${(count / (ms / 1000)).toFixed(1)} pins/s)`
    )
  }
  return results
}

/**
 * One profile, the engine kept off the network, pins stored in steps (addMany): at each size the same warm-up,
 * list latency, and five heap readings of every context. A size whose seeding would take longer than the budget
 * at the rate measured so far is not seeded; its projected time is reported instead.
 */
async function heapSeries (
  ctx: BenchContext
): Promise<{ points: ScalePoint[], notSeeded?: NonNullable<ScaleResult['notSeeded']> }> {
  const browser = await ctx.launch()
  try {
    const { page, token } = await openServicePage(browser.context, ctx.origin, NO_NETWORK)
    await page.evaluate(async () => {
      await window.pinningService!.engine.started
    })
    const cdp = await browser.cdp()
    const pageCdp = await browser.context.newCDPSession(page)
    const [worker] = await cdp.targets('service_worker', ctx.origin)
    if (worker === undefined) throw new Error('no service worker target')
    const serviceWorker = await cdp.attach(worker.targetId)
    const engine = (await cdp.workersOf(ctx.origin)).find((w) => w.url.includes('engine-worker'))
    if (engine === undefined) throw new Error('no engine Worker target')
    const points: ScalePoint[] = []
    let stored = 0
    let msPerPin = 0
    for (const size of ctx.config.scaleSizes) {
      const projectedS = (msPerPin * (size - stored)) / 1000
      if (stored > 0 && projectedS > ctx.config.scaleSeedBudgetS) {
        ctx.log(
          `  ${size.toLocaleString('en')} pins not seeded: about ${(projectedS / 60).toFixed(0)} min at ${
            msPerPin.toFixed(2)
          } ms a pin, over the ${ctx.config.scaleSeedBudgetS} s budget`
        )
        return { points, notSeeded: { size, projectedS, budgetS: ctx.config.scaleSeedBudgetS } }
      }
      const t0 = performance.now()
      for (let at = stored; at < size; at += SEED_BATCH) {
        const pins = makePins(at, Math.min(SEED_BATCH, size - at))
        await page.evaluate(async (pins) => {
          await window.pinningService!.pins.addMany(pins)
        }, pins)
      }
      const seedMs = performance.now() - t0
      msPerPin = seedMs / (size - stored)
      stored = size
      const heap: ScalePoint['heap'] = { page: [], engine: [], serviceWorker: [] }
      for (let i = 0; i < HEAP_READINGS; i++) {
        await warmUp(page, token)
        await pageCdp.send('HeapProfiler.collectGarbage')
        heap.page.push((await pageCdp.send('Runtime.getHeapUsage')).usedSize / MiB)
        heap.engine.push(await cdp.heapAfterGcMiB(engine.sessionId))
        heap.serviceWorker.push(await cdp.heapAfterGcMiB(serviceWorker))
      }
      const auth = { Authorization: `Bearer ${token}` }
      const list = await timeRequests(
        page,
        Array.from({ length: LIST_REQUESTS }, () => ({ url: `/api/v1/pins?${ALL}&limit=10`, headers: auth }))
      )
      const cid = makePins(Math.floor(size / 2), 1)[0]?.cid ?? ''
      const listCid = await timeRequests(
        page,
        Array.from({ length: LIST_REQUESTS }, () => ({ url: `/api/v1/pins?${ALL}&cid=${cid}`, headers: auth }))
      )
      points.push({ size, seedMs, list: summarize(list.durations), listCid: summarize(listCid.durations), heap })
      ctx.log(
        `  ${size.toLocaleString('en')} pins (seeded in ${(seedMs / 1000).toFixed(1)} s): list ${
          median(list.durations).toFixed(2)
        } ms, by CID ${median(listCid.durations).toFixed(2)} ms; heap page ${
          median(heap.page).toFixed(1)
        } MiB, engine ${median(heap.engine).toFixed(1)} MiB, service worker ${
          median(heap.serviceWorker).toFixed(1)
        } MiB`
      )
    }
    return { points }
  } finally {
    await browser.dispose()
  }
}

async function warmUp (page: Page, token: string): Promise<void> {
  await page.evaluate(async ({ token, all, lists }) => {
    for (let i = 0; i < lists; i++) {
      await (await fetch(`/api/v1/pins?${all}&limit=10`, { headers: { Authorization: `Bearer ${token}` } })).text()
    }
  }, { token, all: ALL, lists: WARM_UP_LISTS })
}
