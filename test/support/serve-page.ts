import { build, preview } from 'vite'
import type { TestProject } from 'vitest/node'
import type { Plugin } from 'vite'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the built page served for the browser tests, e.g. http://127.0.0.1:41234 */
    pageOrigin: string
  }
}

/** Pages of the origin that are not the service's, for tests of other clients of the service worker. */
export const TEST_PAGES: Record<string, { type: string, body: string }> = {
  // A page of the origin that never starts the service: it has the worker only because the origin does.
  '/__test/blank.html': {
    type: 'text/html',
    body: '<!doctype html><html lang="en"><title>blank</title><body></body></html>'
  },
  // A dedicated worker that takes a list of requests and a time, says so, makes them at that time on its own
  // (messages from a busy page would not reach it), and reports back.
  '/__test/api-worker.js': {
    type: 'text/javascript',
    body: `onmessage = async ({ data }) => {
  postMessage('scheduled')
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, data.at - Date.now())))
  const answers = []
  for (const request of data.requests) {
    const response = await fetch(request.url, request.init)
    answers.push({ status: response.status, body: await response.text(), at: Date.now() })
  }
  postMessage(answers)
}`
  }
}

/** Serves TEST_PAGES beside the build, as a site would serve its own pages beside the service. */
export function testPagesPlugin (): Plugin {
  return {
    name: 'test-pages',
    configurePreviewServer (server) {
      server.middlewares.use((request, response, next) => {
        const page = TEST_PAGES[request.url?.split('?')[0] ?? '']
        if (page === undefined) {
          next()
          return
        }
        response.setHeader('Content-Type', page.type)
        response.end(page.body)
      })
    }
  }
}

/** Global setup of the browser tests: builds the page as `npm start` does and serves it on loopback. */
export default async function servePage (project: TestProject): Promise<() => Promise<void>> {
  await build({ logLevel: 'warn' })
  const server = await preview({
    logLevel: 'warn',
    plugins: [testPagesPlugin()],
    preview: { host: '127.0.0.1', port: 0, strictPort: false }
  })
  const address = server.httpServer.address()
  if (address === null || typeof address === 'string') throw new Error('the page server has no TCP address')
  project.provide('pageOrigin', `http://127.0.0.1:${address.port}`)
  return async () => {
    await server.close()
  }
}
