import { LitElement, css, html, nothing } from 'lit'
import { ChangeController } from './change-controller.ts'
import { formatAge, formatDate, messageOf } from './format.ts'
import { infoRows } from './info-labels.ts'
import { retryPin } from './pin-actions.ts'
import { base } from './theme.ts'
import './copy-button.ts'
import './pin-content.ts'
import './pin-form.ts'
import './pin-remotes.ts'
import './pin-status.ts'
import type { PinningService, PinStatus } from '../index.ts'

type Mode = 'view' | 'replace' | 'confirm-delete'

/**
 * One pin request in a modal dialog: every field of its PinStatus, with copy buttons; replace and delete
 * (after a confirmation); Retry for a failed pin. Stays live; says so when the request disappears (deleted or
 * replaced elsewhere). Fires `close`, `replaced` and `retried` (detail: the new requestid).
 */
export class PinDetails extends LitElement {
  static override properties = {
    service: { attribute: false },
    requestid: {},
    status: { state: true },
    gone: { state: true },
    mode: { state: true },
    problem: { state: true },
    busy: { state: true }
  }

  declare service: PinningService | undefined
  declare requestid: string
  declare status: PinStatus | undefined
  declare gone: boolean
  declare mode: Mode
  declare problem: string | undefined
  declare busy: boolean
  /** The pin as it was when Replace was chosen: live updates of the status must not reset the form. */
  #replacing: PinStatus['pin'] | undefined
  /** Set once this request was deleted here: the notice that follows must not show "not found". */
  #deleted = false
  /** Counts loads: the answer for a request shown before (replace, another link) is dropped. */
  #generation = 0
  readonly #changes = new ChangeController(this, () => this.service, ['pins'], async () => {
    await this.#load()
  })

  constructor () {
    super()
    this.requestid = ''
    this.gone = false
    this.mode = 'view'
    this.busy = false
  }

  static override styles = [
    base,
    css`
    dialog {
      width: min(46rem, calc(100vw - 1.5rem)); max-height: calc(100dvh - 1.5rem); padding: 0; color: var(--text);
      background: var(--surface); border: 1px solid var(--border); border-radius: 12px; box-shadow: 0 20px 50px rgb(0 0 0 / .25);
    }
    dialog::backdrop { background: rgb(15 20 25 / .45); }
    header { display: flex; align-items: flex-start; justify-content: space-between; gap: 1rem; padding: 1rem 1.25rem .5rem; }
    h2 { margin: 0; overflow-wrap: anywhere; }
    .body { padding: .5rem 1.25rem 1.25rem; }
    .value { display: flex; align-items: flex-start; gap: .5rem; min-width: 0; }
    .value code { flex: 1; min-width: 0; }
    ul.plain { list-style: none; margin: 0; padding: 0; display: grid; gap: .375rem; }
    table { border-collapse: collapse; width: 100%; font-size: .9375rem; }
    th, td { text-align: left; padding: .25rem .5rem .25rem 0; border-bottom: 1px solid var(--border); vertical-align: top; }
    /* Names break only between words; values (CIDs, addresses) anywhere. */
    th { color: var(--muted); font-weight: 600; font-size: .875rem; overflow-wrap: break-word; width: 40%; }
    td { overflow-wrap: anywhere; }
    ul.sources { margin: 0; padding-left: 1.125rem; display: grid; gap: .25rem; font-size: .9375rem; overflow-wrap: anywhere; }
    .explain { margin: 0 0 .375rem; }
    .actions { margin-top: 1.25rem; padding-top: 1rem; border-top: 1px solid var(--border); }
    .confirm { margin-top: 1.25rem; }
    .content-later { margin: .75rem 0 0; }
  `
  ]

  override firstUpdated (): void {
    this.renderRoot.querySelector('dialog')?.showModal()
  }

  override willUpdate (changed: Map<string, unknown>): void {
    if (changed.has('requestid')) {
      this.mode = 'view'
      this.#deleted = false
    }
  }

  override updated (changed: Map<string, unknown>): void {
    if (changed.has('requestid') || changed.has('service')) void this.#changes.refresh()
  }

  async #load (): Promise<void> {
    if (this.service === undefined || this.requestid === '' || this.#deleted) return
    const generation = ++this.#generation
    try {
      const status = await this.service.pins.get(this.requestid)
      if (generation !== this.#generation) return
      this.status = status
      this.gone = false
      this.problem = undefined
    } catch (error) {
      if (generation !== this.#generation) return
      if ((error as Error).name === 'PinNotFoundError') this.gone = true
      else this.problem = messageOf(error)
    }
  }

  override render () {
    const status = this.status
    const title = this.gone ? 'Pin not found' : status === undefined ? 'Pin' : status.pin.name ?? 'Unnamed pin'
    return html`<dialog aria-labelledby="title" @close=${() => {
      this.dispatchEvent(new Event('close'))
    }}>
      <header>
        <h2 id="title">${title}</h2>
        <button type="button" @click=${this.close}>Close</button>
      </header>
      <div class="body">
        ${this.problem === undefined ? nothing : html`<p class="notice error" role="alert">${this.problem}</p>`}
        ${
      this.gone
        ? html`<p>There is no pin request with the id <code>${this.requestid}</code> any more: it was deleted or replaced.</p>`
        : status === undefined
        ? html`<p class="muted" role="status">Loading…</p>`
        : this.#content(status)
    }
      </div>
    </dialog>`
  }

  close (): void {
    this.renderRoot.querySelector('dialog')?.close()
  }

  #content (status: PinStatus) {
    if (this.mode === 'replace') {
      return html`<h3>Replace this pin</h3>
        <p class="muted">The new pin gets a new request id; the blocks both DAGs share are kept.</p>
        <pin-form .service=${this.service} requestid=${status.requestid} .initial=${this.#replacing ?? status.pin}
          @cancel=${() => {
        this.mode = 'view'
      }}
          @pin-saved=${(event: CustomEvent<PinStatus>) => {
        this.dispatchEvent(new CustomEvent('replaced', { detail: event.detail.requestid }))
      }}></pin-form>`
    }
    const { pin } = status
    const sources = status.info.sources?.split('\n').filter((line) => line !== '') ?? []
    const rows = infoRows(status.info)
    return html`
      <pin-status .status=${status}></pin-status>
      ${
      status.status === 'failed'
        ? html`<div class="actions" style="margin-top: .75rem">
        <button type="button" class="primary" ?disabled=${this.busy} @click=${() => {
          void this.#retry(status)
        }}>Retry</button>
        <span class="hint">A new request for the same pin; the engine looks again, with a new deadline.</span></div>`
        : nothing
    }
      ${this.#held(status)}
      <dl class="pairs" style="margin-top: 1rem">
        <dt>CID</dt><dd>${this.#copyable(pin.cid, 'Copy CID')}</dd>
        ${
      sources.length === 0
        ? nothing
        : html`<dt>Sources</dt><dd><ul class="sources">${sources.map((line) => html`<li>${line}</li>`)}</ul></dd>`
    }
        ${
      rows.length === 0 ? nothing : html`<dt>Progress</dt><dd><table><caption class="visually-hidden">Progress</caption>
          <tbody>${
        rows.map((row) =>
          html`<tr><th scope="row">${
            row.known ? row.label : html`<code>${row.label}</code>`
          }</th><td>${row.value}</td></tr>`
        )
      }</tbody></table></dd>`
    }
        <dt>Created</dt><dd><time datetime=${status.created}>${
      formatDate(status.created)
    }</time> <span class="muted">(${formatAge(status.created)})</span></dd>
        <dt>Origins</dt><dd>${
      pin.origins === undefined || pin.origins.length === 0
        ? html`<span class="muted">None</span>`
        : html`<ul class="plain">${
          pin.origins.map((origin) => html`<li>${this.#copyable(origin, 'Copy origin')}</li>`)
        }</ul>`
    }</dd>
        <dt>Meta</dt><dd>${this.#map(pin.meta ?? {}, 'Meta')}</dd>
        <dt>Request id</dt><dd>${this.#copyable(status.requestid, 'Copy request id')}</dd>
        <dt>Served from</dt><dd><p class="hint explain">The delegates: where other IPFS nodes can ask this browser for the content while the page is open. A page cannot take incoming connections, so this is the node's peer id.</p>
          <ul class="plain">${
      status.delegates.map((delegate) => html`<li>${this.#copyable(delegate, 'Copy delegate')}</li>`)
    }</ul></dd>
      </dl>
      <pin-remotes .service=${this.service} requestid=${status.requestid}></pin-remotes>
      ${
      this.mode === 'confirm-delete' ? this.#confirm(status) : html`<div class="actions">
        <button type="button" @click=${() => {
        this.#replacing = status.pin
        this.mode = 'replace'
      }}>Replace…</button>
        <button type="button" class="danger" @click=${this.#askDelete}>Delete…</button>
      </div>`
    }
    `
  }

  /** The content, to open, save, browse and preview, once the node holds all of it; until then, when it will. */
  #held (status: PinStatus) {
    if (status.status === 'pinned') {
      return html`<pin-content .service=${this.service} cid=${status.pin.cid} name=${
        status.pin.name ?? status.pin.cid
      }></pin-content>`
    }
    const when = status.status === 'failed'
      ? 'Open, Download and Copy link are not available: the node does not hold this content, as the pin failed. Retry looks for it again.'
      : 'Open, Download and Copy link: available once pinned, when every block of the content is in this browser.'
    return html`<p class="hint content-later">${when}</p>`
  }

  async #retry (status: PinStatus): Promise<void> {
    if (this.service === undefined) return
    this.busy = true
    try {
      const next = await retryPin(this.service, status)
      this.dispatchEvent(new CustomEvent('retried', { detail: next.requestid }))
    } catch (error) {
      this.problem = messageOf(error)
    } finally {
      this.busy = false
    }
  }

  #copyable (value: string, label: string) {
    return html`<span class="value"><code>${value}</code><copy-button .value=${value} label=${label}></copy-button></span>`
  }

  #map (map: Record<string, string>, caption: string) {
    const entries = Object.entries(map)
    if (entries.length === 0) return html`<span class="muted">None</span>`
    return html`<table><caption class="visually-hidden">${caption}</caption>
      <tbody>${
      entries.map(([key, value]) => html`<tr><th scope="row"><code>${key}</code></th><td>${value}</td></tr>`)
    }</tbody></table>`
  }

  #confirm (status: PinStatus) {
    return html`<div class="notice confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
      <h3 id="confirm-title">Delete this pin?</h3>
      <p id="confirm-text">The request ${
      status.pin.name === undefined ? '' : html`“${status.pin.name}” `
    }is removed at once. Its blocks are released unless another pin holds them.</p>
      <div class="actions" style="margin: 0; padding: 0; border: none">
        <button type="button" class="danger solid" ?disabled=${this.busy} @click=${this.#delete}>${
      this.busy ? 'Deleting…' : 'Delete pin'
    }</button>
        <button type="button" class="keep" @click=${this.#cancelDelete}>Keep it</button>
      </div>
    </div>`
  }

  async #askDelete (): Promise<void> {
    this.mode = 'confirm-delete'
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>('.keep')?.focus()
  }

  async #cancelDelete (): Promise<void> {
    this.mode = 'view'
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>('.actions .danger')?.focus()
  }

  async #delete (): Promise<void> {
    if (this.service === undefined) return
    this.busy = true
    try {
      await this.service.pins.remove(this.requestid)
      this.#deleted = true
      this.dispatchEvent(new CustomEvent('deleted', { detail: this.requestid }))
      this.close()
    } catch (error) {
      this.problem = messageOf(error)
    } finally {
      this.busy = false
    }
  }
}

customElements.define('pin-details', PinDetails)

declare global {
  interface HTMLElementTagNameMap {
    'pin-details': PinDetails
  }
}
