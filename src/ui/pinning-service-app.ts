import { LitElement, css, html } from 'lit'
import type { PinningService } from '../index.ts'

/** The page's root element: for now, what the service is and where its API answers. */
export class PinningServiceApp extends LitElement {
  static override properties = {
    service: { attribute: false },
    startError: { attribute: false }
  }

  declare service: PinningService | undefined
  declare startError: string | undefined

  static override styles = css`
    :host { display: block; font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
    code { background: #f3f3f3; padding: 0 .25em; border-radius: 3px; word-break: break-all; }
    .error { color: #b00020; }
  `

  override render () {
    if (this.startError !== undefined) return html`<h1>Pinning service</h1><p class="error" role="alert">The service could not start: ${this.startError}</p>`
    if (this.service === undefined) return html`<h1>Pinning service</h1><p>Starting…</p>`
    return html`
      <h1>Pinning service</h1>
      <p>The IPFS Pinning Service API answers in this page at <code>${this.service.endpoint}</code>.</p>
      <p>Peer id: <code>${this.service.peerId}</code></p>
    `
  }
}

customElements.define('pinning-service-app', PinningServiceApp)

declare global {
  interface HTMLElementTagNameMap {
    'pinning-service-app': PinningServiceApp
  }
}
