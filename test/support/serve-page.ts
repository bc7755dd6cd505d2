import { build, preview } from 'vite'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the built page served for the browser tests, e.g. http://127.0.0.1:41234 */
    pageOrigin: string
  }
}

/** Global setup of the browser tests: builds the page as `npm start` does and serves it on loopback. */
export default async function servePage (project: TestProject): Promise<() => Promise<void>> {
  await build({ logLevel: 'warn' })
  const server = await preview({ logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false } })
  const address = server.httpServer.address()
  if (address === null || typeof address === 'string') throw new Error('the page server has no TCP address')
  project.provide('pageOrigin', `http://127.0.0.1:${address.port}`)
  return async () => { await server.close() }
}
