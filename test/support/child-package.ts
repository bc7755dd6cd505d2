import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export interface CommandResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a command with `input` on stdin; resolves with its exit code and output; rejects on timeout. */
export async function runCommand (
  cmd: string,
  args: string[],
  options: { cwd: string, input?: string, timeoutMs: number, label: string }
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${options.label} timed out after ${options.timeoutMs} ms:\n${stderr.slice(-4000)}`))
    }, options.timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(options.input ?? '')
  })
}

/**
 * Installs a test folder that is a package of its own (clients on other library lines than the project's) from
 * its lock, on first use. --ignore-scripts: libp2p's WebRTC would try to download a native binary, offline.
 */
export async function ensurePackageInstalled (folder: string, marker: string): Promise<void> {
  if (existsSync(join(folder, 'node_modules', marker))) return
  const { code, stdout, stderr } = await runCommand('npm', [
    'ci',
    '--prefix',
    folder,
    '--ignore-scripts',
    '--no-audit',
    '--no-fund'
  ], { cwd: folder, timeoutMs: 300_000, label: 'npm ci' })
  if (code !== 0 || !existsSync(join(folder, 'node_modules', marker))) {
    throw new Error(`npm ci in ${folder} failed (exit ${code}):\n${(stdout + stderr).slice(-4000)}`)
  }
}
