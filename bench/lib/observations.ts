import { count, kB, ms, times } from './format.ts'
import { median, ratio } from './stats.ts'
import type { BenchResults } from './results.ts'
import type { CaseResult, SizeResult } from '../suites/api-latency.ts'
import type { WriteResult } from '../suites/api-writes.ts'

const caseOf = (size: SizeResult, id: string): CaseResult | undefined => size.cases.find((c) => c.id === id)
const writeOf = (size: SizeResult, id: string): WriteResult | undefined => size.writes.find((w) => w.id === id)
const percent = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(0)}%`

/**
 * What this run's figures say, side by side. Every sentence is computed from the figures (its wording too,
 * where the figures decide it); nothing here explains a cause the run did not measure.
 */
export function observations (results: BenchResults): string[] {
  return [
    ...failureNotes(results),
    ...apiNotes(results),
    ...writeNotes(results),
    ...memoryNotes(results),
    ...pinNotes(results),
    ...smoothnessNotes(results),
    ...startupNotes(results)
  ]
}

function apiNotes (results: BenchResults): string[] {
  const sizes = results.api?.latency ?? []
  const size = sizes.at(-1)
  if (size === undefined) return []
  const notes: string[] = []
  const at = `${count(size.size)} pins`
  const list10 = caseOf(size, 'list10')
  if (list10 !== undefined) {
    notes.push(
      `**The hop and the work, at ${at}.** A loopback request takes ${
        ms(size.loopback.median)
      } from a page without a service worker; ` +
        `a request the handlers answer without reading IndexedDB (404 for GET /api/v1/) takes ${
          ms(size.workerHop.median)
        } from the service's page ` +
        `(${times(size.hopVsLoopback.value)} the round trip)${
          size.baselineHop === undefined ? '' : `, ${ms(size.baselineHop.median)} in today's build`
        }. ` +
        `A list of 10 takes ${ms(list10.service.median)}, ${
          ms(list10.service.median - size.workerHop.median)
        } more than the hop.`
    )
  }
  const lists = size.cases.filter((c) => ['list10', 'status', 'cid', 'name', 'meta'].includes(c.id))
  if (lists.length > 0) {
    const values = lists.map((c) => c.vsLoopback.value)
    const within = lists.filter((c) => c.vsLoopback.high < 1.5).length
    const today = lists.filter((c) => c.vsBaseline !== undefined)
    notes.push(
      `**Indexed lists against same-size loopback answers, at ${at}:** ${times(Math.min(...values))} to ${
        times(Math.max(...values))
      }; ` +
        `${within} of ${lists.length} with their whole interval under 1.5x.` +
        (today.length === 0
          ? ''
          : ` Against today's build: ${
            today.map((c) => `${c.id} ${times(c.vsBaseline?.value)}`).join(', ')
          } of its time.`)
    )
  }
  const list1000 = caseOf(size, 'list1000')
  if (list1000 !== undefined) {
    notes.push(
      `**A 1,000-pin page.** \`limit=1000\` answers ${kB(list1000.service.bodyLength)} of JSON in ${
        ms(list1000.service.median)
      }; ` +
        `a loopback answer of the same size takes ${ms(list1000.loopback.median)} (${
          times(list1000.vsLoopback.value)
        })` +
        `${list1000.baseline === undefined ? '' : `, today's build ${ms(list1000.baseline.median)}`}${
          'median' in list1000.mock ? `, the mock ${ms(list1000.mock.median)}` : ''
        }.`
    )
  }
  const meta = caseOf(size, 'meta')
  const cid = caseOf(size, 'cid')
  if (meta !== undefined && cid !== undefined) {
    const r = ratio(meta.service.median, cid.service.median)
    const trend = sizes.map((s) => `${ms(caseOf(s, 'meta')?.service.median)} at ${count(s.size)}`).join(', ')
    notes.push(
      `**A broad filter against a narrow one.** \`meta={"app":"photos"}\` (~14% of the pins, with an exact count) takes ${
        ms(meta.service.median)
      } at ${at} (${trend}); ` +
        `a one-CID filter ${ms(cid.service.median)}: the broad one costs ${times(r)} ${r > 1 ? 'as much' : 'of it'}.`
    )
  }
  const scans = sizes.map((s) => ({ size: s.size, median: caseOf(s, 'ipartial')?.service.median })).filter((
    s
  ): s is { size: number, median: number } => s.median !== undefined)
  const first = scans[0]
  const last = scans.at(-1)
  if (first !== undefined && last !== undefined && last.size > first.size) {
    notes.push(
      `**Partial name matches (no index).** \`match=ipartial\` takes ${
        scans.map((s) => `${ms(s.median)} at ${count(s.size)}`).join(', ')
      }: ` +
        `${times(last.median / first.median)} the time for ${times(last.size / first.size)} the pins.`
    )
  }
  const seeding = sizes.map((s) => s.longTasks.seeding).filter((tasks) => tasks.over50ms > 0)
  notes.push(
    seeding.length === 0
      ? '**Seeding** with `addMany` (5,000 pins a call) caused no main-thread task over 50 ms in the service\'s page.'
      : `**Seeding** with \`addMany\` (5,000 pins a call) caused ${
        seeding.reduce((sum, tasks) => sum + tasks.over50ms, 0)
      } main-thread tasks over 50 ms in the service's page, ` +
        `the longest ${ms(Math.max(...seeding.map((tasks) => tasks.longestMs)))}.`
  )
  return notes
}

function writeNotes (results: BenchResults): string[] {
  const sizes = results.api?.latency ?? []
  const size = sizes.at(-1)
  if (size === undefined) return []
  const line = (id: string) => {
    const write = writeOf(size, id)
    if (write === undefined) return undefined
    const trend = sizes.map((s) => `${writeOf(s, id)?.service.perSecond.toFixed(0) ?? 'n/a'}/s at ${count(s.size)}`)
      .join(', ')
    return `${write.label}: ${trend}` +
      (write.vsBaseline === undefined || write.baseline === undefined
        ? ''
        : `; today's build ${write.baseline.perSecond.toFixed(0)}/s at ${count(size.size)} (${
          times(write.vsBaseline.value)
        } its rate)`)
  }
  const lines = ['post', 'post32', 'mixed'].map(line).filter((l): l is string => l !== undefined)
  return lines.length === 0 ? [] : [`**Writes and mixed traffic.** ${lines.join('. ')}.`]
}

function memoryNotes (results: BenchResults): string[] {
  const memory = results.api?.memory ?? []
  const [before, after] = memory.slice(-2)
  const listing = memory.find((figures) => figures.listing !== undefined)?.listing
  if (after === undefined) return []
  const growth = before === undefined ? undefined : after.afterGcMiB / before.afterGcMiB - 1
  return [
    `**The page's heap** after GC: ${
      memory.map((h) => `${h.afterGcMiB.toFixed(1)} MiB at ${count(h.size)}`).join(', ')
    } pins` +
    (growth === undefined || before === undefined
      ? ''
      : ` (${percent(growth)} from ${count(before.size)} to ${count(after.size)})`) +
    (listing === undefined
      ? '.'
      : `. Paging through all ${count(listing.listed)} pins peaks at ${listing.peakMiB.toFixed(1)} MiB ` +
        `(${listing.jsonMiB.toFixed(0)} MiB of JSON in ${listing.requests} answers) and ends at ${
          listing.afterGcMiB.toFixed(1)
        } MiB after GC.`)
  ]
}

function pinNotes (results: BenchResults): string[] {
  const dags = results.pin ?? []
  if (dags.length === 0) return []
  const pageMs = (dag: typeof dags[number], transport: 'gateway' | 'ws') =>
    median(dag.transports[transport].page.filter((t) => t.ok).map((t) => t.ms))
  const nodeMs = (dag: typeof dags[number], transport: 'gateway' | 'ws') =>
    median(dag.transports[transport].node.map((t) => t.ms))
  return dags.map((dag) => {
    const fetch = median(dag.floors.fetch.map((t) => t.ms))
    const fromWorker = median(dag.floors.fetchControlledWorker.map((t) => t.ms))
    const idb = median((dag.floors.idbBatched ?? dag.floors.idbWrite).map((t) => t.ms))
    const gateway = pageMs(dag, 'gateway')
    return `**${dag.label}** (${count(dag.blocks)} blocks): via the gateway the page takes ${
      ms(gateway)
    }, Node Helia (blocks on disk, as many in flight as the engine) ${ms(nodeMs(dag, 'gateway'))} ` +
      `(${times(ratio(nodeMs(dag, 'gateway'), gateway))} Node's throughput; ${
        (gateway / dag.blocks).toFixed(2)
      } ms a block); over WebSockets ${ms(pageMs(dag, 'ws'))} against Node's ${ms(nodeMs(dag, 'ws'))} ` +
      `(${times(ratio(nodeMs(dag, 'ws'), pageMs(dag, 'ws')))}). Floors: fetching every block ${
        ms(fetch)
      } from a page without a service worker, ${ms(fromWorker)} from a Worker of the service's page; ` +
      `writing them to IndexedDB as the engine writes (batched) ${ms(idb)}; the gateway pin takes ${
        times(ratio(gateway, fetch + idb))
      } fetch plus writes` +
      `${
        (dag.floors.carWrite ?? []).length === 0
          ? ''
          : `, and ${times(ratio(gateway, median(dag.floors.carWrite.map((t) => t.ms))))} one CAR checked and written`
      }.`
  })
}

/** Pins that never reached `pinned` within the time allowed: named first, with the last status seen. */
function failureNotes (results: BenchResults): string[] {
  const failed: string[] = []
  for (const dag of results.pin ?? []) {
    for (const [transport, runs] of Object.entries(dag.transports)) {
      for (const timing of runs.page.filter((t) => !t.ok)) {
        failed.push(`${dag.label} via ${transport} (pin suite): ${JSON.stringify(timing.last)} after ${ms(timing.ms)}`)
      }
    }
  }
  for (const run of results.smoothness ?? []) {
    if (!run.pinned) {
      failed.push(
        `${(run.dagBytes / 1024 / 1024).toFixed(0)} MiB via ${run.transport} (smoothness): ${
          JSON.stringify(run.last ?? {})
        } after ${ms(run.pinMs)}`
      )
    }
  }
  return failed.length === 0 ? [] : [`**Pins that did not finish** (each on a fresh profile): ${failed.join('; ')}.`]
}

function smoothnessNotes (results: BenchResults): string[] {
  const runs = results.smoothness ?? []
  if (runs.length === 0) return []
  const over = runs.reduce((sum, run) => sum + run.tasksOver50ms, 0)
  const lists = runs.map((run) =>
    `${ms(run.listing.median)} (p95 ${ms(run.listing.p95)}) while pinning via ${run.transport}, ${
      ms(run.idleListing.median)
    } just before`
  ).join('; ')
  return [
    `**The page's main thread while pinning:** ${over === 0 ? 'no task over 50 ms' : `${over} tasks over 50 ms`} ` +
    `(longest ${ms(Math.max(...runs.map((run) => run.longestTaskMs)))}). A list of 100 takes ${lists}.`
  ]
}

function startupNotes (results: BenchResults): string[] {
  const startup = results.startup
  const runs = startup?.runs ?? []
  if (startup === undefined || runs.length === 0) return []
  const first = median(runs.map((run) => run.first.firstAnswerMs))
  const firstReady = median(runs.map((run) => run.first.readyMs))
  const warm = median(runs.map((run) => run.warm.firstAnswerMs))
  const gzip = median(runs.map((run) => run.first.jsBeforeAnswer.gzipBytes))
  const name = (path: string) => path.replace(/^\/(assets\/)?/, '')
  const worker = startup.needed.files.filter((file) => startup.workerScripts.includes(file.path))
  const top = startup.needed.files.slice(0, 3).map((file) => `${name(file.path)} ${kB(file.gzipBytes)}`).join(', ')
  const extra = (runs[0]?.first.jsBeforeAnswer.files ?? []).filter((file) =>
    !startup.needed.files.some((needed) => needed.path === file.path)
  )
  return [
    `**Start-up.** First visit ${ms(first)} to the first answer (the service ready at ${ms(firstReady)}), warm ${
      ms(warm)
    }. ` +
    `${kB(gzip)} gzip of JavaScript had loaded by the first answer on a first visit; the answer needs ${
      kB(startup.needed.gzipBytes)
    } of it ` +
    `(the entry's static imports and the service worker's scripts${
      worker.length === 0 ? '' : `, ${worker.map((file) => `${name(file.path)} ${kB(file.gzipBytes)}`).join(', ')}`
    }; the largest: ${top})` +
    (extra.length === 0
      ? '.'
      : `; the rest (${
        extra.map((file) => `${name(file.path)} ${kB(file.gzipBytes)}`).join(', ')
      }) also loaded before the answer, outside the entry's static imports.`)
  ]
}
