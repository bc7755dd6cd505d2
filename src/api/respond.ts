import { ApiError, ServiceUnavailableError } from './errors.ts'
import { PinNotFoundError, ServiceNotReadyError } from '../service/errors.ts'

const JSON_HEADERS = { 'Content-Type': 'application/json' }

export function json (status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS })
}

/** 202 with no body, as DELETE answers. */
export function accepted (): Response {
  return new Response(null, { status: 202 })
}

/** The one place where an error becomes a spec `Failure` response. */
export function failure (error: unknown): Response {
  const apiError = toApiError(error)
  return new Response(JSON.stringify({ error: { reason: apiError.reason, details: apiError.message } }), {
    status: apiError.status,
    headers: { ...JSON_HEADERS, ...apiError.headers }
  })
}

function toApiError (error: unknown): ApiError {
  if (error instanceof ApiError) return error
  if (error instanceof PinNotFoundError) return new ApiError(404, 'NOT_FOUND', error.message)
  // Passing states (an update taking over, an identity being made): nothing was written; the client may retry.
  if (error instanceof ServiceNotReadyError) return new ServiceUnavailableError(error.message)
  if (isAbort(error)) {
    // The browser aborted a database transaction (its storage under pressure, the database closing): all of it
    // was undone, so the request may simply be sent again.
    return new ServiceUnavailableError('The browser aborted the database write')
  }
  if (isQuotaError(error)) {
    // A 4XX a client can act on (the spec's 409 is "out of funds"; this is out of room), and nothing was stored.
    return new ApiError(
      409,
      'INSUFFICIENT_STORAGE',
      'The browser refused to store more for this site (its storage quota is used up); nothing was stored. Free space by deleting pins, or let the browser keep more for this site'
    )
  }
  console.error('pinning service: unexpected error', error)
  const details = error instanceof Error && error.message !== '' ? error.message : String(error)
  return new ApiError(500, 'INTERNAL_SERVER_ERROR', `Unexpected error: ${details}`)
}

function isAbort (error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError'
}

function isQuotaError (error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'QuotaExceededError'
}
