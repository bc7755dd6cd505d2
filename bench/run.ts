// `npm run bench [-- --quick] [-- --only=api,pin,startup,smoothness]`: builds the page, runs the benchmarks
// in headless Chromium with their references measured in the same run, prints the figures and writes
// bench/results/<mode>.json and .md. Benchmarks never fail on time; the process fails only when one breaks.
import { launchBenchBrowser } from './lib/browser.ts'
import { buildBaseline } from './lib/baseline-build.ts'
import { buildAndServePage } from './lib/built-page.ts'
import { SUITES, parseArgs } from './lib/config.ts'
import { cpus } from 'node:os'
import { describeMachine, sampleLoad, waitForQuiet } from './lib/machine.ts'
import { writeResults } from './lib/write-results.ts'
import { runApiSuite } from './suites/api.ts'
import { runGateway } from './suites/gateway.ts'
import { runScale } from './suites/scale.ts'
import { runPinThroughput } from './suites/pin-throughput.ts'
import { runSmoothness } from './suites/smoothness.ts'
import { runStartup } from './suites/startup.ts'
import { watchOutboundTraffic } from '../test/fixtures/traffic-guard.ts'
import type { BenchContext } from './lib/context.ts'
import type { BenchResults } from './lib/results.ts'

const config = parseArgs(process.argv.slice(2))
const guard = watchOutboundTraffic()
const started = performance.now()
const log = (line: string) => {
  console.log(line)
}

await waitForQuiet(cpus().length, 120_000, log)
const stopSampling = sampleLoad()
log(`bench (${config.mode}): building the page…`)
const page = await buildAndServePage()
// Only the API suite compares with today's build.
const baseline = config.baselineRef !== null && config.suites.includes('api')
  ? await buildBaseline(config.baselineRef)
  : undefined
if (baseline !== undefined) {
  log(
    'unavailable' in baseline
      ? `  no baseline: ${baseline.unavailable}`
      : `  today's build: ${baseline.ref} (${baseline.commit}) at ${baseline.page.origin}`
  )
}
const offLoopback: string[] = []
const ctx: BenchContext = {
  config,
  origin: page.origin,
  scripts: page.scripts,
  entryScripts: page.entryScripts,
  ...(baseline === undefined ? {} : { baseline }),
  log,
  launch: async () => {
    const browser = await launchBenchBrowser()
    browser.context.on('close', () => {
      offLoopback.push(...browser.offLoopback)
    })
    return browser
  }
}

const results: BenchResults = { machine: await describeMachine(config.mode), errors: [] }
if (results.machine.loadAtStart > results.machine.cores / 2) {
  log(
    `  note: load average ${
      results.machine.loadAtStart.toFixed(1)
    } on ${results.machine.cores} cores: other work is running, figures will be noisy`
  )
}
const suites = {
  api: async () => {
    results.api = await runApiSuite(ctx)
  },
  pin: async () => {
    results.pin = await runPinThroughput(ctx)
  },
  startup: async () => {
    results.startup = await runStartup(ctx)
  },
  smoothness: async () => {
    results.smoothness = await runSmoothness(ctx)
  },
  gateway: async () => {
    results.gateway = await runGateway(ctx)
  },
  scale: async () => {
    results.scale = await runScale(ctx)
  }
} as const

try {
  for (const name of config.suites) {
    const run = suites[name as keyof typeof suites]
    if (run === undefined) continue
    log(`\n== ${name}`)
    const t0 = performance.now()
    try {
      await run()
    } catch (error) {
      // One broken suite must not hide the others' figures.
      const message = error instanceof Error ? error.stack ?? error.message : String(error)
      results.errors.push({ suite: name, message })
      console.error(`  ${name} failed: ${message}`)
    }
    log(`  (${name}: ${((performance.now() - t0) / 1000).toFixed(0)} s)`)
  }
} finally {
  await page.close()
  if (baseline !== undefined && 'page' in baseline) await baseline.page.close()
  guard.stop()
}

results.machine.durationS = (performance.now() - started) / 1000
results.machine.loadDuringRun = stopSampling()
// Lookups of the unspecified address (0.0.0.0, ::) are servers resolving where to listen, not traffic.
const UNSPECIFIED = /^\S+ (0\.0\.0\.0|::|0000(:0000){7})$/
results.offLoopback = [...offLoopback, ...guard.attempts.filter((attempt) => !UNSPECIFIED.test(attempt))]
// A run of some suites never replaces the results of a whole run: it is written as <mode>-<suites>.
const name = config.suites.length === SUITES.length ? config.mode : `${config.mode}-${config.suites.join('-')}`
if (config.suites.length !== SUITES.length) results.name = config.suites.join('-')
const files = await writeResults(results, name)
log(`\nwrote ${files.join(', ')} in ${results.machine.durationS.toFixed(0)} s`)
if (results.errors.length > 0) process.exitCode = 1
