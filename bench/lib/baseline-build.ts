import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildAndServePage, REPO_ROOT } from './built-page.ts'
import type { BuiltPage } from './built-page.ts'

/** A build of an earlier commit served beside the current one, or why there is none. */
export type Baseline =
  | { ref: string, commit: string, page: BuiltPage }
  | { ref: string, unavailable: string }

export const hasBaseline = (baseline: Baseline | undefined): baseline is Extract<Baseline, { page: BuiltPage }> =>
  baseline !== undefined && 'page' in baseline

/**
 * Extracts `ref` into a temporary folder (`git archive`: nothing is registered in the repository), gives it
 * this checkout's node_modules (the baseline must have the same dependencies: the lock file is compared),
 * builds it as `npm start` does and serves it on its own loopback port. Any failure is reported, not thrown:
 * the comparisons then say "no reference".
 */
export async function buildBaseline (ref: string): Promise<Baseline> {
  let dir: string | undefined
  try {
    const commit = git('rev-parse', '--short', `${ref}^{commit}`)
    const missing = notLockedHere(git('show', `${ref}:package-lock.json`), git('show', 'HEAD:package-lock.json'))
    if (missing.length > 0) {
      return {
        ref,
        unavailable: `${ref} locks dependencies that HEAD does not (${missing.slice(0, 3).join(', ')}${
          missing.length > 3 ? ', …' : ''
        }): this checkout's node_modules cannot build it`
      }
    }
    dir = await mkdtemp(join(tmpdir(), `pinning-bench-baseline-${commit}-`))
    const archive = spawnSync('sh', ['-c', `git archive --format=tar "$1" | tar -x -C "$2"`, 'sh', ref, dir], {
      cwd: REPO_ROOT,
      encoding: 'utf8'
    })
    if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr}`)
    await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
    const page = await buildAndServePage(dir)
    const extracted = dir
    return {
      ref,
      commit,
      page: {
        ...page,
        close: async () => {
          try {
            await page.close()
          } finally {
            await rm(extracted, { recursive: true, force: true })
          }
        }
      }
    }
  } catch (error) {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    return { ref, unavailable: firstLine(error) }
  }
}

/**
 * Packages the baseline's lock names at a version HEAD's lock does not have: none, and this checkout's node_modules
 * holds everything the baseline needs (HEAD may have more, e.g. a dev dependency added since).
 */
function notLockedHere (baselineLock: string, headLock: string): string[] {
  const packages = (lock: string) =>
    (JSON.parse(lock) as { packages?: Record<string, { version?: string }> }).packages ?? {}
  const head = packages(headLock)
  return Object.entries(packages(baselineLock))
    .filter(([path, entry]) => path !== '' && head[path]?.version !== entry.version)
    .map(([path, entry]) => `${path.replace(/^node_modules\//, '')}@${entry.version ?? '?'}`)
}

function git (...args: string[]): string {
  return execFileSync('git', args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe']
  }).trim()
}

/** The error's first line of text, without terminal colours (rolldown's errors carry them). */
function firstLine (error: unknown): string {
  // eslint-disable-next-line no-control-regex
  const text = (error instanceof Error ? error.message : String(error)).replace(/\x1b\[[0-9;]*m/g, '')
  return text.split('\n').map((line) => line.trim()).filter((line) => line !== '').slice(0, 2).join(' ')
}
