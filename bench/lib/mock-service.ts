import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startChildServer } from './child.ts'

const DIR = fileURLToPath(new URL('../mock-service/', import.meta.url))
const SERVE = fileURLToPath(new URL('../mock-service/serve.ts', import.meta.url))

export interface MockService {
  /** e.g. http://127.0.0.1:40123 (the API sits at the root) */
  origin: string
  /** Pins it holds: fewer than seeded, since it keeps one request per CID. */
  pins: number
  /** Some request ids it holds, for GET /pins/{id}. */
  ids: string[]
  stop(): Promise<void>
}

/** Installs the mock into its own folder on first use, from its lock file, running no install scripts. */
export function ensureMockInstalled (): void {
  if (existsSync(`${DIR}node_modules/mock-ipfs-pinning-service/index.js`)) return
  console.log('  installing mock-ipfs-pinning-service into bench/mock-service (npm ci)…')
  const install = spawnSync('npm', ['ci', '--prefix', DIR, '--ignore-scripts', '--no-audit', '--no-fund'], {
    stdio: 'inherit'
  })
  if (install.status !== 0) throw new Error(`npm ci in ${DIR} failed (exit ${install.status})`)
}

/** Starts the mock in a child process, holding the benchmark's first `count` pins. */
export async function startMockService (count: number): Promise<MockService> {
  ensureMockInstalled()
  const server = await startChildServer<{ port: number, pins: number, ids: string[] }>(SERVE, [String(count)])
  return {
    origin: `http://127.0.0.1:${server.info.port}`,
    pins: server.info.pins,
    ids: server.info.ids,
    stop: server.stop
  }
}
