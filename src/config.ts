import { DEFAULT_MAX_BODY_BYTES } from './api/limits.ts'
import { DEFAULT_DATABASE_NAME } from './store/database.ts'

/** Where the API lives on the page's origin; the spec's `/pins` paths follow it. */
export const DEFAULT_API_BASE_PATH = '/api/v1'
/**
 * The service's worker script at the site root (so its scope covers the API): msw's generated worker, kept to
 * the API's requests so every other request goes straight to the network. It learns the API path from its URL.
 */
export function defaultWorkerUrl (apiBasePath: string): string {
  return `/pinning-service-worker.js?api=${encodeURIComponent(apiBasePath)}`
}

export interface PinningServiceOptions {
  /** Path of the API on this origin. Default: `/api/v1`, so the endpoint is `<origin>/api/v1`. */
  apiBasePath?: string
  /** IndexedDB database holding pins, tokens and settings. Default: `in-page-pinning-service`. */
  databaseName?: string
  /**
   * URL of the service worker script. Default: `/pinning-service-worker.js?api=<apiBasePath>`, which imports
   * msw's `/mockServiceWorker.js`. msw's script alone also works, with every request passing through it.
   */
  workerUrl?: string
  /** Largest accepted request body in bytes. Default: 1 MiB. */
  maxBodyBytes?: number
  /** Log each intercepted request to the console (msw's own logging). Default: false. */
  logRequests?: boolean
}

export type ResolvedOptions = Required<PinningServiceOptions>

export function resolveOptions (options: PinningServiceOptions = {}): ResolvedOptions {
  const givenBasePath = options.apiBasePath ?? DEFAULT_API_BASE_PATH
  if (!givenBasePath.startsWith('/') || givenBasePath.includes('?') || givenBasePath.includes('#')) {
    throw new TypeError(`apiBasePath must be a path starting with "/", such as ${DEFAULT_API_BASE_PATH}; got "${givenBasePath}"`)
  }
  const apiBasePath = givenBasePath.replace(/\/+$/, '')
  return {
    apiBasePath,
    databaseName: options.databaseName ?? DEFAULT_DATABASE_NAME,
    workerUrl: options.workerUrl ?? defaultWorkerUrl(apiBasePath),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    logRequests: options.logRequests ?? false
  }
}

/** IndexedDB databases of the node's blocks and of Helia's datastore (its pins), named after the service's. */
export function blockstoreName (databaseName: string): string {
  return `${databaseName}-blocks`
}

export function datastoreName (databaseName: string): string {
  return `${databaseName}-data`
}
