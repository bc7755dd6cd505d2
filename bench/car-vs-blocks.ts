/**
 * Whole DAGs as CARs against block by block: a 1,000-file folder and a 100 MiB file pinned through the network in
 * a box's gateway (named in the pin's origins), by the build this branch started from (blocks only) and by this
 * one (CARs), and by this one against a gateway that serves no CARs (the fallback). Interleaved, a fresh profile
 * per run. Prints the time from POST to `pinned` and the HTTP requests the gateway received, per arm.
 *
 *   node bench/car-vs-blocks.ts [--runs=3] [--before=<ref>]   (default: the merge base of HEAD and main)
 */
import { execFileSync } from 'node:child_process'
import { startIpfsNetwork } from '../test/fixtures/ipfs-network.ts'
import { randomBytes } from '../test/fixtures/random-bytes.ts'
import { buildBaseline, hasBaseline } from './lib/baseline-build.ts'
import { launchBenchBrowser } from './lib/browser.ts'
import { buildAndServePage, REPO_ROOT } from './lib/built-page.ts'
import { pinAndWait } from './lib/pin-in-page.ts'
import { NO_NETWORK, openServicePage } from './lib/service-page.ts'
import { median } from './lib/stats.ts'
import type { EngineConfig } from '../src/index.ts'

const PIN_TIMEOUT_MS = 180_000
const ENGINE: Partial<EngineConfig> = { ...NO_NETWORK, pinTimeoutMs: PIN_TIMEOUT_MS }
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const runs = Number(arg('runs') ?? 3)
const before = arg('before') ??
  execFileSync('git', ['merge-base', 'HEAD', 'main'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim()

interface Sample {
  ms: number
  carRequests: number
  blockRequests: number
  carMiB: number
  ok: boolean
}

const network = await startIpfsNetwork()
const current = await buildAndServePage()
const baseline = await buildBaseline(before)
if (!hasBaseline(baseline)) throw new Error(`no build of ${before}: ${baseline.unavailable}`)
try {
  const files: Record<string, Uint8Array> = {}
  // Small files of 1-4 KiB, as the pin benchmark uses.
  for (let i = 0; i < 1000; i++) {
    files[`file-${String(i).padStart(4, '0')}.txt`] = randomBytes(1024 + ((i * 977) % 3072), 1000 + i)
  }
  const dags = [
    { label: '1,000-file folder', cid: (await network.addDirectory(files)).cid },
    { label: '100 MiB file', cid: (await network.addRandomFile(100 * 1024 * 1024, 77)).cid }
  ]
  const arms = [
    { label: `before (${baseline.commit}, blocks)`, origin: baseline.page.origin, cars: true },
    { label: 'after (CARs)', origin: current.origin, cars: true },
    { label: 'after, gateway without CARs', origin: current.origin, cars: false }
  ]
  for (const dag of dags) {
    const samples = new Map<string, Sample[]>(arms.map((a) => [a.label, []]))
    for (let run = 0; run < runs; run++) {
      for (const arm of arms) {
        const browser = await launchBenchBrowser()
        try {
          const { page, token } = await openServicePage(browser.context, arm.origin, ENGINE)
          await page.evaluate(async () => {
            await window.pinningService!.engine.started
          })
          await page.waitForTimeout(300)
          network.setGatewayCars(arm.cars)
          network.resetCounters()
          const timing = await pinAndWait(
            page,
            token,
            { cid: dag.cid, origins: [network.gatewayMultiaddr] },
            PIN_TIMEOUT_MS
          )
          samples.get(arm.label)!.push({
            ms: timing.ms,
            carRequests: network.carRequests(),
            blockRequests: network.blockRequests(),
            carMiB: network.carBytesSent() / 1024 / 1024,
            ok: timing.ok
          })
        } finally {
          await browser.dispose()
        }
      }
    }
    console.log(`\n${dag.label} (${runs} runs each, interleaved; median [min-max])`)
    console.log('| arm | POST to pinned | CAR requests | block requests | CAR MiB sent | all pinned |')
    console.log('| --- | --- | --- | --- | --- | --- |')
    for (const [label, list] of samples) {
      const ms = list.map((s) => s.ms)
      console.log(
        `| ${label} | ${median(ms).toFixed(0)} ms [${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)}] | ${
          median(list.map((s) => s.carRequests))
        } | ${median(list.map((s) => s.blockRequests))} | ${median(list.map((s) => s.carMiB)).toFixed(1)} | ${
          list.every((s) => s.ok)
        } |`
      )
    }
  }
} finally {
  await baseline.page.close()
  await current.close()
  await network.stop()
}
