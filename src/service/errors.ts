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
