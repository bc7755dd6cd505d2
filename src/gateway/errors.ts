/**
 * A gateway answer other than the content: the HTTP status, a plain sentence for a person, and any headers it
 * needs. The gateway turns these into text responses in one place (gateway.ts); they are never the app's HTML.
 */
export class GatewayError extends Error {
  override name = 'GatewayError'
  constructor (readonly status: number, message: string, readonly headers: Record<string, string> = {}) {
    super(message)
  }
}

export class BadGatewayRequestError extends GatewayError {
  override name = 'BadGatewayRequestError'
  constructor (message: string) {
    super(400, message)
  }
}

/** A block the answer needs is not in this node's store (nothing is ever fetched from the network here). */
export class NotHeldError extends GatewayError {
  override name = 'NotHeldError'
  constructor (readonly cid: string, path = '') {
    super(
      404,
      `${cid}${path} is not held by this node: only content pinned or imported here can be read, and this node fetches nothing to answer a request`
    )
  }
}

export class NoSuchPathError extends GatewayError {
  override name = 'NoSuchPathError'
  constructor (where: string, missing: string) {
    super(404, `${where} has no entry named "${missing}"`)
  }
}

export class NotAcceptableError extends GatewayError {
  override name = 'NotAcceptableError'
  constructor (accept: string) {
    super(
      406,
      `None of the types in "Accept: ${accept}" can be served; this gateway serves application/vnd.ipld.raw, application/vnd.ipld.car, the content itself, and DAG-JSON/DAG-CBOR/JSON/CBOR renderings`
    )
  }
}

/** `Cache-Control: only-if-cached` and the root block is not here (the path gateway spec's 412). */
export class NotCachedError extends GatewayError {
  override name = 'NotCachedError'
  constructor (cid: string) {
    super(412, `${cid} is not held by this node (only-if-cached)`)
  }
}

export class RangeNotSatisfiableError extends GatewayError {
  override name = 'RangeNotSatisfiableError'
  constructor (size: number) {
    super(416, `The requested range starts past the end of the content (${size} bytes)`, {
      'Content-Range': `bytes */${size}`
    })
  }
}

export class MethodNotAllowedError extends GatewayError {
  override name = 'MethodNotAllowedError'
  constructor (method: string) {
    super(405, `${method} is not supported: this gateway answers GET and HEAD`, { Allow: 'GET, HEAD' })
  }
}
