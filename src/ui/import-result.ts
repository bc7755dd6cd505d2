import { LitElement, css, html, nothing } from 'lit'
import { ChangeController } from './change-controller.ts'
import { formatAge, formatBytes, formatCount } from './format.ts'
import { routeHref } from './route.ts'
import { base } from './theme.ts'
import './copy-button.ts'
import './pin-status.ts'
import type { RecentImport } from './recent-imports.ts'
import type { PinningService, PinStatus } from '../index.ts'

/** Entries listed per import; a big folder lists the first ones only. */
const MAX_ENTRIES = 100

/** One finished import: the CID ready to copy, its pin's live status, and whether an existing pin was kept. */
export class ImportResult extends LitElement {
  static override properties = {
    service: { attribute: false },
    result: { attribute: false },
    statuses: { state: true }
  }

  declare service: PinningService | undefined
  declare result: RecentImport | undefined
  declare statuses: PinStatus[]
  readonly #changes = new ChangeController(this, () => this.service, ['pins'], async () => { await this.#load() })

  constructor () {
    super()
    this.statuses = []
  }

  static override styles = [base, css`
    :host { display: block; }
    .card { margin: 0; display: grid; gap: .625rem; }
    h3 { margin: 0; overflow-wrap: anywhere; }
    .cid { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; }
    .cid code { font-size: .9375rem; padding: .25rem .5rem; background: var(--surface-2); border-radius: 4px; }
    ul { margin: .5rem 0 0; padding-left: 1.25rem; }
    li { overflow-wrap: anywhere; }
    summary { cursor: pointer; }
  `]

  override willUpdate (changed: Map<string, unknown>): void {
    if (changed.has('result')) this.statuses = this.result?.pins ?? []
  }

  override updated (changed: Map<string, unknown>): void {
    if (changed.has('result') || changed.has('service')) void this.#changes.refresh()
  }

  async #load (): Promise<void> {
    const service = this.service
    if (service === undefined || this.result === undefined) return
    const found = await Promise.all(this.result.pins.map(async (pin) => service.pins.get(pin.requestid).catch(() => undefined)))
    this.statuses = found.filter((status) => status !== undefined)
  }

  override render () {
    const result = this.result
    if (result === undefined) return nothing
    const entries = result.entries.filter((entry) => entry.path !== '')
    const more = result.entryCount - result.entries.length
    const reused = this.statuses.filter((status) => result.reused.includes(status.requestid))
    return html`<article class="card" aria-labelledby="title">
      <h3 id="title">${result.pins[0]?.pin.name ?? 'Imported content'}</h3>
      <p class="muted when">Imported <time datetime=${result.at}>${formatAge(result.at)}</time></p>
      ${reused.length === 0 ? nothing : html`<p class="notice reused">This content was pinned already${reused.length === 1 && reused[0]!.pin.name !== undefined ? html` as “${reused[0]!.pin.name}”` : ''}: that pin was kept, no second one was made.</p>`}
      ${this.statuses.length === 0 ? html`<p class="muted">The pin request was deleted.</p>` : nothing}
      ${this.statuses.map((status) => html`<div>
        <div class="cid"><code>${status.pin.cid}</code><copy-button .value=${status.pin.cid} label="Copy CID"></copy-button>
          <a href=${routeHref({ view: 'pins', requestid: status.requestid })}>Details</a></div>
        <pin-status .status=${status}></pin-status>
      </div>`)}
      <p class="muted">${formatCount(result.newBlocks)} new ${result.newBlocks === 1 ? 'block' : 'blocks'} stored in this browser.</p>
      ${entries.length === 0 ? nothing : html`<details>
        <summary>${formatCount(entries.length + more)} ${entries.length + more === 1 ? 'entry' : 'entries'} inside</summary>
        <ul>${entries.slice(0, MAX_ENTRIES).map((entry) => html`<li>${entry.path} — <code>${entry.cid}</code> <span class="muted">(${formatBytes(entry.size)})</span></li>`)}</ul>
        ${entries.length > MAX_ENTRIES || more > 0 ? html`<p class="muted">…and ${formatCount(Math.max(entries.length - MAX_ENTRIES, 0) + more)} more.</p>` : nothing}
      </details>`}
    </article>`
  }
}

customElements.define('import-result', ImportResult)

declare global {
  interface HTMLElementTagNameMap {
    'import-result': ImportResult
  }
}
