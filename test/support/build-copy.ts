import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { preview } from 'vite'
import { testPagesPlugin } from './serve-page.ts'

export interface BuildCopy {
  /** e.g. http://127.0.0.1:41234 */
  origin: string
  /** Makes the served service worker a new build (different bytes), as a deployment would. */
  deployNewWorker(marker: string): Promise<void>
  /** Takes the worker's script away (404), as a broken deployment or a server hiccup would. */
  removeWorker(): Promise<void>
  close(): Promise<void>
}

/**
 * Serves a private copy of the page's build (dist/, built by the browser tests' global setup) on its own origin,
 * so that a test can deploy a new build over it without touching the build every other test uses.
 */
export async function serveBuildCopy (): Promise<BuildCopy> {
  const outDir = await mkdtemp(join(tmpdir(), 'pinning-build-copy-'))
  await cp('dist', outDir, { recursive: true })
  const server = await preview({
    logLevel: 'warn',
    plugins: [testPagesPlugin()],
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false }
  })
  const address = server.httpServer.address()
  if (address === null || typeof address === 'string') throw new Error('the copy has no TCP address')
  return {
    origin: `http://127.0.0.1:${address.port}`,
    deployNewWorker: async (marker) => {
      await appendFile(join(outDir, 'pinning-service-worker.js'), `\n// ${marker}\n`)
    },
    removeWorker: async () => {
      await rm(join(outDir, 'pinning-service-worker.js'))
    },
    close: async () => {
      await server.close()
      await rm(outDir, { recursive: true, force: true })
    }
  }
}
