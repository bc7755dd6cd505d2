import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import type { Plugin, Rollup } from 'vite'

/** The service worker's source, and the file it becomes at the site root (its scope must cover every page). */
const ENTRY = 'src/sw/service-worker.ts'
const OUTPUT = 'pinning-service-worker.js'

/**
 * Builds the service worker as one classic script (every browser runs those; module workers and their
 * imports are not everywhere yet) beside the page's build, and serves it from the dev server too.
 */
export function serviceWorkerPlugin (): Plugin {
  let root = process.cwd()
  let mode = 'production'
  return {
    name: 'pinning-service-worker',
    configResolved (config) {
      root = config.root
      mode = config.mode
    },
    async generateBundle () {
      this.emitFile({ type: 'asset', fileName: OUTPUT, source: await bundleWorker(root, mode, true) })
    },
    configureServer (server) {
      let bundled: Promise<string> | undefined
      // Any source change may reach the worker: build it again on its next request (an update check).
      server.watcher.on('change', () => {
        bundled = undefined
      })
      server.middlewares.use((request, response, next) => {
        if (request.url?.split('?')[0] !== `/${OUTPUT}`) {
          next()
          return
        }
        bundled ??= bundleWorker(root, mode, false)
        bundled.then((code) => {
          response.setHeader('Content-Type', 'text/javascript')
          response.setHeader('Cache-Control', 'no-cache')
          response.end(code)
        }, (error: unknown) => {
          bundled = undefined
          next(error)
        })
      })
    }
  }
}

async function bundleWorker (root: string, mode: string, minify: boolean): Promise<string> {
  const result = await build({
    configFile: false,
    root,
    mode,
    logLevel: 'warn',
    // See default-suffix-rule.ts: the worker needs no Public Suffix List.
    resolve: { alias: { tldts: fileURLToPath(new URL('./default-suffix-rule.ts', import.meta.url)) } },
    build: {
      write: false,
      target: 'es2022',
      minify,
      sourcemap: minify ? false : 'inline',
      lib: { entry: ENTRY, formats: ['iife'], name: 'pinningServiceWorker', fileName: () => OUTPUT }
    }
  })
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[]
  const entry = outputs.flatMap((output) => output.output).find((chunk): chunk is Rollup.OutputChunk =>
    chunk.type === 'chunk' && chunk.isEntry
  )
  if (entry === undefined) throw new Error(`building ${ENTRY} produced no script`)
  return entry.code
}
