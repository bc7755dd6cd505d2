import { nodeDelegates } from './identity/peer-id.ts'
import { createPinService } from './service/pin-service.ts'
import { createTokenService } from './service/token-service.ts'
import { createIdbPinStore } from './store/idb-pin-store.ts'
import { createIdbTokenStore } from './store/token-store.ts'
import type { PinService } from './service/pin-service.ts'
import type { TokenService } from './service/token-service.ts'
import type { ChangeKind } from './sync/change-feed.ts'
import type { DatabaseConnection } from './store/database.ts'

/** The pin and token rules on the service's database: what the API answers from, and what the page uses. */
export interface ServiceCore {
  pins: PinService
  tokens: TokenService
}

export interface ServiceCoreComponents {
  connection: DatabaseConnection
  /** Tells every context of the origin what changed (the engine, the UI of every tab). */
  notify(kind: ChangeKind): void
}

/** The one wiring of stores and services, shared by the service worker, the page and the Node tests. */
export function createServiceCore ({ connection, notify }: ServiceCoreComponents): ServiceCore {
  return {
    pins: createPinService({
      pins: createIdbPinStore(connection),
      delegates: nodeDelegates(connection),
      onChange: () => {
        notify('pins')
      }
    }),
    tokens: createTokenService({
      tokens: createIdbTokenStore(connection),
      onChange: () => {
        notify('tokens')
      }
    })
  }
}
