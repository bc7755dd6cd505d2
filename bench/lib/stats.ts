/** Summary of a series of timings in milliseconds. */
export interface Summary {
  n: number
  median: number
  p95: number
  min: number
  max: number
}

/** Nearest-rank percentile of sorted values. */
function percentile (sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] as number
}

export function summarize (values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length / 2
  return {
    n: sorted.length,
    // The usual median (mean of the middle two for an even count): runs of 2 should not report their lower one.
    median: sorted.length % 2 === 1
      ? sorted[Math.floor(middle)] as number
      : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2,
    p95: percentile(sorted, 95),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN
  }
}

export function median (values: number[]): number {
  return summarize(values).median
}

/** a / b, or NaN when either is missing. */
export function ratio (a: number | undefined, b: number | undefined): number {
  return a === undefined || b === undefined || b === 0 ? Number.NaN : a / b
}
