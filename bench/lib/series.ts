import { median, summarize } from './stats.ts'
import type { Summary } from './stats.ts'
import type { Timings } from './time-in-page.ts'

/** Every request of one arm of a comparison, with the figure of each interleaved round. */
export interface Series extends Summary {
  statuses: Record<string, number>
  /** Median length of the answers' bodies, in characters. */
  bodyLength: number
  /** Requests per second over the whole series (with its concurrency). */
  perSecond: number
  /** Each round's figure: its block's median latency in ms (reads), or its rate in requests/s (writes, mixed). */
  rounds: number[]
}

export type RoundFigure = 'median' | 'rate'

const rateOf = (timings: Timings) => (timings.durations.length / timings.wallMs) * 1000

/** One series from the blocks an arm ran, round by round. */
export function seriesOf (blocks: Timings[], figure: RoundFigure): Series {
  const durations = blocks.flatMap((block) => block.durations)
  const statuses: Record<string, number> = {}
  for (const block of blocks) {
    for (const [status, count] of Object.entries(block.statuses)) statuses[status] = (statuses[status] ?? 0) + count
  }
  const wallMs = blocks.reduce((sum, block) => sum + block.wallMs, 0)
  const lengths = blocks.flatMap((block) => block.lengths).sort((a, b) => a - b)
  return {
    ...summarize(durations),
    statuses,
    bodyLength: lengths[Math.floor(lengths.length / 2)] ?? 0,
    perSecond: (durations.length / wallMs) * 1000,
    rounds: blocks.map((block) => figure === 'median' ? median(block.durations) : rateOf(block))
  }
}

/** True when every answer was a success (a reference that errors must not pass as fast). */
export function allSucceeded (series: Series): boolean {
  return Object.keys(series.statuses).every((status) => Number(status) >= 200 && Number(status) < 300)
}
