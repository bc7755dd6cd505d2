import { execFileSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'
import { chromium } from 'playwright-core'
import { REPO_ROOT } from './built-page.ts'

export interface Machine {
  mode: 'full' | 'quick'
  date: string
  /** HEAD, with `+dirty` when the work tree had changes (others' edits in progress are measured too). */
  commit: string
  node: string
  chromium: string
  cpu: string
  cores: number
  memoryGiB: number
  /** 1-minute load average at the start and the end: above the core count, other work shared the machine. */
  loadAtStart: number
  /** The 1-minute load average sampled every 5 s through the run: other sessions' tests make figures noisy. */
  loadDuringRun?: { mean: number, max: number }
  durationS?: number
}

function git (...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim()
  } catch {
    return ''
  }
}

export async function describeMachine (mode: 'full' | 'quick'): Promise<Machine> {
  const dirty = git('status', '--porcelain', '--', 'src', 'index.html', 'vite.config.ts', 'package.json') !== ''
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox']
  })
  const version = browser.version()
  await browser.close()
  return {
    mode,
    date: new Date().toISOString(),
    commit: `${git('rev-parse', '--short', 'HEAD')}${dirty ? '+dirty' : ''}`,
    node: process.version,
    chromium: version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    loadAtStart: loadavg()[0] ?? 0
  }
}

/** Samples the load average until stopped. */
export function sampleLoad (): () => { mean: number, max: number } {
  const samples = [loadavg()[0] ?? 0]
  const timer = setInterval(() => {
    samples.push(loadavg()[0] ?? 0)
  }, 5000)
  timer.unref()
  return () => {
    clearInterval(timer)
    return { mean: samples.reduce((sum, load) => sum + load, 0) / samples.length, max: Math.max(...samples) }
  }
}

/** Waits (at most `maxMs`) until the machine is about idle, so that a run starts on a quiet machine if it can. */
export async function waitForQuiet (cores: number, maxMs: number, log: (line: string) => void): Promise<void> {
  const until = Date.now() + maxMs
  if ((loadavg()[0] ?? 0) <= cores / 2) return
  log(
    `  load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${cores} cores: waiting up to ${
      maxMs / 1000
    } s for other work to finish…`
  )
  while (Date.now() < until && (loadavg()[0] ?? 0) > cores / 2) {
    await new Promise((resolve) => setTimeout(resolve, 5000))
  }
}
