import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'

export interface ChildServer<T> {
  /** The first JSON line the child printed. */
  info: T
  stop(): Promise<void>
}

function spawnNode (script: string, args: string[]): { child: ChildProcess, stderr: () => string } {
  // Node's own flags (--experimental-strip-types on Node 22) go to children, which are TypeScript too;
  // not -e/-p and their code, which would run instead of the script.
  const flags = process.execArgv.filter((arg) => arg.startsWith('--') && !/^--(eval|print)\b/.test(arg))
  const child = spawn(process.execPath, [...flags, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000)
  })
  return { child, stderr: () => stderr }
}

/** Starts a Node child that prints one JSON line once it is ready (a server), and keeps it running. */
export async function startChildServer<T> (
  script: string,
  args: string[],
  timeoutMs = 60_000
): Promise<ChildServer<T>> {
  const { child, stderr } = spawnNode(script, args)
  const info = await new Promise<T>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      reject(new Error(`${script} did not start in ${timeoutMs} ms: ${stderr()}`))
    }, timeoutMs)
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const line = out.split('\n').slice(0, -1).find((l) => l.startsWith('{'))
      if (line === undefined) return
      clearTimeout(timer)
      resolve(JSON.parse(line) as T)
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${script} exited (${code}) before it was ready: ${stderr()}`))
    })
  })
  child.removeAllListeners('exit')
  return {
    info,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  }
}

/** Runs a Node child to the end and returns the last JSON line it printed. */
export async function runChildJson<T> (script: string, args: string[], timeoutMs: number): Promise<T> {
  const { child, stderr } = spawnNode(script, args)
  let out = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
  })
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('exit', (exitCode) => {
      clearTimeout(timer)
      resolve(exitCode)
    })
  })
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1)
  if (code !== 0 || line === undefined) throw new Error(`${script} failed (exit ${code}): ${stderr()}`)
  return JSON.parse(line) as T
}
