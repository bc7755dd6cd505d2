import { bytes, count, ms, plural } from './format.ts'
import { BLOCK_CONCURRENCY } from './src-constants.ts'
import { judge, medianInterval, pairedRatios } from './interval.ts'
import { median } from './stats.ts'
import { allSucceeded } from './series.ts'
import type { Direction, Estimate, Verdict } from './interval.ts'
import type { BenchResults } from './results.ts'
import type { Series } from './series.ts'

export interface TargetCheck {
  /** Where the target was set. */
  source: string
  target: string
  figure: string
  reference: string
  /** The judged quantity (a ratio, or the figure itself for a limit in ms or kB), its median and interval. */
  estimate?: Estimate
  unit: 'x' | 'ms' | 'kB'
  limit: number
  direction: Direction
  verdict: Verdict
  /** What the verdict rests on: how many rounds or runs, of what. */
  basis: string
}

/** The indexed lists of issue 8's first target (the 1,000-pin page has its own). */
const INDEXED_LISTS = ['list10', 'status', 'cid', 'name', 'meta']

const rate = (series: Series | undefined) => series === undefined ? 'n/a' : `${series.perSecond.toFixed(0)}/s`

/** Every target of issues 5, 8 and 12 that this run has figures for, judged on its interval. */
export function checkTargets (results: BenchResults): TargetCheck[] {
  return [
    ...apiTargets(results),
    ...startupTargets(results),
    ...pinTargets(results),
    ...smoothnessTargets(results),
    ...heapTargets(results),
    ...gatewayTargets(results),
    ...scaleTargets(results)
  ]
}

/** A check whose figure or reference is broken gets that verdict, whatever its interval says. */
function verdictOf (
  estimate: Estimate | undefined,
  limit: number,
  direction: Direction,
  figureOk: boolean,
  referenceOk: boolean
): Verdict {
  if (!figureOk) return 'no figure'
  if (!referenceOk) return 'no reference'
  return judge(estimate, limit, direction)
}

function apiTargets (results: BenchResults): TargetCheck[] {
  const api = results.api
  const largest = api?.latency.at(-1)
  if (api === undefined || largest === undefined) return []
  const checks: TargetCheck[] = []
  const at = `${count(largest.size)} pins`
  for (const apiCase of largest.cases) {
    const limit = apiCase.id === 'list1000' ? 2 : 1.5
    if (apiCase.id !== 'list1000' && !INDEXED_LISTS.includes(apiCase.id)) continue
    checks.push({
      source: 'issue 8',
      target: `${apiCase.label}, ${at}: within ${limit}x${
        limit === 1.5 ? ' (aim 1.0x)' : ''
      } of a loopback answer of the same body size`,
      figure: ms(apiCase.service.median),
      reference: `loopback ${ms(apiCase.loopback.median)} (bodies of ${bytes(apiCase.service.bodyLength)}, median)`,
      estimate: apiCase.vsLoopback,
      unit: 'x',
      limit,
      direction: 'at most',
      verdict: verdictOf(
        apiCase.vsLoopback,
        limit,
        'at most',
        allSucceeded(apiCase.service),
        allSucceeded(apiCase.loopback)
      ),
      basis: `${apiCase.vsLoopback.n} interleaved rounds of ${
        plural(Math.round(apiCase.service.n / Math.max(1, apiCase.vsLoopback.n)), 'request')
      }; ratio of each round's medians`
    })
  }
  const { ref, commit, unavailable } = api.baseline
  for (const [id, limit] of [['post32', 2], ['mixed', 3]] as const) {
    const write = largest.writes.find((w) => w.id === id)
    if (write === undefined) continue
    checks.push({
      source: 'issue 8',
      target: `${write.label}, ${at}: at least ${limit}x the rate of today's build (${ref})`,
      figure: rate(write.service),
      reference: write.baseline === undefined || commit === undefined
        ? `no build of ${ref}: ${unavailable ?? 'none'}`
        : `${commit}: ${rate(write.baseline)}`,
      ...(write.vsBaseline === undefined ? {} : { estimate: write.vsBaseline }),
      unit: 'x',
      limit,
      direction: 'at least',
      verdict: verdictOf(
        write.vsBaseline,
        limit,
        'at least',
        allSucceeded(write.service),
        write.baseline !== undefined && allSucceeded(write.baseline)
      ),
      basis: write.vsBaseline === undefined
        ? 'no baseline build'
        : `${write.vsBaseline.n} interleaved rounds of ${
          plural(Math.round(write.service.n / Math.max(1, write.vsBaseline.n)), 'request')
        }; ratio of each round's rates`
    })
  }
  return checks
}

function startupTargets (results: BenchResults): TargetCheck[] {
  const runs = results.startup?.runs ?? []
  if (runs.length === 0) return []
  const basis = `${runs.length} fresh profiles; median's order-statistic interval`
  const time = (visit: 'first' | 'warm', limit: number): TargetCheck => {
    const estimate = medianInterval(runs.map((run) => run[visit].firstAnswerMs))
    return {
      source: 'issue 8',
      target: `${visit === 'first' ? 'first visit' : 'warm visit'}: first API answer within ${limit} ms of navigation`,
      figure: ms(estimate.value),
      reference: `${limit} ms`,
      estimate,
      unit: 'ms',
      limit,
      direction: 'at most',
      verdict: judge(estimate, limit, 'at most'),
      basis
    }
  }
  const js = (visit: 'first' | 'warm'): TargetCheck => {
    const estimate = medianInterval(runs.map((run) => run[visit].jsBeforeAnswer.gzipBytes / 1000))
    return {
      source: 'issue 8',
      target: `${visit} visit: at most 120 kB gzip of JavaScript before the first answer${
        visit === 'first' ? ' (the service worker\'s included)' : ''
      }`,
      figure: `${estimate.value.toFixed(0)} kB`,
      reference: '120 kB',
      estimate,
      unit: 'kB',
      limit: 120,
      direction: 'at most',
      verdict: judge(estimate, 120, 'at most'),
      basis
    }
  }
  return [time('first', 400), time('warm', 150), js('first'), js('warm')]
}

function pinTargets (results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = []
  const medianMs = (values: number[]) => ms(medianInterval(values).value)
  for (const dag of results.pin ?? []) {
    for (const [transport, runs] of Object.entries(dag.transports)) {
      // A run that never reached pinned counts as infinitely slow: it lowers the median, never hides.
      const pageMs = runs.page.map((t) => t.ok ? t.ms : Number.POSITIVE_INFINITY)
      const estimate = medianInterval(pairedRatios(runs.node.map((t) => t.ms), pageMs))
      const failed = runs.page.filter((t) => !t.ok).length
      checks.push({
        source: 'issue 5',
        target:
          `pin throughput, ${dag.label} via ${transport}: at least 0.8x Node Helia's (blocks on disk, ${BLOCK_CONCURRENCY} in flight as the engine)`,
        figure: failed === 0 ? ms(medianInterval(pageMs).value) : `${failed} of ${runs.page.length} runs not pinned`,
        reference: `Node Helia ${medianMs(runs.node.map((t) => t.ms))} (in memory: ${
          medianMs((runs.nodeVariants?.['memory-16'] ?? []).map((t) => t.ms))
        }; one block at a time: ${medianMs((runs.nodeVariants?.['memory-1'] ?? []).map((t) => t.ms))})`,
        estimate,
        unit: 'x',
        limit: 0.8,
        direction: 'at least',
        verdict: judge(estimate, 0.8, 'at least'),
        basis: `${
          plural(estimate.n, 'run')
        }, each a fresh profile followed by Node runs; Node time (blockstore-fs, ${BLOCK_CONCURRENCY} in flight) / page time per pair`
      })
    }
    const gateway = dag.transports.gateway.page.map((t) => t.ok ? t.ms : Number.POSITIVE_INFINITY)
    const batched = (dag.floors.idbBatched ?? []).map((t) => t.ms)
    if (batched.length > 0) {
      const estimate = medianInterval(pairedRatios(gateway, batched))
      checks.push({
        source: 'issue 12',
        target:
          `${dag.label} via gateway: pinned within 2x of writing its blocks to IndexedDB the way the engine writes (batched transactions)`,
        figure: ms(medianInterval(gateway).value),
        reference: `batched IndexedDB writes ${medianMs(batched)} (one transaction per block: ${
          medianMs(dag.floors.idbWrite.map((t) => t.ms))
        })`,
        estimate,
        unit: 'x',
        limit: 2,
        direction: 'at most',
        verdict: judge(estimate, 2, 'at most'),
        basis: `${plural(estimate.n, 'pin run')} paired in order with ${
          plural(batched.length, 'floor run')
        }; every block and byte read back from the floor's database`
      })
    }
    const car = (dag.floors.carWrite ?? []).map((t) => t.ms)
    if (car.length === 0) continue
    const carEstimate = medianInterval(pairedRatios(gateway, car))
    const carBasis = `${plural(carEstimate.n, 'pin run')} paired in order with ${
      plural(car.length, 'floor run')
    } (one CAR request, each block hashed and written batched as it arrives); today's engine fetches block by block`
    if (dag.id === 'directory') {
      const nodeRuns = dag.transports.gateway.node.map((t) => t.ms)
      const estimate = medianInterval(pairedRatios(nodeRuns, gateway))
      checks.push({
        source: 'issue 12',
        target:
          `${dag.label} via gateway: pinned at >= 3x the speed of Node Helia with equal concurrency (${BLOCK_CONCURRENCY} in flight, blocks on disk)`,
        figure: ms(medianInterval(gateway).value),
        reference: `Node Helia ${medianMs(nodeRuns)}`,
        estimate,
        unit: 'x',
        limit: 3,
        direction: 'at least',
        verdict: judge(estimate, 3, 'at least'),
        basis: `${
          plural(estimate.n, 'run')
        }, each a fresh profile followed by a Node run; Node time / page time per pair`
      })
      checks.push({
        source: 'issue 12 (aim)',
        target: `${dag.label} via gateway: pinned within 2x of reading its CAR and writing its blocks`,
        figure: ms(medianInterval(gateway).value),
        reference: `CAR floor ${medianMs(car)}`,
        estimate: carEstimate,
        unit: 'x',
        limit: 2,
        direction: 'at most',
        verdict: judge(carEstimate, 2, 'at most'),
        basis: carBasis
      })
    } else if (dag.dagBytes > 50 * 1024 * 1024) {
      checks.push({
        source: 'issue 12',
        target: `${dag.label} via gateway: pinned within 1.3x of reading its CAR and writing its blocks`,
        figure: ms(medianInterval(gateway).value),
        reference: `CAR floor ${medianMs(car)}`,
        estimate: carEstimate,
        unit: 'x',
        limit: 1.3,
        direction: 'at most',
        verdict: judge(carEstimate, 1.3, 'at most'),
        basis: carBasis
      })
    }
  }
  return checks
}

/**
 * The Long Tasks API reports every task of 50 ms or more, so what a run saw is a count, not a sample: one
 * task over 50 ms is a miss; none in every run watched is met for those runs.
 */
function smoothnessTargets (results: BenchResults): TargetCheck[] {
  return (results.smoothness ?? []).map((run) => ({
    source: 'issue 5',
    target: `no main-thread task over 50 ms while pinning ${
      (run.dagBytes / 1024 / 1024).toFixed(0)
    } MiB via ${run.transport}`,
    figure: `longest ${ms(run.longestTaskMs)}, ${run.tasksOver50ms} over 50 ms`,
    reference: '50 ms',
    unit: 'ms',
    limit: 50,
    direction: 'at most',
    verdict: !run.pinned
      ? 'no figure'
      : run.tasksOver50ms > 0
      ? 'missed'
      : run.longestTaskMs < 50
      ? 'met'
      : 'inconclusive',
    basis: `1 run, POST to pinned (${
      ms(run.pinMs)
    }): every task of 50 ms or more is reported, a count rather than a sample`
  }))
}

/** The page's heap after GC flat within 10 % between the two largest sizes, reading by reading. */
function heapTargets (results: BenchResults): TargetCheck[] {
  const memory = results.api?.memory ?? []
  const [before, after] = memory.slice(-2)
  if (before === undefined || after === undefined) return []
  const estimate = medianInterval(pairedRatios(after.readings, before.readings))
  return [{
    source: 'issue 12',
    target: `page heap flat within 10% from ${count(before.size)} to ${
      count(after.size)
    } pins (the page's main thread only)`,
    figure: `${after.afterGcMiB.toFixed(1)} MiB`,
    reference: `${before.afterGcMiB.toFixed(1)} MiB at ${count(before.size)} pins`,
    estimate,
    unit: 'x',
    limit: 1.1,
    direction: 'at most',
    verdict: judge(estimate, 1.1, 'at most'),
    basis: `${estimate.n} readings at each size, each after the same 20 lists and a forced GC; ratio per reading`
  }]
}

const MiB = 1024 * 1024

/** Issue 9's benchmarks of the gateway on the page's origin, each against a reference of the same rounds. */
function gatewayTargets (results: BenchResults): TargetCheck[] {
  const gateway = results.gateway
  if (gateway === undefined) return []
  const checks: TargetCheck[] = []
  for (const first of gateway.firstByte) {
    checks.push({
      source: 'issue 9',
      target: `first byte of a held raw block (${first.label}, ${
        bytes(first.blockBytes)
      }, ?format=raw) within 2x of a loopback answer of the same size`,
      figure: ms(first.figure.median),
      reference: `loopback ${ms(first.reference.median)}`,
      estimate: first.ratio,
      unit: 'x',
      limit: 2,
      direction: 'at most',
      verdict: judge(first.ratio, 2, 'at most'),
      basis:
        `${first.ratio.n} interleaved rounds of 10 requests each; ratio of each round's median time to the first chunk of the body`
    })
  }
  const full = gateway.fullRead
  checks.push({
    source: 'issue 9',
    target: `a ${
      (full.fileBytes / MiB).toFixed(0)
    } MiB file read in full through the gateway at >= 0.7x the raw IndexedDB read floor of its blocks`,
    figure: `${ms(full.figure.median)} (${(full.fileBytes / MiB / (full.figure.median / 1000)).toFixed(0)} MiB/s)`,
    reference: `IndexedDB ${
      ms(full.reference.median)
    } (${full.concurrency} reads in flight, as the gateway reads ahead)`,
    estimate: full.ratio,
    unit: 'x',
    limit: 0.7,
    direction: 'at least',
    verdict: judge(full.ratio, 0.7, 'at least'),
    basis: `${full.ratio.n} interleaved rounds, one read of each; floor time / gateway time per round; bytes checked`
  })
  const range = gateway.range
  checks.push({
    source: 'issue 9',
    target: `Range of 1 MiB from the middle of the ${
      (full.fileBytes / MiB).toFixed(0)
    } MiB file within 3x of a raw block read`,
    figure: `${ms(range.figure.median)} (${range.leaves} leaves)`,
    reference: `?format=raw of a ${bytes(range.leafBytes)} leaf ${ms(range.reference.median)}`,
    estimate: range.ratio,
    unit: 'x',
    limit: 3,
    direction: 'at most',
    verdict: judge(range.ratio, 3, 'at most'),
    basis:
      `${range.ratio.n} interleaved rounds of 10 requests each; ratio of each round's median; 206 and its length checked`
  })
  const heap = gateway.heap
  if (heap !== undefined) {
    const first = heap.checkpoints[0]
    const last = heap.checkpoints.at(-1)
    checks.push({
      source: 'issue 9',
      target: `service worker heap flat (within 10%) while a ${
        (heap.fileBytes / MiB).toFixed(0)
      } MiB file streams through the gateway`,
      figure: `${median(last?.readings ?? []).toFixed(2)} MiB at ${((last?.readBytes ?? 0) / MiB).toFixed(0)} MiB read`,
      reference: `${median(first?.readings ?? []).toFixed(2)} MiB at ${
        ((first?.readBytes ?? 0) / MiB).toFixed(0)
      } MiB read`,
      estimate: heap.ratio,
      unit: 'x',
      limit: 1.1,
      direction: 'at most',
      verdict: judge(heap.ratio, 1.1, 'at most'),
      basis:
        `${heap.ratio.n} readings at each point (DevTools on the worker, each after a forced GC), paired; peak without GC ${
          heap.peakMiB.toFixed(1)
        } MiB`
    })
  }
  return checks
}

/** Issue 12's targets that the scale suite has figures for. */
function scaleTargets (results: BenchResults): TargetCheck[] {
  const scale = results.scale
  if (scale === undefined) return []
  const checks: TargetCheck[] = []
  const records = scale.records
  if (records !== undefined) {
    for (
      const [which, pins] of [['no other pin stored', records.empty], [
        `${count(records.stored)} pin records stored`,
        records.full
      ]] as const
    ) {
      const estimate = medianInterval(pins.map((pin) => pin.firstBlockMs))
      checks.push({
        source: 'issue 12',
        target: `time from POST to the first block requested at most 20 ms (${which})`,
        figure: ms(estimate.value),
        reference: '20 ms',
        estimate,
        unit: 'ms',
        limit: 20,
        direction: 'at most',
        verdict: judge(estimate, 20, 'at most'),
        basis: `${plural(estimate.n, 'pin')} of a fresh ${
          (records.dagBytes / 1024 / 1024).toFixed(0)
        } MiB DAG; POST sent (page clock) to the first request for its root at the bench's gateway (wall clock, same machine)`
      })
    }
    const time = (pin: { ok: boolean, ms: number }) => pin.ok ? pin.ms : Number.POSITIVE_INFINITY
    checks.push({
      source: 'issue 12',
      target: `pinning with ${count(records.stored)} pin records stored as fast as with none (within 10%)`,
      figure: ms(medianInterval(records.full.map(time)).value),
      reference: `no records: ${ms(medianInterval(records.empty.map(time)).value)}`,
      estimate: records.ratio,
      unit: 'x',
      limit: 1.1,
      direction: 'at most',
      verdict: judge(records.ratio, 1.1, 'at most'),
      basis: `${records.ratio.n} interleaved rounds (ABBA), a fresh ${
        (records.dagBytes / 1024 / 1024).toFixed(0)
      } MiB DAG in each profile per round; time with records / time without, per round. The records are pinned (identity CIDs)`
    })
  }
  const at = (size: number) => scale.series.find((point) => point.size === size)
  const before = at(10_000) ?? scale.series.at(-2)
  const after = at(100_000) ?? scale.series.at(-1)
  if (before !== undefined && after !== undefined && before !== after) {
    for (
      const [context, name] of [['page', 'the page'], ['engine', 'the engine\'s Worker'], [
        'serviceWorker',
        'the service worker'
      ]] as const
    ) {
      const estimate = medianInterval(pairedRatios(after.heap[context], before.heap[context]))
      checks.push({
        source: 'issue 12',
        target: `heap of ${name} flat within 10% from ${count(before.size)} to ${count(after.size)} pins`,
        figure: `${median(after.heap[context]).toFixed(1)} MiB`,
        reference: `${median(before.heap[context]).toFixed(1)} MiB at ${count(before.size)} pins`,
        estimate,
        unit: 'x',
        limit: 1.1,
        direction: 'at most',
        verdict: judge(estimate, 1.1, 'at most'),
        basis:
          `${estimate.n} readings at each size (DevTools; each after the same 20 lists of 10 and a forced GC), paired in order`
      })
    }
  }
  return checks
}
