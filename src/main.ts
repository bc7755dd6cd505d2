/** The standalone page: starts the service, exposes it to scripts and tests, then shows it. */
import { startPinningService } from './index.ts'
import type { PinningService } from './index.ts'

declare global {
  interface Window {
    /** Set once the worker controls the page and the API answers (docs/decisions.md, 10). */
    pinningService?: PinningService
  }
}

// The UI (Lit and every view) loads once the service answers: on a first visit its download would compete
// with the service worker's, which every client of the origin is waiting for. index.html says what happens
// meanwhile.
const app = document.querySelector('pinning-service-app')
try {
  const service = await startPinningService()
  window.pinningService = service
  window.dispatchEvent(new CustomEvent('pinning-service-ready'))
  await import('./ui/pinning-service-app.ts')
  if (app !== null) app.service = service
} catch (error) {
  console.error('pinning service failed to start', error)
  await import('./ui/pinning-service-app.ts').catch(() => {})
  if (app !== null) app.startError = error instanceof Error ? error.message : String(error)
}
