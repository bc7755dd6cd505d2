import { LitElement, css, html, nothing } from 'lit'
import { ChangeController } from './change-controller.ts'
import { formatAge, formatBytes, formatCount, messageOf } from './format.ts'
import { routeHref } from './route.ts'
import { base } from './theme.ts'
import './content-actions.ts'
import './copy-button.ts'
import './pin-status.ts'
import type { RecentImport } from './recent-imports.ts'
import type { ContentStat, PinningService, PinStatus } from '../index.ts'

/** Entries listed per import; a big folder lists the first ones only. */
const MAX_ENTRIES = 100

/** States in which a pin request keeps the imported blocks (they were stored by the import itself). */
const KEEPING: ReadonlySet<PinStatus['status']> = new Set(['queued', 'pinning', 'pinned'])

/**
 * One finished import: the CID ready to copy, its pin's live status, whether an existing pin was kept, and
 * Open, Download, Download CAR and Copy link while a pin keeps what was imported.
 */
export class ImportResult extends LitElement {
  static override properties = {
    service: { attribute: false },
    result: { attribute: false },
    statuses: { state: true },
    stat: { state: true },
    statProblem: { state: true }
  }

  declare service: PinningService | undefined
  declare result: RecentImport | undefined
  declare statuses: PinStatus[]
  /** What the imported root is (a file or a folder), for the right Download. */
  declare stat: ContentStat | undefined
  declare statProblem: string | undefined
  readonly #changes = new ChangeController(this, () => this.service, ['pins'], async () => {
    await this.#load()
  })

  constructor () {
    super()
    this.statuses = []
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    .card { margin: 0; display: grid; gap: .625rem; }
    h3 { margin: 0; overflow-wrap: anywhere; }
    .cid { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; }
    .cid code { font-size: .9375rem; padding: .25rem .5rem; background: var(--surface-2); border-radius: 4px; }
    ul { margin: .5rem 0 0; padding-left: 1.25rem; }
    li { overflow-wrap: anywhere; }
    summary { cursor: pointer; }
  `
  ]

  override willUpdate (changed: Map<string, unknown>): void {
    if (changed.has('result')) {
      this.statuses = this.result?.pins ?? []
      this.stat = undefined
      this.statProblem = undefined
    }
  }

  override updated (changed: Map<string, unknown>): void {
    if (changed.has('result') || changed.has('service')) void this.#changes.refresh()
  }

  async #load (): Promise<void> {
    const service = this.service
    if (service === undefined || this.result === undefined) return
    const found = await Promise.all(
      this.result.pins.map(async (pin) => service.pins.get(pin.requestid).catch(() => undefined))
    )
    this.statuses = found.filter((status) => status !== undefined)
    if (this.stat === undefined && this.#kept()) {
      const cid = this.result.cid
      try {
        const stat = await service.content.stat(cid)
        if (this.result?.cid === cid) this.stat = stat
      } catch (error) {
        if (this.result?.cid === cid) {
          this.statProblem = `Open and Download are not available: reading ${cid} from the node's storage failed: ${
            messageOf(error)
          }`
        }
      }
    }
  }

  /** Whether a pin request still keeps the imported blocks. */
  #kept (): boolean {
    return this.statuses.some((status) => KEEPING.has(status.status))
  }

  #actions (result: RecentImport) {
    if (!this.#kept()) {
      return this.statuses.length === 0
        ? nothing
        : html`<p class="hint">Open and Download are not available: no pin request keeps this content now. Import it again to get them back.</p>`
    }
    if (this.statProblem !== undefined) return html`<p class="notice error">${this.statProblem}</p>`
    if (this.stat === undefined) {
      return html`<p class="muted" role="status">Reading what was imported from the node's storage…</p>`
    }
    const target = { cid: result.cid, path: '', name: result.pins[0]?.pin.name ?? result.cid, kind: this.stat.kind }
    return html`<content-actions .service=${this.service} .target=${target}></content-actions>`
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
      ${
      reused.length === 0
        ? nothing
        : html`<p class="notice reused">This content was pinned already${
          reused.length === 1 && reused[0]!.pin.name !== undefined ? html` as “${reused[0]!.pin.name}”` : ''
        }: that pin was kept, no second one was made.</p>`
    }
      ${
      this.statuses.length === 0
        ? html`<p class="muted">The pin request was deleted, and with it Open and Download: import the content again to get them back.</p>`
        : nothing
    }
      ${
      this.statuses.map((status) =>
        html`<div>
        <div class="cid"><code>${status.pin.cid}</code><copy-button .value=${status.pin.cid} label="Copy CID"></copy-button>
          <a href=${routeHref({ view: 'pins', requestid: status.requestid })}>Details</a></div>
        <pin-status .status=${status}></pin-status>
      </div>`
      )
    }
      ${this.#actions(result)}
      <p class="muted">${formatCount(result.newBlocks)} new ${
      result.newBlocks === 1 ? 'block' : 'blocks'
    } stored in this browser.</p>
      ${
      entries.length === 0 ? nothing : html`<details>
        <summary>${formatCount(entries.length + more)} ${
        entries.length + more === 1 ? 'entry' : 'entries'
      } inside</summary>
        <ul>${
        entries.slice(0, MAX_ENTRIES).map((entry) =>
          html`<li>${entry.path} — <code>${entry.cid}</code> <span class="muted">(${
            formatBytes(entry.size)
          })</span></li>`
        )
      }</ul>
        ${
        entries.length > MAX_ENTRIES || more > 0
          ? html`<p class="muted">…and ${formatCount(Math.max(entries.length - MAX_ENTRIES, 0) + more)} more.</p>`
          : nothing
      }
      </details>`
    }
    </article>`
  }
}

customElements.define('import-result', ImportResult)

declare global {
  interface HTMLElementTagNameMap {
    'import-result': ImportResult
  }
}
