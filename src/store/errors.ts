import { ServiceNotReadyError } from '../service/errors.ts'

/**
 * A newer version of the service has upgraded the database: this code cannot read or write it any more. A page
 * that sees it must be reloaded; a service worker that sees it is about to be replaced by the new one.
 */
export class DatabaseOutdatedError extends ServiceNotReadyError {
  override name = 'DatabaseOutdatedError'
  constructor (readonly databaseName: string) {
    super(
      `A newer version of the service has upgraded its database "${databaseName}"; this copy of the service is out of date (reload the page)`
    )
  }
}

/** Opening the database waits for an upgrade that another open tab of an older version still holds up. */
export class DatabaseBlockedError extends ServiceNotReadyError {
  override name = 'DatabaseBlockedError'
  constructor (readonly databaseName: string) {
    super(
      `The database "${databaseName}" is being upgraded and waits for an open tab of an older version of the service to close`
    )
  }
}
