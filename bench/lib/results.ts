import type { Machine } from './machine.ts'
import type { ApiSuiteResult } from '../suites/api.ts'
import type { GatewayResult } from '../suites/gateway.ts'
import type { ScaleResult } from '../suites/scale.ts'
import type { DagResult } from '../suites/pin-throughput.ts'
import type { SmoothnessResult } from '../suites/smoothness.ts'
import type { StartupResult } from '../suites/startup.ts'

/** Everything one run measured; written as JSON, rendered as Markdown and a console table. */
export interface BenchResults {
  machine: Machine
  /** The suites of a partial run (`--only`), as in its file names; absent for a whole run. */
  name?: string
  api?: ApiSuiteResult
  pin?: DagResult[]
  startup?: StartupResult
  smoothness?: SmoothnessResult[]
  gateway?: GatewayResult
  scale?: ScaleResult
  /** Suites that broke (their figures are missing), with the error. */
  errors: Array<{ suite: string, message: string }>
  /** Requests that tried to leave loopback (browser or this process); should be empty. */
  offLoopback?: string[]
}
