import type { Baseline } from './baseline-build.ts'
import type { BenchBrowser } from './browser.ts'
import type { Asset } from './built-page.ts'
import type { BenchConfig } from './config.ts'

/** What every suite gets: the sizes to use, the served page, and a way to report progress. */
export interface BenchContext {
  config: BenchConfig
  /** Origin of the built page, e.g. http://127.0.0.1:41234 */
  origin: string
  /** The build's JavaScript files with their gzip sizes. */
  scripts: Asset[]
  /** The entry chunk's static import closure (paths). */
  entryScripts: string[]
  /** Today's build, served beside the current one for the API comparisons (absent: not asked for). */
  baseline?: Baseline
  log(line: string): void
  /** Chromium on a fresh profile; the run reports any request it made beyond loopback. */
  launch(): Promise<BenchBrowser>
}
