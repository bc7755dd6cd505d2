/**
 * Memory while a large DAG is pinned as one CAR (or block by block): the resident memory of this run's Chromium
 * processes (its browser process and everything below it, by process type), sampled every 500 ms, against the
 * figures before the pin. A DAG held in memory would show as its own size.
 *
 *   node bench/car-memory.ts [MiB=1024] [cars|blocks]
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startIpfsNetwork } from '../test/fixtures/ipfs-network.ts'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/support/chromium.ts'
import { buildAndServePage } from './lib/built-page.ts'
import { pinAndWait } from './lib/pin-in-page.ts'
import { openServicePage } from './lib/service-page.ts'

const MiB = 1024 * 1024
const size = Number(process.argv[2] ?? 1024) * MiB
const cars = process.argv[3] !== 'blocks'

/** Resident MiB of the browser using `profile` and every process below it, by Chromium process type. */
function residentByType (profile: string): Record<string, number> {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' }).trim().split('\n').map(
    (line) => {
      const [pid, ppid, kb, ...args] = line.trim().split(/\s+/)
      return { pid: Number(pid), ppid: Number(ppid), kb: Number(kb), args: args.join(' ') }
    }
  )
  const mine = new Set(
    rows.filter((row) => row.args.includes(profile) && !row.args.includes('--type=')).map((row) => row.pid)
  )
  for (let grew = true; grew;) {
    grew = false
    for (const row of rows) {
      if (mine.has(row.ppid) && !mine.has(row.pid)) {
        mine.add(row.pid)
        grew = true
      }
    }
  }
  const byType: Record<string, number> = {}
  for (const row of rows.filter((candidate) => mine.has(candidate.pid))) {
    const type = /--type=(\S+)/.exec(row.args)?.[1] ?? 'browser'
    byType[type] = (byType[type] ?? 0) + Math.round(row.kb / 1024)
  }
  return byType
}

const total = (byType: Record<string, number>) => Object.values(byType).reduce((sum, mib) => sum + mib, 0)

const network = await startIpfsNetwork()
const built = await buildAndServePage()
const profile = await mkdtemp(join(tmpdir(), 'car-memory-profile-'))
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: CHROMIUM_FLAGS,
  serviceWorkers: 'allow'
})
try {
  const file = await network.addRandomFile(size, 5)
  network.setGatewayCars(cars)
  const { page, token } = await openServicePage(context, built.origin, {
    gateways: [],
    routers: [],
    allowInsecure: true,
    libp2p: 'never',
    pinTimeoutMs: 600_000
  })
  await page.evaluate(async () => {
    await window.pinningService!.engine.started
  })
  const before = residentByType(profile)
  const peak: Record<string, number> = { ...before }
  const timer = setInterval(() => {
    for (const [type, mib] of Object.entries(residentByType(profile))) peak[type] = Math.max(peak[type] ?? 0, mib)
  }, 500)
  const timing = await pinAndWait(page, token, { cid: file.cid, origins: [network.gatewayMultiaddr] }, 600_000)
  clearInterval(timer)
  console.log(JSON.stringify({
    dagMiB: size / MiB,
    gateway: cars ? 'CARs' : 'blocks only',
    pinned: timing.ok,
    ms: Math.round(timing.ms),
    requests: { car: network.carRequests(), block: network.blockRequests() },
    residentMiB: {
      before: total(before),
      peakByType: peak,
      growthAtPeak: Object.fromEntries(Object.entries(peak).map(([type, mib]) => [type, mib - (before[type] ?? 0)]))
    }
  }))
} finally {
  await context.close()
  await rm(profile, { recursive: true, force: true })
  await built.close()
  await network.stop()
}
