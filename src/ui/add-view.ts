import { LitElement, css, html, nothing } from 'lit'
import { routeHref } from './route.ts'
import { base } from './theme.ts'
import './content-import.ts'
import './copy-button.ts'
import './pin-form.ts'
import type { PinForm } from './pin-form.ts'
import type { PinningService, PinStatus } from '../index.ts'

/** The Add view: pin a CID from the network, or add content from this computer. */
export class AddView extends LitElement {
  static override properties = {
    service: { attribute: false },
    added: { state: true }
  }

  declare service: PinningService | undefined
  /** The last pin made with the form, for the confirmation. */
  declare added: PinStatus | undefined

  static override styles = [
    base,
    css`
    /* minmax(0, 1fr): a long line of code inside must scroll, not widen the page. */
    :host { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; align-items: start; }
    @media (min-width: 64rem) { :host { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
    section { margin: 0; }
    .saved { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
  `
  ]

  override render () {
    return html`
      <section class="card" aria-labelledby="by-cid">
        <h2 id="by-cid">Pin a CID</h2>
        <p class="muted">The request is recorded at once; the engine then finds the content on the network (its origins first) and keeps it here.</p>
        ${
      this.added === undefined ? nothing : html`<div class="notice ok saved" role="status">
          <span>Pin requested for <code>${this.added.pin.cid}</code>.</span>
          <a href=${routeHref({ view: 'pins', requestid: this.added.requestid })}>See its progress</a>
        </div>`
    }
        <pin-form .service=${this.service} @pin-saved=${this.#saved}></pin-form>
      </section>
      <section class="card" aria-labelledby="from-computer">
        <h2 id="from-computer">Add from this computer</h2>
        <p class="muted">Files are imported into this browser's node (CIDv1, raw leaves) and pinned at once; no network is needed.</p>
        <content-import .service=${this.service}></content-import>
      </section>
    `
  }

  #saved (event: CustomEvent<PinStatus>): void {
    this.added = event.detail
    ;(event.target as PinForm).reset()
  }
}

customElements.define('add-view', AddView)

declare global {
  interface HTMLElementTagNameMap {
    'add-view': AddView
  }
}
