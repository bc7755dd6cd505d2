import { RemoteUnavailableError, ReplicationStoppedError } from './errors.ts'

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>

export interface RemoteFetchOptions {
  timeoutMs: number
  /** Aborted when the engine stops. */
  signal: AbortSignal
}

/** How long the CORS probe may take: it only has to learn whether anything answers. */
const PROBE_TIMEOUT_MS = 10_000

/**
 * A request to a remote service: no cookies, no cache, cut after `timeoutMs`. A failure before any answer is a
 * `RemoteUnavailableError` saying why; in a browser, a second request in `no-cors` mode tells a CORS refusal (the
 * service answers, the browser withholds it) from a service that cannot be reached at all.
 */
export async function remoteFetch (
  fetch: Fetch,
  url: string,
  init: RequestInit,
  options: RemoteFetchOptions
): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs)
  try {
    return await fetch(url, {
      ...init,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      signal: AbortSignal.any([options.signal, timeout])
    })
  } catch (error) {
    if (options.signal.aborted) throw new ReplicationStoppedError()
    const host = new URL(url).host
    if (timeout.aborted) {
      throw new RemoteUnavailableError(
        `${host} did not answer within ${Math.round(options.timeoutMs / 1000)} s`,
        'timeout'
      )
    }
    if (await answersWithoutCors(fetch, url, options.signal)) {
      throw new RemoteUnavailableError(
        `${host} answered, but the browser withheld the answer: the service does not allow requests from ${pageOrigin()} (CORS). ` +
          'It must answer preflight (OPTIONS) requests from this origin and allow the methods GET, POST and DELETE and the headers Authorization and Content-Type; see docs/replication.md',
        'cors'
      )
    }
    throw new RemoteUnavailableError(
      `${host} could not be reached (${
        reasonOf(error)
      }): the service is down, the address is wrong, or the network is off`,
      'network'
    )
  }
}

/** In a browser only: whether the URL answers a `no-cors` request (an opaque answer means it is up). */
async function answersWithoutCors (fetch: Fetch, url: string, stop: AbortSignal): Promise<boolean> {
  // Outside a browser (Node, tests of the loop) there is no CORS: a failed request means no answer.
  if (typeof (globalThis as { location?: unknown }).location !== 'object') return false
  try {
    const response = await fetch(url, {
      mode: 'no-cors',
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.any([stop, AbortSignal.timeout(PROBE_TIMEOUT_MS)])
    })
    return response.type === 'opaque' || response.ok
  } catch {
    return false
  }
}

function pageOrigin (): string {
  const location = (globalThis as { location?: { origin?: string } }).location
  return location?.origin ?? 'this page'
}

function reasonOf (error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  // Browsers say only "Failed to fetch"; Node names the cause.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined
  return cause === undefined ? message : `${message}: ${cause}`
}

/** Retry-After in ms (seconds or an HTTP date), capped at an hour; undefined when absent or unreadable. */
export function retryAfterOf (response: Response, now = Date.now()): number | undefined {
  const value = response.headers.get('retry-after')
  if (value === null) return undefined
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 3_600_000) : undefined
}

/** Up to `max` characters of a body, for messages; never fails. */
export async function bodyText (response: Response, max = 300): Promise<string> {
  try {
    const text = (await response.text()).trim()
    return text.length > max ? `${text.slice(0, max)}…` : text
  } catch {
    return ''
  }
}
