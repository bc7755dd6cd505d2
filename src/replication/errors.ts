/**
 * How a remote service failed, sorted by what the replication does next: stop and ask for a token, give up on one
 * pin for a while, or back off from the whole service. Messages never hold a token or a header.
 */

/** 401 (or 403 from an upload API): the token is wrong or revoked; nothing is sent until a new one is set. */
export class RemoteUnauthorizedError extends Error {
  override name = 'RemoteUnauthorizedError'
}

/** Another 4XX: the service refused this request and said why; the same request would be refused again. */
export class RemoteRefusedError extends Error {
  override name = 'RemoteRefusedError'
  constructor (message: string, readonly status: number) {
    super(message)
  }
}

/** What kept the answer from arriving. `cors`: the service answered, but the browser withheld the answer. */
export type UnavailableKind = 'network' | 'timeout' | 'server' | 'busy' | 'cors' | 'protocol'

/** The service could not be reached or did not answer usefully (network, timeout, 5XX, 429, CORS, garbage). */
export class RemoteUnavailableError extends Error {
  override name = 'RemoteUnavailableError'
  constructor (message: string, readonly kind: UnavailableKind, readonly retryAfterMs?: number) {
    super(message)
  }
}

/** The engine is stopping: the request was cut on purpose and says nothing about the service. */
export class ReplicationStoppedError extends Error {
  override name = 'ReplicationStoppedError'
  constructor () {
    super('replication stopped')
  }
}
