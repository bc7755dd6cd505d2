import { median, ratio } from './stats.ts'
import type { BenchResults } from './results.ts'

export interface TargetCheck {
  target: string
  figure: string
  reference: string
  /** figure / reference (or reference / figure for throughput), as the target states it. */
  ratio?: number
  met: boolean
  /** How far off, when missed. */
  gap?: string
}

const fmt = (value: number) => value < 10 ? value.toFixed(2) : value.toFixed(0)

/** Each target of issue 5, checked against this run's figures. */
export function checkTargets (results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = []
  const largest = results.api?.latency.at(-1)
  if (largest !== undefined) {
    const floor = largest.loopback.median
    for (const apiCase of largest.cases.filter((c) => c.indexed && c.id !== 'get' && !c.id.startsWith('post'))) {
      const r = ratio(apiCase.service.median, floor)
      checks.push({
        target: `indexed list, ${largest.size.toLocaleString('en')} pins: ${apiCase.label}: median <= 2x loopback`,
        figure: `${fmt(apiCase.service.median)} ms`,
        reference: `loopback ${fmt(floor)} ms${apiCase.loopbackSameBody === undefined ? '' : ` (${fmt(apiCase.loopbackSameBody.median)} ms with a body of the same ${(apiCase.service.bodyLength / 1000).toFixed(0)} kB)`}`,
        ratio: r,
        met: r <= 2,
        ...(r <= 2 ? {} : { gap: `${fmt(apiCase.service.median - 2 * floor)} ms over 2x (${r.toFixed(2)}x)` })
      })
    }
  }
  for (const dag of results.pin ?? []) {
    for (const [transport, runs] of Object.entries(dag.transports)) {
      const page = median(runs.page.filter((t) => t.ok).map((t) => t.ms))
      const node = median(runs.node.map((t) => t.ms))
      const pinned = runs.page.every((t) => t.ok)
      // Throughput ratio: the same bytes, so Node's time over the page's.
      const r = pinned ? ratio(node, page) : Number.NaN
      checks.push({
        target: `pin throughput, ${dag.label} via ${transport}: >= 0.8x Node Helia`,
        figure: pinned ? `${fmt(page)} ms` : 'not pinned',
        reference: `Node Helia ${fmt(node)} ms`,
        ratio: r,
        met: r >= 0.8,
        ...(r >= 0.8 ? {} : { gap: pinned ? `${fmt(page - node / 0.8)} ms slower than 0.8x allows (${r.toFixed(2)}x)` : 'the page never reached pinned' })
      })
    }
  }
  const runs = results.startup?.runs ?? []
  if (runs.length > 0) {
    const warm = median(runs.map((run) => run.warm.firstAnswerMs))
    checks.push({ target: 'warm visit: first API answer <= 300 ms after navigation', figure: `${fmt(warm)} ms`, reference: '300 ms', ratio: warm / 300, met: warm <= 300, ...(warm <= 300 ? {} : { gap: `${fmt(warm - 300)} ms over` }) })
    for (const visit of ['first', 'warm'] as const) {
      const gzip = median(runs.map((run) => run[visit].jsBeforeAnswer.gzipBytes)) / 1000
      checks.push({ target: `${visit} visit: <= 250 kB gzip of JavaScript before the first answer`, figure: `${gzip.toFixed(0)} kB`, reference: '250 kB', ratio: gzip / 250, met: gzip <= 250, ...(gzip <= 250 ? {} : { gap: `${(gzip - 250).toFixed(0)} kB over` }) })
    }
  }
  for (const run of results.smoothness ?? []) {
    checks.push({
      target: `no main-thread task over 50 ms while pinning (${(run.dagBytes / 1024 / 1024).toFixed(0)} MiB via ${run.transport})`,
      figure: `longest ${fmt(run.longestTaskMs)} ms, ${run.tasksOver50ms} over 50 ms`,
      reference: '50 ms',
      met: run.pinned && run.tasksOver50ms === 0,
      ...(run.tasksOver50ms === 0 ? (run.pinned ? {} : { gap: 'the pin did not finish' }) : { gap: `${run.tasksOver50ms} tasks, longest ${fmt(run.longestTaskMs - 50)} ms over` })
    })
  }
  return checks
}
