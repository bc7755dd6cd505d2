import { authenticate } from './auth.ts'
import { MethodNotAllowedError, NotFoundError } from './errors.ts'
import { DEFAULT_MAX_BODY_BYTES } from './limits.ts'
import { failure } from './respond.ts'
import { addPin, getPin, listPins, removePin, replacePin } from './routes.ts'
import type { Route } from './routes.ts'
import type { PinService } from '../service/pin-service.ts'
import type { TokenService } from '../service/token-service.ts'

/** The whole API as one function: a Request in, a Response out. No DOM, no storage, no network. */
export interface PinningApi {
  /** The path every API URL starts with, without a trailing slash (e.g. `/api/v1`). */
  readonly basePath: string
  /** Whether a URL is under the API's base path (and so must be answered by `handle`). */
  owns(url: URL): boolean
  handle(request: Request): Promise<Response>
}

export interface PinningApiComponents {
  pins: PinService
  tokens: TokenService
}

export interface PinningApiInit {
  /** Path prefix of the API; the spec's paths (`/pins`, `/pins/{requestid}`) follow it. */
  basePath: string
  maxBodyBytes?: number
}

const COLLECTION: Record<string, Route> = { GET: listPins, POST: addPin }
const ITEM: Record<string, Route> = { GET: getPin, POST: replacePin, DELETE: removePin }

export function createPinningApi ({ pins, tokens }: PinningApiComponents, init: PinningApiInit): PinningApi {
  const basePath = init.basePath.replace(/\/+$/, '')
  const maxBodyBytes = init.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES

  const owns = (url: URL): boolean => url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)

  async function handle (request: Request): Promise<Response> {
    try {
      const url = new URL(request.url)
      const { routes, requestid } = resolve(url.pathname.slice(basePath.length))
      const allowed = Object.keys(routes)
      if (request.method === 'OPTIONS') {
        return new Response(null, { status: 204, headers: { Allow: [...allowed, 'OPTIONS'].join(', ') } })
      }
      const route = routes[request.method]
      if (route === undefined) throw new MethodNotAllowedError(request.method, allowed)
      if (request.method !== 'GET') {
        await authenticate(request, tokens)
        return await route({ request, url, requestid, pins, maxBodyBytes })
      }
      // A read changes nothing: it starts beside the token check (one IndexedDB transaction each), and its
      // answer leaves only once the token is known to be good.
      const reading = route({ request, url, requestid, pins, maxBodyBytes })
      reading.catch(() => {})
      await authenticate(request, tokens)
      return await reading
    } catch (error) {
      return failure(error)
    }
  }

  return { basePath, owns, handle }
}

/** Maps the path below the base to the operations it offers. */
function resolve (path: string): { routes: Record<string, Route>, requestid: string } {
  if (path === '/pins' || path === '/pins/') return { routes: COLLECTION, requestid: '' }
  const match = /^\/pins\/([^/]+)\/?$/.exec(path)
  const encoded = match?.[1]
  if (encoded !== undefined) {
    try {
      return { routes: ITEM, requestid: decodeURIComponent(encoded) }
    } catch {
      throw new NotFoundError(`"${encoded}" is not a well-formed requestid`)
    }
  }
  throw new NotFoundError(
    `No API operation at "${
      path === '' ? '/' : path
    }"; the operations are GET and POST /pins and GET, POST and DELETE /pins/{requestid}`
  )
}
