import { execFileSync } from 'node:child_process'
import { cpus, totalmem } from 'node:os'
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
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] })
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
    memoryGiB: Math.round(totalmem() / 1024 ** 3)
  }
}
