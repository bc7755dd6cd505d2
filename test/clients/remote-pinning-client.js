// Runs a real client of the pinning API, @helia/remote-pinning 2 on a Node Helia 5 node that holds the
// content (remote-pinning-node.js), as a Node process of its own, and returns what it saw. This folder is
// a package of its own: Helia 5 / libp2p 2 cannot share the project's Helia 7 / libp2p 3 install.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const PROGRAM = join(HERE, 'remote-pinning-node.js')
const MARKER = join(HERE, 'node_modules', '@helia', 'remote-pinning', 'package.json')

/**
 * Run a command with `input` on stdin; resolves with its exit code, stdout and stderr; rejects on timeout.
 * @param {string} cmd
 * @param {string[]} args
 * @param {string} input
 * @param {number} timeoutMs
 * @param {string} label
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
function run (cmd, args, input, timeoutMs, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: HERE, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => { stdout += chunk })
    child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${label} timed out after ${timeoutMs} ms:\n${stderr.slice(-4000)}`))
    }, timeoutMs)
    child.on('error', (err) => { clearTimeout(timer); reject(err) })
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }) })
    child.stdin.end(input)
  })
}

/** Install this folder's packages on first use (--ignore-scripts: node-datachannel's binary download fails offline). */
async function ensureInstalled () {
  if (existsSync(MARKER)) return
  const { code, stdout, stderr } = await run('npm', ['ci', '--prefix', HERE, '--ignore-scripts', '--no-audit', '--no-fund'], '', 300_000, 'npm ci')
  if (code !== 0 || !existsSync(MARKER)) throw new Error(`npm ci in ${HERE} failed (exit ${code}):\n${(stdout + stderr).slice(-4000)}`)
}

/**
 * @param {import('./remote-pinning-client.d.ts').RemotePinningOptions} options
 * @returns {Promise<import('./remote-pinning-client.d.ts').RemotePinningResult>}
 */
export async function pinWithRemotePinning ({ endpoint, token, bytes, name, timeoutMs = 60_000 }) {
  if (typeof token !== 'string' || token === '') throw new Error('pinWithRemotePinning: token must be a non-empty string')
  await ensureInstalled()
  // The token goes on stdin, not argv, where other processes could read it.
  const input = JSON.stringify({ endpoint, token, name, timeoutMs, bytes: Buffer.from(bytes).toString('base64') })
  // Node 24 strips the types of the project's traffic guard the program imports; silence its notice.
  const args = ['--disable-warning=ExperimentalWarning', PROGRAM]
  const { code, stdout, stderr } = await run(process.execPath, args, input, timeoutMs + 30_000, 'remote-pinning client')
  if (code !== 0) throw new Error(`remote-pinning client exited ${code}:\n${stderr.slice(-4000)}`)
  return JSON.parse(stdout)
}
