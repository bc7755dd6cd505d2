/**
 * Errors that know their HTTP shape. `reason` is the machine code of the spec's `Failure` body,
 * `message` its human `details`.
 */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor (
    readonly status: number,
    readonly reason: string,
    details: string,
    readonly headers: Record<string, string> = {}
  ) {
    super(details)
  }
}

export class BadRequestError extends ApiError {
  override name = 'BadRequestError'
  constructor (details: string) {
    super(400, 'BAD_REQUEST', details)
  }
}

export class UnauthorizedError extends ApiError {
  override name = 'UnauthorizedError'
  constructor (details: string) {
    super(401, 'UNAUTHORIZED', details, { 'WWW-Authenticate': 'Bearer' })
  }
}

export class NotFoundError extends ApiError {
  override name = 'NotFoundError'
  constructor (details: string) {
    super(404, 'NOT_FOUND', details)
  }
}

export class MethodNotAllowedError extends ApiError {
  override name = 'MethodNotAllowedError'
  constructor (method: string, allowed: readonly string[]) {
    super(405, 'METHOD_NOT_ALLOWED', `${method} is not supported here; allowed: ${allowed.join(', ')}`, {
      Allow: allowed.join(', ')
    })
  }
}

export class PayloadTooLargeError extends ApiError {
  override name = 'PayloadTooLargeError'
  constructor (limitBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limitBytes} bytes`)
  }
}

/** The service cannot answer for a moment (an update is taking over); nothing was changed. */
export class ServiceUnavailableError extends ApiError {
  override name = 'ServiceUnavailableError'
  constructor (details: string, retryAfterSeconds = 1) {
    super(503, 'SERVICE_UNAVAILABLE', `${details}; nothing was changed, retry in a moment`, {
      'Retry-After': String(retryAfterSeconds)
    })
  }
}
