// Runs the public compliance suite (@ipfs-shipyard/pinning-service-compliance 1.8.1) against one
// endpoint and returns its verdict. The suite's exit code is always 0, so its fresh JSON report is
// the only truth: a full offline run has total 9; total 5 means the spec or the util shims were missing.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { stripVTControlCharacters } from 'node:util'

const HERE = dirname(fileURLToPath(import.meta.url))
const PRELOAD = join(HERE, 'preload.mjs')
const SUITE_NAME = '@ipfs-shipyard/pinning-service-compliance'
const SUITE_DIR = join(HERE, 'node_modules', SUITE_NAME)
const CLI = join(SUITE_DIR, 'dist', 'src', 'index.js')
const DOCS_DIR = join(SUITE_DIR, 'dist', 'docs') // where the suite writes its reports
/** The spec shipped with the tests (CC0), so that a run needs no network. */
const SHIPPED_SPEC = join(HERE, 'spec', 'ipfs-pinning-service.yaml')

/**
 * Run a command, capturing stdout and stderr together; rejects on timeout.
 * @param {string} cmd
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 * @param {number} timeoutMs
 * @param {string} label names the command in errors (the args may hold a token)
 * @returns {Promise<{ code: number | null, output: string }>}
 */
function run (cmd, args, options, timeoutMs, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      output += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      output += chunk
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${label} timed out after ${timeoutMs} ms. Output:\n${output.slice(-4000)}`))
    }, timeoutMs)
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

/** Install the suite into test/compliance/node_modules (kubo's binary download stays skipped). */
async function ensureInstalled () {
  if (existsSync(CLI)) return
  const { code, output } = await run(
    'npm',
    ['ci', '--prefix', HERE, '--ignore-scripts', '--no-audit', '--no-fund'],
    {},
    300_000,
    'npm ci'
  )
  if (code !== 0 || !existsSync(CLI)) {
    throw new Error(`npm ci in ${HERE} failed (exit ${code}):\n${output.slice(-4000)}`)
  }
}

/**
 * @typedef {object} ComplianceResult
 * @property {number} total checks counted by the suite: 9 on a full run, 5 when the spec could not be loaded
 * @property {number} passed
 * @property {number} failed
 * @property {boolean} success passed === total (true for 5/5 too: gate on total === 9 as well)
 * @property {string} reportMarkdown the suite's Markdown report (request/response details per check)
 * @property {string} output the suite's stdout and stderr
 */

// The report files are named after the hostname alone (no port), so runs are serialised here.
// Separate processes must not run the suite against the same hostname at the same time.
/** @type {Promise<unknown>} */
let queue = Promise.resolve()

/**
 * Run the compliance suite against a pinning service endpoint.
 * @param {object} options
 * @param {string} options.endpoint base URL of the API, e.g. 'http://127.0.0.1:5180/api/v1' (trailing '/' dropped)
 * @param {string} options.token a valid access token (sent as `Authorization: Bearer <token>`)
 * @param {string} [options.specPath] local copy of ipfs-pinning-service.yaml v1.0.0; default
 *   process.env.PINNING_SPEC_PATH, else the copy shipped in ./spec (the suite never downloads it).
 * @param {number} [options.timeoutMs] default 240000 (a run takes about 30-45 s)
 * @returns {Promise<ComplianceResult>}
 */
export function runCompliance (options) {
  const result = queue.then(() => runOnce(options))
  queue = result.catch(() => {})
  return result
}

/** @param {Parameters<typeof runCompliance>[0]} options */
async function runOnce (
  { endpoint, token, specPath = process.env.PINNING_SPEC_PATH || SHIPPED_SPEC, timeoutMs = 240_000 }
) {
  const hostname = new URL(endpoint).hostname // throws on a malformed endpoint
  endpoint = endpoint.replace(/\/+$/, '') // the suite's client would request '<endpoint>//pins'
  if (typeof token !== 'string' || token === '') throw new Error('runCompliance: token must be a non-empty string')
  // npm_package_*: the suite names itself from these in the report (npm would pass the caller's).
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, npm_package_name: SUITE_NAME, npm_package_version: '1.8.1' }
  delete env.PINNING_SPEC_PATH
  if (specPath) {
    env.PINNING_SPEC_PATH = resolve(specPath)
    if (!existsSync(env.PINNING_SPEC_PATH)) throw new Error(`runCompliance: no spec at ${env.PINNING_SPEC_PATH}`)
  }
  await ensureInstalled()

  // The suite never deletes old reports (and appends to its logs): remove them so only a fresh one counts.
  const jsonFile = join(DOCS_DIR, `${hostname}.json`)
  const mdFile = join(DOCS_DIR, `${hostname}.md`)
  await Promise.all([jsonFile, mdFile, join(DOCS_DIR, hostname)].map((f) => rm(f, { recursive: true, force: true })))

  const started = Date.now()
  const args = ['--import', pathToFileURL(PRELOAD).href, '--disable-warning=DEP0044', CLI, '-s', endpoint, token]
  // cwd outside any repo: the suite runs `git rev-parse HEAD` for the report's "Revision" line.
  const { code, output: raw } = await run(process.execPath, args, { cwd: tmpdir(), env }, timeoutMs, 'compliance suite')
  const output = stripVTControlCharacters(raw) // winston colours its log levels even when piped

  const fresh = await stat(jsonFile).then((s) => s.mtimeMs >= started - 1000, () => false)
  if (!fresh) {
    throw new Error(`compliance suite wrote no report ${jsonFile} (exit ${code}). Output:\n${output.slice(-4000)}`)
  }
  const { total, passed, failed, success } = JSON.parse(await readFile(jsonFile, 'utf8'))
  const reportMarkdown = await readFile(mdFile, 'utf8').catch(() => '')
  return { total, passed, failed, success, reportMarkdown, output }
}
