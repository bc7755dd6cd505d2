import { LitElement, css, html, nothing } from 'lit'
import { messageOf } from './format.ts'
import { base } from './theme.ts'
import './content-actions.ts'
import './content-preview.ts'
import './folder-listing.ts'
import type { ContentTarget } from './content-links.ts'
import type { ContentStat, FolderEntry, PinningService } from '../index.ts'

/**
 * What a pin holds, browsed in the page: Open, Download, Download CAR and Copy link for the place shown; a
 * folder's entries (into sub-folders and back up); a file's preview. Starts at the pin's root.
 */
export class PinContent extends LitElement {
  static override properties = {
    service: { attribute: false },
    cid: {},
    name: {},
    segments: { state: true },
    stat: { state: true },
    problem: { state: true }
  }

  declare service: PinningService | undefined
  declare cid: string
  /** The root's name: the pin's name, or its CID. */
  declare name: string
  /** Where in the DAG the person is: names from the root down. */
  declare segments: string[]
  declare stat: ContentStat | undefined
  declare problem: string | undefined
  #generation = 0
  /** Set by a move the person made, so that focus follows them to the new place. */
  #moved = false

  constructor () {
    super()
    this.cid = ''
    this.name = ''
    this.segments = []
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    section { margin-top: 1rem; padding-top: .75rem; border-top: 1px solid var(--border); }
    h3 { margin-bottom: .5rem; }
    h3:focus { outline: none; }
    ol.crumbs { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; margin: 0 0 .5rem; padding: 0; overflow-wrap: anywhere; }
    ol.crumbs li + li::before { content: '/'; color: var(--muted); margin-right: .25rem; }
    ol.crumbs button.link { font-size: inherit; text-align: left; }
    .where { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: .5rem; }
    [aria-current] { font-weight: 600; }
    [aria-current]:focus { outline: none; }
    .kind { margin: 0 0 .5rem; }
  `
  ]

  override willUpdate (changed: Map<string, unknown>): void {
    if (changed.has('cid')) this.segments = []
    if (changed.has('cid') || changed.has('segments') || changed.has('service')) void this.#load()
  }

  override updated (): void {
    if (this.#moved && this.stat !== undefined) {
      this.#moved = false
      this.renderRoot.querySelector<HTMLElement>(this.segments.length === 0 ? 'h3' : '[aria-current]')?.focus()
    }
  }

  async #load (): Promise<void> {
    const service = this.service
    if (service === undefined || this.cid === '') return
    const generation = ++this.#generation
    this.stat = undefined
    this.problem = undefined
    try {
      const stat = await service.content.stat(this.cid, this.segments.join('/'))
      if (generation === this.#generation) this.stat = stat
    } catch (error) {
      if (generation === this.#generation) {
        this.problem = `Could not read ${
          this.segments.length === 0 ? 'this pin' : `“${this.segments.join('/')}”`
        } from the node's storage: ${messageOf(error)}`
      }
    }
  }

  #go (segments: string[]): void {
    this.#moved = true
    this.segments = segments
  }

  override render () {
    const path = this.segments.join('/')
    const stat = this.stat
    const target: ContentTarget | undefined = stat === undefined
      ? undefined
      : { cid: this.cid, path, name: this.segments.at(-1) ?? this.name, kind: stat.kind }
    return html`<section aria-labelledby="content-title">
      <h3 id="content-title" tabindex="-1">Content</h3>
      ${this.segments.length === 0 ? nothing : this.#where()}
      ${
      this.problem !== undefined
        ? html`<p class="notice error" role="alert">${this.problem}</p>`
        : target === undefined
        ? html`<p class="muted" role="status">Reading what this is from the node's storage…</p>`
        : html`
            <content-actions .service=${this.service} .target=${target}></content-actions>
            ${
          target.kind === 'folder'
            ? html`<folder-listing .service=${this.service} cid=${this.cid} path=${path} @open-entry=${(
              event: CustomEvent<FolderEntry>
            ) => {
              this.#go([...this.segments, event.detail.name])
            }}></folder-listing>`
            : target.kind === 'file'
            ? html`<content-preview url=${
              this.service?.content.url(this.cid, path) ?? ''
            } name=${target.name}></content-preview>`
            : html`<p class="hint">An IPLD object (DAG-CBOR or DAG-JSON): Open shows it as DAG-JSON text.</p>`
        }`
    }
    </section>`
  }

  /** Where the person is, each folder on the way a button back to it, and the way up. */
  #where () {
    const up = this.segments.slice(0, -1)
    return html`<div class="where">
      <nav aria-label="Where you are in this pin"><ol class="crumbs">
        <li><button type="button" class="link" @click=${() => {
      this.#go([])
    }}>${this.name}</button></li>
        ${
      this.segments.map((segment, i) =>
        i === this.segments.length - 1
          ? html`<li aria-current="location" tabindex="-1">${segment}</li>`
          : html`<li><button type="button" class="link" @click=${() => {
            this.#go(this.segments.slice(0, i + 1))
          }}>${segment}</button></li>`
      )
    }
      </ol></nav>
      <button type="button" @click=${() => {
      this.#go(up)
    }}>Up to ${up.at(-1) ?? this.name}</button>
    </div>`
  }
}

customElements.define('pin-content', PinContent)

declare global {
  interface HTMLElementTagNameMap {
    'pin-content': PinContent
  }
}
