/**
 * A median with a distribution-free confidence interval, and the verdict a target gets from it.
 *
 * The interval is the median's order-statistic interval: [x(k), x(n+1-k)] of the sorted samples covers the true
 * median with probability 1 - 2·P(Binomial(n, 1/2) <= k-1), whatever the distribution. It needs no more than
 * the samples being independent, which interleaved rounds approach better than back-to-back series.
 */
export interface Estimate {
  /** The samples' median. */
  value: number
  low: number
  high: number
  /** How often an interval built this way covers the true median (0.95 = 95 %); below the wish for few samples. */
  confidence: number
  /** Samples it rests on. */
  n: number
}

export const CONFIDENCE = 0.95

/** log P(Binomial(n, 1/2) = i) for i = 0..n, in logs so that large n cannot underflow. */
function logBinomialHalf (n: number): number[] {
  const logs = [n * Math.log(0.5)]
  for (let i = 0; i < n; i++) logs.push((logs[i] as number) + Math.log((n - i) / (i + 1)))
  return logs
}

export function medianInterval (values: number[], wanted = CONFIDENCE): Estimate {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) return { value: Number.NaN, low: Number.NaN, high: Number.NaN, confidence: 0, n: 0 }
  const middle = n / 2
  const value = n % 2 === 1
    ? sorted[Math.floor(middle)] as number
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
  const pmf = logBinomialHalf(n).map(Math.exp)
  // coverage(k) for k = 1: min..max; each step inwards gives up 2·P(B = k-1).
  let k = 1
  let below = pmf[0] as number
  let coverage = 1 - 2 * below
  while (k < Math.floor((n + 1) / 2)) {
    const next = 1 - 2 * (below + (pmf[k] as number))
    if (next < wanted) break
    below += pmf[k] as number
    coverage = next
    k++
  }
  return { value, low: sorted[k - 1] as number, high: sorted[n - k] as number, confidence: Math.max(0, coverage), n }
}

/** a[i] / b[i]: the per-round ratios of two arms measured in the same rounds. */
export function pairedRatios (a: number[], b: number[]): number[] {
  return a.slice(0, Math.min(a.length, b.length)).map((value, i) => value / (b[i] as number))
}

export type Verdict = 'met' | 'missed' | 'inconclusive' | 'no reference' | 'no figure'

export type Direction = 'at most' | 'at least'

/** Below this an interval says too little to judge by (fewer than three samples). */
export const MIN_CONFIDENCE = 0.75

/**
 * "met" only when the whole interval is on the right side of the limit, "missed" when it is all on the wrong
 * side; an interval that touches or straddles the limit (a figure sitting exactly on it, too), or one resting on
 * fewer than three samples, is "inconclusive".
 */
export function judge (estimate: Estimate | undefined, limit: number, direction: Direction): Verdict {
  if (estimate === undefined || estimate.n === 0 || Number.isNaN(estimate.low) || Number.isNaN(estimate.high)) {
    return 'no figure'
  }
  if (estimate.confidence < MIN_CONFIDENCE) return 'inconclusive'
  const better = direction === 'at most' ? estimate.high < limit : estimate.low > limit
  const worse = direction === 'at most' ? estimate.low > limit : estimate.high < limit
  return better ? 'met' : worse ? 'missed' : 'inconclusive'
}
