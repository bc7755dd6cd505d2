import { DEFAULT_MAX_BODY_BYTES } from './api/limits.ts'
import { DEFAULT_DATABASE_NAME } from './store/database.ts'

/** Where the API lives on the page's origin; the spec's `/pins` paths follow it. */
export const DEFAULT_API_BASE_PATH = '/api/v1'
/** Where the node's content is served on the page's origin: `<origin>/ipfs/<cid>/…`. */
export const DEFAULT_GATEWAY_BASE_PATH = '/ipfs'
/** The service worker script, at the site root so that its scope covers every page of the origin. */
export const DEFAULT_WORKER_SCRIPT = '/pinning-service-worker.js'

export interface PinningServiceOptions {
  /** Path of the API on this origin. Default: `/api/v1`, so the endpoint is `<origin>/api/v1`. */
  apiBasePath?: string
  /** Path under which the node's content is served: `<origin>/ipfs/<cid>/…` by default. */
  gatewayBasePath?: string
  /** IndexedDB database holding pins, tokens and settings. Default: `in-page-pinning-service`. */
  databaseName?: string
  /**
   * The service worker script that answers the API. Default: `/pinning-service-worker.js`. The options it must
   * share with the page (base path, database, body limit, logging) are added to its query string.
   */
  workerScript?: string
  /** Largest accepted request body in bytes. Default: 1 MiB. */
  maxBodyBytes?: number
  /** Log each API request the service worker answers to its console. Default: false. */
  logRequests?: boolean
}

export type ResolvedOptions = Required<PinningServiceOptions>

/** What the service worker must know to answer like the page expects; it reads it from its script URL. */
export type WorkerConfig = Pick<
  ResolvedOptions,
  'apiBasePath' | 'gatewayBasePath' | 'databaseName' | 'maxBodyBytes' | 'logRequests'
>

export function resolveOptions (options: PinningServiceOptions = {}): ResolvedOptions {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new TypeError(`maxBodyBytes must be a positive whole number; got ${maxBodyBytes}`)
  }
  const databaseName = options.databaseName ?? DEFAULT_DATABASE_NAME
  if (databaseName === '') throw new TypeError('databaseName must not be empty')
  const apiBasePath = checkBasePath('apiBasePath', options.apiBasePath ?? DEFAULT_API_BASE_PATH)
  const gatewayBasePath = checkBasePath('gatewayBasePath', options.gatewayBasePath ?? DEFAULT_GATEWAY_BASE_PATH)
  if (
    gatewayBasePath === '' || apiBasePath === '' || isWithin(apiBasePath, gatewayBasePath) ||
    isWithin(gatewayBasePath, apiBasePath)
  ) {
    throw new TypeError(
      `apiBasePath (${apiBasePath || '/'}) and gatewayBasePath (${
        gatewayBasePath || '/'
      }) must be two separate paths below the site root`
    )
  }
  return {
    apiBasePath,
    gatewayBasePath,
    databaseName,
    workerScript: options.workerScript ?? DEFAULT_WORKER_SCRIPT,
    maxBodyBytes,
    logRequests: options.logRequests ?? false
  }
}

function checkBasePath (option: string, given: string): string {
  if (!given.startsWith('/') || given.includes('?') || given.includes('#')) {
    throw new TypeError(
      `${option} must be a path starting with "/", such as ${
        option === 'apiBasePath' ? DEFAULT_API_BASE_PATH : DEFAULT_GATEWAY_BASE_PATH
      }; got "${given}"`
    )
  }
  return given.replace(/\/+$/, '')
}

function isWithin (path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`)
}

/** The worker script's URL with the page's settings in its query string (a new setting is a new worker). */
export function workerUrlOf (options: ResolvedOptions): string {
  const query = new URLSearchParams({
    api: options.apiBasePath,
    gw: options.gatewayBasePath,
    db: options.databaseName,
    maxBody: String(options.maxBodyBytes)
  })
  if (options.logRequests) query.set('log', '1')
  return `${options.workerScript}?${query}`
}

/** The service worker's side of `workerUrlOf`: anything missing takes the defaults. */
export function workerConfigFrom (scriptUrl: URL): WorkerConfig {
  const query = scriptUrl.searchParams
  const { apiBasePath, gatewayBasePath, databaseName, maxBodyBytes } = resolveOptions({
    ...(query.has('api') ? { apiBasePath: query.get('api') as string } : {}),
    ...(query.has('gw') ? { gatewayBasePath: query.get('gw') as string } : {}),
    ...(query.has('db') ? { databaseName: query.get('db') as string } : {}),
    ...(query.has('maxBody') ? { maxBodyBytes: Number(query.get('maxBody')) } : {})
  })
  return { apiBasePath, gatewayBasePath, databaseName, maxBodyBytes, logRequests: query.get('log') === '1' }
}

/** IndexedDB databases of the node's blocks and of Helia's datastore (its pins), named after the service's. */
export function blockstoreName (databaseName: string): string {
  return `${databaseName}-blocks`
}

export function datastoreName (databaseName: string): string {
  return `${databaseName}-data`
}
