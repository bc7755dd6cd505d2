import { LitElement, css, html, nothing } from 'lit'
import { ChangeController } from './change-controller.ts'
import { formatBytes, formatCount, messageOf } from './format.ts'
import { base } from './theme.ts'
import type { PinStatus, PinningService, StorageUsage } from '../index.ts'

/** How the engine's reason for a pin that did not fit begins (src/engine/storage-room.ts). */
const NOT_ENOUGH_STORAGE = 'Not enough storage:'
/** Failed pins looked at for that reason. */
const FAILED_LOOKED_AT = 200

interface BrowserStorage {
  usage?: number
  quota?: number
  persisted?: boolean
}

/** What the node holds, what the browser grants this site, and whether it may evict it. */
export class StoragePanel extends LitElement {
  static override properties = {
    service: { attribute: false },
    usage: { state: true },
    browser: { state: true },
    persistAnswer: { state: true },
    problem: { state: true },
    didNotFit: { state: true }
  }

  declare service: PinningService | undefined
  declare usage: StorageUsage | undefined
  declare browser: BrowserStorage | undefined
  declare persistAnswer: string | undefined
  declare problem: string | undefined
  /** Failed pins whose DAG did not fit in what the browser grants this site (newest first, a page of them). */
  declare didNotFit: PinStatus[]
  constructor () {
    super()
    this.didNotFit = []
  }

  readonly #changes = new ChangeController(this, () => this.service, ['storage', 'pins'], async () => {
    await this.#load()
  })

  static override styles = [
    base,
    css`
    /* minmax(0, 1fr): a long line of code inside must scroll, not widen the page. */
    :host { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; }
    section { margin: 0; }
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(6rem, 1fr)); gap: .75rem; margin: 0; }
    .figures div { background: var(--surface-2); border-radius: var(--radius); padding: .625rem .875rem; min-width: 0; }
    .figures dt { color: var(--muted); font-size: .875rem; }
    .figures dd { margin: .25rem 0 0; font-size: 1.375rem; font-weight: 600; font-variant-numeric: tabular-nums; }
    meter { width: 100%; height: 1rem; }
    .fit { margin: 0 0 .75rem; padding-left: 1.25rem; overflow-wrap: anywhere; }
  `
  ]

  override updated (changed: Map<string, unknown>): void {
    if (changed.has('service')) void this.#changes.refresh()
  }

  async #load (): Promise<void> {
    if (this.service === undefined) return
    try {
      const [usage, estimate, persisted, failed] = await Promise.all([
        this.service.storageUsage(),
        navigator.storage?.estimate?.() ?? Promise.resolve(undefined),
        navigator.storage?.persisted?.() ?? Promise.resolve(undefined),
        this.service.pins.list({ statuses: ['failed'], limit: FAILED_LOOKED_AT })
      ])
      this.usage = usage
      this.didNotFit = failed.results.filter((pin) => pin.info.status_details?.startsWith(NOT_ENOUGH_STORAGE) === true)
      const browser: BrowserStorage = {}
      if (estimate?.usage !== undefined) browser.usage = estimate.usage
      if (estimate?.quota !== undefined) browser.quota = estimate.quota
      if (persisted !== undefined) browser.persisted = persisted
      this.browser = browser
      this.problem = undefined
    } catch (error) {
      this.problem = messageOf(error)
    }
  }

  override render () {
    return html`
      ${
      this.problem === undefined
        ? nothing
        : html`<p class="notice error" role="alert">Storage figures are unavailable: ${this.problem}</p>`
    }
      <section class="card" aria-labelledby="node-title">
        <h2 id="node-title">What the node holds</h2>
        ${
      this.usage === undefined ? html`<p class="muted" role="status">Measuring…</p>` : html`<dl class="figures">
          <div><dt>Pinned data</dt><dd>${formatBytes(this.usage.bytes)}</dd></div>
          <div><dt>Pinned DAGs</dt><dd>${formatCount(this.usage.dags)}</dd></div>
          <div><dt>Blocks</dt><dd>${formatCount(this.usage.blocks)}</dd></div>
        </dl>`
    }
      </section>
      ${this.#didNotFit()}
      <section class="card" aria-labelledby="browser-title">
        <h2 id="browser-title">Browser storage for this site</h2>
        ${this.#browser()}
      </section>
    `
  }

  /** Pins that failed for lack of room, with what to do: free space, or ask the browser to keep (and allow) more. */
  #didNotFit () {
    const pins = this.didNotFit ?? []
    if (pins.length === 0) return nothing
    const persisted = this.browser?.persisted === true
    return html`<section class="card" aria-labelledby="fit-title">
      <h2 id="fit-title">${
      pins.length === 1 ? '1 pin did not fit' : `${formatCount(pins.length)} pins did not fit`
    }</h2>
      <p>${pins[0]!.info.status_details}</p>
      <ul class="fit">${
      pins.slice(0, 5).map((pin) =>
        html`<li><a href=${`#pins/${encodeURIComponent(pin.requestid)}`}>${pin.pin.name ?? pin.pin.cid}</a></li>`
      )
    }</ul>
      <p class="hint">${
      persisted
        ? 'This site\'s data is already kept. Delete pins you no longer need to make room, then use Retry on these.'
        : 'Delete pins you no longer need, or ask the browser to keep this site\'s data (below): some browsers then allow a site more room. Then use Retry on these.'
    }</p>
    </section>`
  }

  #browser () {
    const browser = this.browser
    if (browser === undefined) return html`<p class="muted" role="status">Asking the browser…</p>`
    const { usage, quota, persisted } = browser
    return html`
      ${
      usage === undefined || quota === undefined
        ? html`<p class="muted">This browser does not say how much it grants.</p>`
        : html`
        <p><label for="quota">${formatBytes(usage)} used of ${formatBytes(quota)} available</label></p>
        <meter id="quota" min="0" max=${quota} .value=${usage} high=${quota * 0.8}></meter>
        <p class="hint">Everything the site stores counts: pins, tokens and blocks. Pins beyond the quota fail.</p>`
    }
      <h3>Persistence</h3>
      <p>${
      persisted === true
        ? html`<strong>Persistent.</strong> The browser will not clear this site's data to free space.`
        : html`<strong>Not persistent.</strong> Under storage pressure the browser may clear this site's data, pins and blocks included.`
    }</p>
      ${
      persisted === true
        ? nothing
        : html`<button type="button" @click=${this.#persist}>Ask the browser to keep this data</button>`
    }
      ${
      this.persistAnswer === undefined
        ? nothing
        : html`<p class="notice" role="status" style="margin-top: .75rem">${this.persistAnswer}</p>`
    }
    `
  }

  async #persist (): Promise<void> {
    try {
      const granted = await navigator.storage.persist()
      this.persistAnswer = granted
        ? 'The browser agreed: this site\'s data is now kept.'
        : 'The browser declined for now. Browsers grant it to sites you use often, bookmark or install; try again later.'
    } catch (error) {
      this.persistAnswer = `The browser could not be asked: ${messageOf(error)}`
    }
    await this.#load()
  }
}

customElements.define('storage-panel', StoragePanel)

declare global {
  interface HTMLElementTagNameMap {
    'storage-panel': StoragePanel
  }
}
