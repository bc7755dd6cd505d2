/** The pin request named by a requestid does not exist (or no longer exists). */
export class PinNotFoundError extends Error {
  override name = 'PinNotFoundError'
  constructor (readonly requestid: string) {
    super(`No pin request with requestid "${requestid}"`)
  }
}

/** A token label, or another argument of the service object, is not acceptable. */
export class InvalidArgumentError extends Error {
  override name = 'InvalidArgumentError'
}

/**
 * A passing state stops the service for now (an update taking over the database, the node's identity not made
 * yet): nothing was written and the same call may simply be made again. The API answers 503.
 */
export class ServiceNotReadyError extends Error {
  override name = 'ServiceNotReadyError'
}
