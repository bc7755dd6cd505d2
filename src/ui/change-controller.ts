import { createThrottle } from './throttle.ts'
import type { Throttle } from './throttle.ts'
import type { ChangeKind, PinningService } from '../index.ts'
import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** Re-queries run at most this often however fast notices arrive (a busy engine sends many). */
export const REFRESH_INTERVAL_MS = 300

/**
 * Keeps a view in step with the service: `load` runs when the host connects and again (throttled) after
 * each change notice of the given kinds, from this tab, another tab or the engine.
 */
export class ChangeController implements ReactiveController {
  readonly #host: ReactiveControllerHost
  readonly #kinds: ReadonlySet<ChangeKind>
  readonly #service: () => PinningService | undefined
  readonly #throttle: Throttle
  #unsubscribe: (() => void) | undefined

  constructor (
    host: ReactiveControllerHost,
    service: () => PinningService | undefined,
    kinds: ChangeKind[],
    load: () => Promise<void>
  ) {
    this.#host = host
    this.#service = service
    this.#kinds = new Set(kinds)
    this.#throttle = createThrottle(load, REFRESH_INTERVAL_MS)
    host.addController(this)
  }

  hostConnected (): void {
    if (this.#subscribe()) this.#throttle.request()
  }

  hostDisconnected (): void {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    this.#throttle.cancel()
  }

  /** Loads now, e.g. after the person changed what is shown; also (re)subscribes once a service is set. */
  async refresh (): Promise<void> {
    this.#subscribe()
    await this.#throttle.now()
    this.#host.requestUpdate()
  }

  /** True when it subscribed just now (there is a service, and it was not subscribed yet). */
  #subscribe (): boolean {
    const service = this.#service()
    if (service === undefined || this.#unsubscribe !== undefined) return false
    this.#unsubscribe = service.changes.subscribe((kind) => {
      if (this.#kinds.has(kind)) this.#throttle.request()
    })
    return true
  }
}
