// Runs a real client of the pinning API, @helia/remote-pinning 2 on a Node Helia 5 node that holds the
// content (remote-pinning-node.js), as a Node process of its own, and returns what it saw. This folder is
// a package of its own: Helia 5 / libp2p 2 cannot share the project's Helia 7 / libp2p 3 install.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensurePackageInstalled, runCommand } from '../support/child-package.ts'

const HERE = dirname(fileURLToPath(import.meta.url))
const PROGRAM = join(HERE, 'remote-pinning-node.js')

/**
 * @param {import('./remote-pinning-client.d.ts').RemotePinningOptions} options
 * @returns {Promise<import('./remote-pinning-client.d.ts').RemotePinningResult>}
 */
export async function pinWithRemotePinning ({ endpoint, token, bytes, name, timeoutMs = 60_000 }) {
  if (typeof token !== 'string' || token === '') {
    throw new Error('pinWithRemotePinning: token must be a non-empty string')
  }
  await ensurePackageInstalled(HERE, '@helia/remote-pinning/package.json')
  // The token goes on stdin, not argv, where other processes could read it.
  const input = JSON.stringify({ endpoint, token, name, timeoutMs, bytes: Buffer.from(bytes).toString('base64') })
  // Node 24 strips the types of the project's traffic guard the program imports; silence its notice.
  const args = ['--disable-warning=ExperimentalWarning', PROGRAM]
  const { code, stdout, stderr } = await runCommand(process.execPath, args, {
    cwd: HERE,
    input,
    timeoutMs: timeoutMs + 30_000,
    label: 'remote-pinning client'
  })
  if (code !== 0) throw new Error(`remote-pinning client exited ${code}:\n${stderr.slice(-4000)}`)
  return JSON.parse(stdout)
}
