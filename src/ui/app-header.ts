import { LitElement, css, html, nothing } from 'lit'
import { base } from './theme.ts'
import './copy-button.ts'
import './engine-state.ts'
import type { PinningService } from '../index.ts'

/** The page's header: what this is, where its API answers, and the engine's state. */
export class AppHeader extends LitElement {
  static override properties = {
    service: { attribute: false }
  }

  declare service: PinningService | undefined

  static override styles = [
    base,
    css`
    :host { display: block; background: var(--surface); border-bottom: 1px solid var(--border); }
    .inner { max-width: 75rem; margin: 0 auto; padding: .875rem 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; }
    h1 { font-size: 1.25rem; margin: 0; display: flex; align-items: center; gap: .5rem; }
    .logo { width: 1.5rem; height: 1.5rem; flex: none; }
    .endpoint { display: flex; align-items: center; gap: .5rem; min-width: 0; flex: 1 1 22rem; }
    .endpoint code { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; background: var(--surface-2); padding: .1875rem .5rem; border-radius: 4px; }
    .label { color: var(--muted); font-size: .875rem; }
  `
  ]

  override render () {
    const service = this.service
    return html`<div class="inner">
      <h1><svg class="logo" viewBox="0 0 24 24" aria-hidden="true"><path fill="#0b5cad" d="M12 1.5 21.5 7v10L12 22.5 2.5 17V7z"/><path fill="#fff" d="M12 6.5 16.5 9v5.5L12 17l-4.5-2.5V9z" opacity=".9"/></svg>Pinning service</h1>
      ${
      service === undefined ? nothing : html`
        <div class="endpoint"><span class="label">API</span><code title=${service.endpoint}>${service.endpoint}</code>
          <copy-button .value=${service.endpoint} label="Copy API endpoint"></copy-button></div>
        <engine-state .engine=${service.engine}></engine-state>`
    }
    </div>`
  }
}

customElements.define('app-header', AppHeader)

declare global {
  interface HTMLElementTagNameMap {
    'app-header': AppHeader
  }
}
