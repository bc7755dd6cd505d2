import { RemoteRefusedError, RemoteUnauthorizedError, RemoteUnavailableError } from './errors.ts'
import { bodyText, remoteFetch, retryAfterOf } from './remote-fetch.ts'
import { PIN_STATES } from '../service/types.ts'
import type { Fetch } from './remote-fetch.ts'
import type { Pin, PinState } from '../service/types.ts'

/** A remote PinStatus, checked for what replication reads. */
export interface RemotePinStatus {
  requestid: string
  status: PinState
  pin: Pin
  info: Record<string, string>
}

export interface RemoteList {
  count: number
  results: RemotePinStatus[]
}

/** The spec's largest page. */
export const MAX_LIST_LIMIT = 1000
/** The spec's most CIDs per `cid` filter. */
export const MAX_CIDS_PER_LIST = 10
const ALL_STATES = PIN_STATES.join(',')

/** The Pinning Service API of one remote, as replication uses it. Errors are those of ./errors.ts. */
export interface PinningClient {
  add(pin: Pin): Promise<RemotePinStatus>
  /** Every pin of these CIDs (at most 10), in any status. */
  listByCid(cids: string[]): Promise<RemoteList>
  get(requestid: string): Promise<RemotePinStatus | undefined>
  /** Resolves `false` when the remote had no such pin (404), which is as good as removed. */
  remove(requestid: string): Promise<boolean>
  /** The smallest list request: whether the service answers and takes the token. */
  probe(): Promise<void>
}

export interface PinningClientInit {
  endpoint: string
  token: string
  timeoutMs: number
  signal: AbortSignal
}

export function createPinningClient (
  { fetch }: { fetch: Fetch },
  { endpoint, token, timeoutMs, signal }: PinningClientInit
): PinningClient {
  const host = new URL(endpoint).host
  const request = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const response = await remoteFetch(fetch, `${endpoint}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    }, { timeoutMs, signal })
    if (response.ok || response.status === 404) return response
    throw await failureOf(response, `${method} ${path.split('?')[0]}`, host)
  }

  return {
    async add (pin) {
      return pinStatusOf(await json(await request('POST', '/pins', pin), host), host)
    },
    async listByCid (cids) {
      const query = new URLSearchParams({ cid: cids.join(','), status: ALL_STATES, limit: String(MAX_LIST_LIMIT) })
      const response = await request('GET', `/pins?${query}`)
      if (response.status === 404) {
        throw new RemoteUnavailableError(
          `${host} has no /pins: is ${endpoint} the Pinning Service API base URL?`,
          'protocol'
        )
      }
      const body = await json(response, host)
      if (typeof body !== 'object' || body === null || !Array.isArray((body as { results?: unknown }).results)) {
        throw new RemoteUnavailableError(
          `${host} answered GET /pins with something that is not a PinResults object`,
          'protocol'
        )
      }
      const { count, results } = body as { count?: unknown, results: unknown[] }
      return {
        count: typeof count === 'number' ? count : results.length,
        results: results.map((status) => pinStatusOf(status, host))
      }
    },
    async get (requestid) {
      const response = await request('GET', `/pins/${encodeURIComponent(requestid)}`)
      if (response.status === 404) return undefined
      return pinStatusOf(await json(response, host), host)
    },
    async probe () {
      const response = await request('GET', `/pins?${new URLSearchParams({ status: ALL_STATES, limit: '1' })}`)
      if (response.status === 404) {
        throw new RemoteUnavailableError(
          `${host} has no /pins: is ${endpoint} the Pinning Service API base URL?`,
          'protocol'
        )
      }
      await response.body?.cancel()
    },
    async remove (requestid) {
      const response = await request('DELETE', `/pins/${encodeURIComponent(requestid)}`)
      await response.body?.cancel()
      return response.status !== 404
    }
  }
}

/** Sorts a failed answer: 401 stops, 429 and 5XX back off, other 4XX refuse with the service's own reason. */
async function failureOf (response: Response, what: string, host: string): Promise<Error> {
  const text = await bodyText(response, 1000)
  const reason = failureReason(text)
  const said = reason === '' ? '' : `: ${reason}`
  if (response.status === 401) {
    return new RemoteUnauthorizedError(
      `${host} refused the access token (401${said}): set a new token for this service`
    )
  }
  if (response.status === 429) {
    return new RemoteUnavailableError(`${host} asks to slow down (429${said})`, 'busy', retryAfterOf(response))
  }
  if (response.status >= 500) {
    return new RemoteUnavailableError(
      `${host} failed to answer ${what} (${response.status}${said})`,
      'server',
      retryAfterOf(response)
    )
  }
  if (response.status >= 400) {
    return new RemoteRefusedError(`${host} refused ${what} (${response.status}${said})`, response.status)
  }
  return new RemoteUnavailableError(`${host} answered ${what} with status ${response.status}`, 'protocol')
}

/** The spec's Failure `{error: {reason, details}}` as "REASON: details"; any other body as its first characters. */
export function failureReason (text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { reason?: unknown, details?: unknown } }
    const reason = typeof body.error?.reason === 'string' ? body.error.reason : ''
    const details = typeof body.error?.details === 'string' ? body.error.details : ''
    if (reason !== '' || details !== '') return [reason, details].filter((part) => part !== '').join(': ')
  } catch {
    // not JSON: said as it is, shortened
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}

async function json (response: Response, host: string): Promise<unknown> {
  try {
    return await response.json()
  } catch {
    throw new RemoteUnavailableError(`${host} answered with something that is not JSON`, 'protocol')
  }
}

function pinStatusOf (value: unknown, host: string): RemotePinStatus {
  const status = value as Partial<RemotePinStatus> | null
  if (
    typeof status !== 'object' || status === null || typeof status.requestid !== 'string' || status.requestid === '' ||
    !(PIN_STATES as readonly unknown[]).includes(status.status) || typeof status.pin?.cid !== 'string'
  ) {
    throw new RemoteUnavailableError(`${host} answered with something that is not a PinStatus`, 'protocol')
  }
  const info = typeof status.info === 'object' && status.info !== null ? status.info : {}
  return { requestid: status.requestid, status: status.status as PinState, pin: status.pin, info }
}
