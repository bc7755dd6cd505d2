const MiB = 1024 * 1024

export const SUITES = ['api', 'pin', 'startup', 'smoothness'] as const
export type SuiteName = (typeof SUITES)[number]

export interface BenchConfig {
  mode: 'full' | 'quick'
  /** Pins stored for the API latency series (cumulative). */
  apiSizes: number[]
  /** Scales every request count of the latency series. */
  repsFactor: number
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
  suites: SuiteName[]
}

const FULL: BenchConfig = {
  mode: 'full',
  apiSizes: [1000, 10_000, 100_000],
  repsFactor: 1,
  fileSizes: [10 * MiB, 100 * MiB],
  directoryFiles: 1000,
  pinRuns: 3,
  pinRunsLarge: 3,
  smoothnessBytes: 100 * MiB,
  startupRuns: 5,
  suites: [...SUITES]
}

const QUICK: BenchConfig = {
  mode: 'quick',
  apiSizes: [1000, 10_000],
  repsFactor: 0.25,
  fileSizes: [4 * MiB, 16 * MiB],
  directoryFiles: 200,
  pinRuns: 1,
  pinRunsLarge: 1,
  smoothnessBytes: 16 * MiB,
  startupRuns: 2,
  suites: [...SUITES]
}

/** `--quick` for smaller sizes; `--only=api,pin` to run some suites. */
export function parseArgs (argv: string[]): BenchConfig {
  const config = argv.includes('--quick') ? { ...QUICK } : { ...FULL }
  const only = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length)
  if (only !== undefined) {
    const wanted = only.split(',')
    const unknown = wanted.filter((name) => !(SUITES as readonly string[]).includes(name))
    if (unknown.length > 0) throw new Error(`unknown suite(s): ${unknown.join(', ')}; known: ${SUITES.join(', ')}`)
    config.suites = SUITES.filter((name) => wanted.includes(name))
  }
  return config
}
