const MiB = 1024 * 1024

export const SUITES = ['api', 'pin', 'startup', 'smoothness', 'gateway', 'scale'] as const
export type SuiteName = (typeof SUITES)[number]

/** "Today's" build for the API comparisons: the last commit before the API moved into the service worker. */
export const DEFAULT_BASELINE = 'e39fc41'

export interface BenchConfig {
  mode: 'full' | 'quick'
  /** Pins stored for the API latency series (cumulative). */
  apiSizes: number[]
  /** Scales every request count of the latency series. */
  repsFactor: number
  /** Interleaved rounds of each latency comparison (ABBA; the figure of a round is its block's median). */
  latencyRounds: number
  /** Interleaved rounds of each write and mixed-traffic comparison (the figure of a round is its rate). */
  throughputRounds: number
  /** The git ref built as "today" for the API comparisons; null: none (`--baseline=none`). */
  baselineRef: string | null
  /** Files pinned for throughput. */
  fileSizes: number[]
  /** Small files in the pinned directory. */
  directoryFiles: number
  /** Repetitions of each pin measurement (median reported); `pinRunsLarge` for the 100 MiB file and the directory. */
  pinRuns: number
  pinRunsLarge: number
  /** The DAG pinned while smoothness is watched. */
  smoothnessBytes: number
  /** Fresh profiles for the start-up measurement. */
  startupRuns: number
  /** The gateway suite's large file (read in full, and a range of it), and the file streamed while its heap is watched. */
  gatewayFileBytes: number
  gatewayHugeBytes: number
  /** Interleaved rounds of the gateway's whole-file and CAR reads (one read per arm and round). */
  gatewayReadRounds: number
  /** Pins stored, step by step, for the scale curves of lists and heaps (a step over the seeding budget is projected, not seeded). */
  scaleSizes: number[]
  scaleSeedBudgetS: number
  /** Pin records stored (and pinned) for "pinning with many records stored", and its rounds; the DAG pinned each round. */
  recordsStored: number
  recordRounds: number
  recordDagBytes: number
  /** Warm visits per profile for start-up with records stored. */
  startupVisits: number
  /** The pin-time curve: DAG sizes in MiB, runs of each (one above 64 MiB); pins POSTed at once. */
  pinCurveMiB: number[]
  pinCurveRuns: number
  concurrentPins: number[]
  suites: SuiteName[]
}

const FULL: BenchConfig = {
  mode: 'full',
  apiSizes: [1000, 10_000, 100_000],
  repsFactor: 1,
  latencyRounds: 20,
  throughputRounds: 10,
  baselineRef: DEFAULT_BASELINE,
  fileSizes: [10 * MiB, 100 * MiB],
  directoryFiles: 1000,
  // Five runs: a median's order-statistic interval then covers it 94 % of the time (three: 75 %).
  pinRuns: 5,
  pinRunsLarge: 5,
  smoothnessBytes: 100 * MiB,
  // Ten: the interval of a median is then the 2nd to the 9th run, at 98 %.
  startupRuns: 10,
  gatewayFileBytes: 100 * MiB,
  gatewayHugeBytes: 1024 * MiB,
  gatewayReadRounds: 10,
  scaleSizes: [1000, 10_000, 100_000, 1_000_000],
  scaleSeedBudgetS: 600,
  recordsStored: 100_000,
  recordRounds: 6,
  recordDagBytes: 10 * MiB,
  startupVisits: 6,
  pinCurveMiB: [1, 4, 16, 64, 256, 1024],
  pinCurveRuns: 3,
  concurrentPins: [1, 3, 10, 30, 100],
  suites: [...SUITES]
}

const QUICK: BenchConfig = {
  mode: 'quick',
  apiSizes: [1000, 10_000],
  repsFactor: 0.25,
  latencyRounds: 8,
  throughputRounds: 5,
  baselineRef: DEFAULT_BASELINE,
  fileSizes: [4 * MiB, 16 * MiB],
  directoryFiles: 200,
  pinRuns: 1,
  pinRunsLarge: 1,
  smoothnessBytes: 16 * MiB,
  startupRuns: 3,
  gatewayFileBytes: 16 * MiB,
  gatewayHugeBytes: 128 * MiB,
  gatewayReadRounds: 5,
  scaleSizes: [1000, 10_000],
  scaleSeedBudgetS: 60,
  recordsStored: 10_000,
  recordRounds: 4,
  recordDagBytes: 4 * MiB,
  startupVisits: 4,
  pinCurveMiB: [1, 4, 16],
  pinCurveRuns: 1,
  concurrentPins: [1, 10],
  suites: [...SUITES]
}

/** `--quick` for smaller sizes; `--only=api,pin` to run some suites; `--baseline=<ref>` or `--baseline=none`. */
export function parseArgs (argv: string[]): BenchConfig {
  const config = argv.includes('--quick') ? { ...QUICK } : { ...FULL }
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length)
  if (only !== undefined) {
    const wanted = only.split(',')
    const unknown = wanted.filter((name) => !(SUITES as readonly string[]).includes(name))
    if (unknown.length > 0) throw new Error(`unknown suite(s): ${unknown.join(', ')}; known: ${SUITES.join(', ')}`)
    config.suites = SUITES.filter((name) => wanted.includes(name))
  }
  const baseline = argv.find((arg) => arg.startsWith('--baseline='))?.slice('--baseline='.length)
  if (baseline !== undefined) config.baselineRef = baseline === '' || baseline === 'none' ? null : baseline
  return config
}
