import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, preview } from 'vite'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface Asset {
  /** Path under the site root, e.g. /assets/index-abc.js */
  path: string
  bytes: number
  /** gzip -6, what a typical static server sends. */
  gzipBytes: number
}

export interface BuiltPage {
  /** e.g. http://127.0.0.1:41234 */
  origin: string
  /** Every JavaScript file of the build. */
  scripts: Asset[]
  /** The page's entry chunk and everything it imports statically: what must load before any of it runs. */
  entryScripts: string[]
  close(): Promise<void>
}

/**
 * Builds the page as `npm start` does, into a private folder (others' test runs build into dist/ meanwhile),
 * and serves it with vite preview on loopback. `root` is another checkout for the baseline build.
 */
export async function buildAndServePage (root = REPO_ROOT): Promise<BuiltPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'pinning-bench-dist-'))
  try {
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, manifest: true } })
  } catch (error) {
    // A failed build (a baseline that does not build) leaves no folder behind.
    await rm(outDir, { recursive: true, force: true })
    throw error
  }
  const server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false }
  })
  const address = server.httpServer.address()
  if (address === null || typeof address === 'string') throw new Error('the page server has no TCP address')
  return {
    origin: `http://127.0.0.1:${address.port}`,
    scripts: await scriptsOf(outDir),
    entryScripts: await entryClosure(outDir),
    close: async () => {
      await server.close()
      await rm(outDir, { recursive: true, force: true })
    }
  }
}

async function scriptsOf (outDir: string): Promise<Asset[]> {
  const files = await readdir(outDir, { recursive: true })
  const scripts = files.filter((file) => file.endsWith('.js'))
  return Promise.all(scripts.map(async (file) => {
    const bytes = await readFile(join(outDir, file))
    return {
      path: `/${relative(outDir, join(outDir, file)).split('\\').join('/')}`,
      bytes: bytes.length,
      gzipBytes: gzipSync(bytes, { level: 6 }).length
    }
  }))
}

interface ManifestChunk {
  file: string
  isEntry?: boolean
  imports?: string[]
}

/** The entry's static import closure, from Vite's build manifest (dynamic imports excluded). */
async function entryClosure (outDir: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >
  const seen = new Set<string>()
  const visit = (key: string) => {
    const chunk = manifest[key]
    if (chunk === undefined || seen.has(key)) return
    seen.add(key)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry === true) visit(key)
  return [...seen].map((key) => `/${(manifest[key] as ManifestChunk).file}`)
}
