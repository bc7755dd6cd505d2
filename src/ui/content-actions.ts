import { LitElement, css, html, nothing } from 'lit'
import { contentLinks } from './content-links.ts'
import { base } from './theme.ts'
import './copy-button.ts'
import type { ContentTarget } from './content-links.ts'
import type { PinningService } from '../index.ts'

/**
 * Open, Download, Download CAR and Copy link for content the node holds, as plain links to the origin's gateway:
 * they work offline, and what opens runs sandboxed, never with this page's rights.
 */
export class ContentActions extends LitElement {
  static override properties = {
    service: { attribute: false },
    target: { attribute: false }
  }

  declare service: PinningService | undefined
  declare target: ContentTarget | undefined

  static override styles = [
    base,
    css`
    :host { display: block; }
    .actions a { white-space: nowrap; }
  `
  ]

  override render () {
    if (this.service === undefined || this.target === undefined) return nothing
    const links = contentLinks(this.service.content, this.target)
    const what = this.target.kind === 'folder'
      ? 'this folder'
      : this.target.kind === 'file'
      ? 'this file'
      : 'this object'
    return html`<div class="actions" role="group" aria-label="Get ${what}">
      <a class="button primary" href=${links.open} target="_blank" rel="noopener">Open<span class="visually-hidden"> ${what} in a new tab</span></a>
      ${
      links.download === undefined
        ? nothing
        : html`<a class="button" href=${links.download.href} download=${links.download.filename}>Download<span class="visually-hidden"> ${links.download.filename}</span></a>`
    }
      <a class="button" href=${links.car.href} download=${links.car.filename}>Download CAR<span class="visually-hidden"> of ${what}</span></a>
      <copy-button .value=${links.open} label="Copy link to ${what}" text="Copy link"></copy-button>
    </div>`
  }
}

customElements.define('content-actions', ContentActions)

declare global {
  interface HTMLElementTagNameMap {
    'content-actions': ContentActions
  }
}
