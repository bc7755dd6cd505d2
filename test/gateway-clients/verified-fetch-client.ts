// Runs @helia/verified-fetch (verified-fetch-node.js) as a Node process of its own against a gateway URL.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensurePackageInstalled, runCommand } from '../support/child-package.ts'

const HERE = dirname(fileURLToPath(import.meta.url))

export interface VerifiedAnswer {
  url: string
  status: number
  contentType: string | null
  length: number
  sha256: string
}

export interface VerifiedFetchRun {
  answers: VerifiedAnswer[]
  version: string
  /** Anything the client process tried to reach beyond loopback. */
  outbound: string[]
}

export async function fetchWithVerifiedFetch (gateway: string, urls: string[]): Promise<VerifiedFetchRun> {
  await ensurePackageInstalled(HERE, '@helia/verified-fetch/package.json')
  const args = ['--disable-warning=ExperimentalWarning', join(HERE, 'verified-fetch-node.js')]
  const { code, stdout, stderr } = await runCommand(process.execPath, args, {
    cwd: HERE,
    input: JSON.stringify({ gateway, urls }),
    timeoutMs: 180_000,
    label: 'verified-fetch client'
  })
  if (code !== 0) throw new Error(`verified-fetch client exited ${code}:\n${stderr.slice(-4000)}`)
  return JSON.parse(stdout) as VerifiedFetchRun
}
