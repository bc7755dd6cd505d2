// Backup and restore of a large pin with memory watched: `node bench/backup-memory.ts [MiB]` (default 1024).
// Imports MiB of pseudo-random bytes in the page, makes a backup, downloads its CAR as a person does (the service
// worker streams it), then restores it into a fresh profile. Samples Chromium's total RSS (every process of the
// browser, from /proc) and the page's JS heap throughout, and prints the figures. Loopback only.
import { once } from 'node:events'
import { createWriteStream, readFileSync, readdirSync } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { randomBytes } from '../test/fixtures/random-bytes.ts'
import { launchBenchBrowser } from './lib/browser.ts'
import { buildAndServePage } from './lib/built-page.ts'
import { openServicePage } from './lib/service-page.ts'
import type { Page } from 'playwright-core'

const MIB = 1024 * 1024
const size = Number(process.argv[2] ?? 1024) * MIB

/** Resident memory (MiB) of this run's Chromium processes: each browser launched on a bench profile, and its children. */
function chromiumRss (): number {
  const parents = new Map<number, number>()
  const rss = new Map<number, number>()
  const roots: number[] = []
  for (const name of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    const pid = Number(name)
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      parents.set(pid, Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0))
      rss.set(pid, Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0))
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      if (cmdline.includes('pinning-bench-profile-') && !cmdline.includes('--type=')) roots.push(pid)
    } catch {
      // the process ended meanwhile
    }
  }
  const within = (pid: number): boolean => {
    for (let at = pid; at > 1; at = parents.get(at) ?? 0) if (roots.includes(at)) return true
    return false
  }
  let kib = 0
  for (const [pid, value] of rss) {
    if (!within(pid)) continue
    kib += value
    if (process.env.RSS_BY_PROCESS !== undefined) {
      byProcess.set(`${pid} ${typeOf(pid)}`, Math.max(byProcess.get(`${pid} ${typeOf(pid)}`) ?? 0, value / 1024))
    }
  }
  return kib / 1024
}

/** With RSS_BY_PROCESS set: each process's peak, by its Chromium type. */
const byProcess = new Map<string, number>()
function typeOf (pid: number): string {
  try {
    return /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser'
  } catch {
    return '?'
  }
}

/** Runs `work` while sampling RSS and the page's heap every 100 ms; returns its time and the peaks. */
async function watched<T> (page: Page, work: () => Promise<T>) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const before = { rss: chromiumRss(), heap: (await cdp.send('Runtime.getHeapUsage')).usedSize / MIB }
  const peak = { ...before }
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      peak.rss = Math.max(peak.rss, chromiumRss())
      peak.heap = Math.max(
        peak.heap,
        (await cdp.send('Runtime.getHeapUsage').catch(() => ({ usedSize: 0 }))).usedSize / MIB
      )
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  const started = Date.now()
  const result = await work()
  const ms = Date.now() - started
  sampling = false
  await sampler
  // What stays once garbage is collected: a peak that falls back was garbage awaiting collection, not held data.
  await cdp.send('HeapProfiler.collectGarbage')
  await new Promise((resolve) => setTimeout(resolve, 1000))
  const after = chromiumRss()
  await cdp.detach()
  return { result, ms, before, peak, after }
}

async function waitPinned (page: Page, count: number): Promise<void> {
  await page.evaluate(async (count) => {
    while ((await window.pinningService!.pins.list({ statuses: ['pinned'], limit: 1 })).count < count) {
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }, count)
}

const site = await buildAndServePage()
const first = await launchBenchBrowser()
const second = await launchBenchBrowser()
try {
  const { page } = await openServicePage(first.context, site.origin)
  // The file is made on disk and chosen through a file input, as a person would: the page reads it from disk.
  const source = join(await mkdtemp(join(tmpdir(), 'backup-memory-')), 'big.bin')
  const out = createWriteStream(source)
  for (let made = 0, seed = 1; made < size; made += 16 * MIB, seed++) {
    if (!out.write(randomBytes(Math.min(16 * MIB, size - made), seed))) await once(out, 'drain')
  }
  await new Promise<void>((resolve, reject) => {
    out.end()
    out.once('finish', resolve).once('error', reject)
  })
  await page.evaluate(() => {
    document.body.append(Object.assign(document.createElement('input'), { type: 'file', id: 'source' }))
  })
  await page.locator('#source').setInputFiles(source)
  const imported = await watched(page, async () =>
    page.evaluate(async () => {
      const file = document.querySelector<HTMLInputElement>('#source')!.files![0]!
      return (await window.pinningService!.imports.importFiles([{ path: 'big.bin', file }])).cid
    }))
  await waitPinned(page, 1)

  const made = await watched(page, async () => page.evaluate(async () => window.pinningService!.backup.create()))
  const downloaded = await watched(page, async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30 * 60_000 }),
      page.evaluate((href) => {
        Object.assign(document.createElement('a'), { href }).click()
      }, made.result.url)
    ])
    const path = await download.path()
    if (path === null) throw new Error(`download failed: ${await download.failure()}`)
    return path
  })
  const carBytes = (await stat(downloaded.result)).size

  const fresh = await openServicePage(second.context, site.origin)
  await fresh.page.evaluate(() => {
    document.body.append(Object.assign(document.createElement('input'), { type: 'file', id: 'car' }))
  })
  await fresh.page.locator('#car').setInputFiles(downloaded.result)
  const restored = await watched(
    fresh.page,
    async () =>
      fresh.page.evaluate(async () =>
        window.pinningService!.backup.restore(document.querySelector<HTMLInputElement>('#car')!.files![0]!)
      )
  )
  await waitPinned(fresh.page, 1)

  const line = (
    name: string,
    step: { ms: number, before: { rss: number, heap: number }, peak: { rss: number, heap: number }, after: number }
  ) =>
    `${name.padEnd(20)} ${(step.ms / 1000).toFixed(1).padStart(6)} s   Chromium RSS ${
      step.before.rss.toFixed(0)
    } → peak ${step.peak.rss.toFixed(0)} → after GC ${step.after.toFixed(0)} MiB   page heap ${
      step.before.heap.toFixed(1)
    } → peak ${step.peak.heap.toFixed(1)} MiB`
  console.log(
    `backup of one ${size / MIB} MiB pin (CAR ${(carBytes / MIB).toFixed(1)} MiB, ${restored.result.blocks} blocks)`
  )
  console.log(line('import in the page', imported))
  console.log(line('backup manifest', made))
  console.log(line('download (worker)', downloaded))
  console.log(line('restore (fresh)', restored))
  console.log(JSON.stringify({ size, carBytes, report: restored.result }))
  if (byProcess.size > 0) {
    console.log(
      [...byProcess].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, mib]) => `${name}: ${mib.toFixed(0)} MiB`)
        .join('\n')
    )
  }
  if (first.offLoopback.length + second.offLoopback.length > 0) throw new Error('a request left loopback')
  await rm(dirname(source), { recursive: true, force: true })
} finally {
  await first.dispose()
  await second.dispose()
  await site.close()
}
