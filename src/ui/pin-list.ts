import { LitElement, css, html, nothing } from 'lit'
import { PIN_STATES } from '../service/types.ts'
import { ChangeController } from './change-controller.ts'
import { formatCount, messageOf } from './format.ts'
import { EMPTY_FILTER, filterQuery, isFiltered } from './list-query.ts'
import { base } from './theme.ts'
import './pin-filters.ts'
import './pin-table.ts'
import type { PinFilter } from './list-query.ts'
import type { PinningService, PinState, PinStatus } from '../index.ts'

const PAGE_SIZES = [10, 20, 50, 100]
/** Typing in a filter queries once the person pauses. */
const TYPING_PAUSE_MS = 250
/** Ages ("3 min ago") are redrawn this often. */
const AGE_TICK_MS = 30_000

/**
 * The pin list: one indexed query per page (never all pins), newest first, paged with `before`;
 * re-queried (throttled) when any tab or the engine changes a record.
 */
export class PinList extends LitElement {
  static override properties = {
    service: { attribute: false },
    filter: { state: true },
    pageSize: { state: true },
    cursors: { state: true },
    page: { state: true },
    counts: { state: true },
    problem: { state: true },
    filterProblem: { state: true }
  }

  declare service: PinningService | undefined
  declare filter: PinFilter
  declare pageSize: number
  /** `before` of each page after the first: the `created` of the previous page's last pin. */
  declare cursors: string[]
  declare page: { count: number, results: PinStatus[] } | undefined
  declare counts: Partial<Record<PinState, number>>
  declare problem: string | undefined
  declare filterProblem: string | undefined
  readonly #changes = new ChangeController(this, () => this.service, ['pins'], async () => { await this.#load() })
  #typing: ReturnType<typeof setTimeout> | undefined
  /** Counts loads: a load overtaken by a newer one (filters changed meanwhile) drops its result. */
  #generation = 0
  #ticker: ReturnType<typeof setInterval> | undefined

  constructor () {
    super()
    this.filter = EMPTY_FILTER
    this.pageSize = 20
    this.cursors = []
    this.counts = {}
  }

  static override styles = [base, css`
    :host { display: block; }
    details.filters { margin-bottom: 1rem; }
    details.filters > summary { cursor: pointer; font-weight: 600; padding: .25rem 0; margin-bottom: .5rem; }
    .bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem; margin: .75rem 0; }
    .bar select { width: auto; }
    .pager { display: flex; align-items: center; gap: .5rem; }
    .summary { font-variant-numeric: tabular-nums; }
    .empty { text-align: center; padding: 2.5rem 1rem; }
    .empty p { margin-bottom: .75rem; }
  `]

  override connectedCallback (): void {
    super.connectedCallback()
    this.#ticker = setInterval(() => { this.requestUpdate() }, AGE_TICK_MS)
  }

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    clearInterval(this.#ticker)
    clearTimeout(this.#typing)
  }

  override updated (changed: Map<string, unknown>): void {
    if (changed.has('service')) void this.#changes.refresh()
  }

  async #load (): Promise<void> {
    const service = this.service
    if (service === undefined) return
    const generation = ++this.#generation
    let query
    try {
      const before = this.cursors.at(-1)
      query = filterQuery(this.filter, before === undefined ? { limit: this.pageSize } : { limit: this.pageSize, before })
      this.filterProblem = undefined
    } catch (error) {
      this.filterProblem = messageOf(error)
      return
    }
    try {
      const [page, ...counts] = await Promise.all([
        service.pins.list(query),
        ...PIN_STATES.map(async (state) => (await service.pins.list({ statuses: [state], limit: 1 })).count)
      ])
      if (generation !== this.#generation) return
      this.page = page
      this.counts = Object.fromEntries(PIN_STATES.map((state, i) => [state, counts[i]]))
      this.problem = undefined
    } catch (error) {
      if (generation === this.#generation) this.problem = messageOf(error)
    }
  }

  override render () {
    return html`
      <details class="filters" ?open=${matchMedia('(min-width: 48rem)').matches}>
        <summary>Filters${isFiltered(this.filter) ? ' (active)' : ''}</summary>
        <pin-filters .filter=${this.filter} .counts=${this.counts} @filter-change=${this.#filterChanged}></pin-filters>
      </details>
      ${this.filterProblem === undefined ? nothing : html`<p class="notice error" role="alert">${this.filterProblem}</p>`}
      ${this.problem === undefined ? nothing : html`<div class="notice error" role="alert"><p>The pins could not be listed: ${this.problem}</p>
        <button type="button" @click=${() => { void this.#changes.refresh() }}>Try again</button></div>`}
      ${this.#body()}
    `
  }

  #body () {
    const page = this.page
    if (page === undefined) return this.problem === undefined ? html`<p class="muted" role="status" aria-busy="true">Loading pins…</p>` : nothing
    const offset = this.cursors.length * this.pageSize
    const first = page.results.length === 0 ? offset : offset + 1
    const total = offset + page.count
    return html`
      <div class="bar">
        <span class="summary" role="status">${page.results.length === 0 ? '' : `Showing ${formatCount(first)}–${formatCount(offset + page.results.length)} of ${formatCount(total)}`}</span>
        <label>Per page <select @change=${this.#sizeChanged}>
          ${PAGE_SIZES.map((size) => html`<option value=${size} ?selected=${size === this.pageSize}>${size}</option>`)}
        </select></label>
      </div>
      ${page.results.length === 0 ? this.#empty() : html`<pin-table .pins=${page.results} .now=${Date.now()}></pin-table>`}
      <nav class="bar" aria-label="Pages">
        <div class="pager">
          <button type="button" ?disabled=${this.cursors.length === 0} @click=${this.#newer}>← Newer</button>
          <button type="button" ?disabled=${page.count <= page.results.length} @click=${this.#older}>Older →</button>
        </div>
        ${this.cursors.length > 0 ? html`<button type="button" class="link" @click=${this.#newest}>Back to the newest</button>` : nothing}
      </nav>
    `
  }

  #empty () {
    if (this.cursors.length > 0) return html`<div class="card empty"><p>No older pins on this page any more.</p></div>`
    if (isFiltered(this.filter)) {
      return html`<div class="card empty"><p>No pins match these filters.</p>
        <button type="button" @click=${() => { this.#setFilter(EMPTY_FILTER, true) }}>Clear filters</button></div>`
    }
    return html`<div class="card empty"><p><strong>No pins yet.</strong></p>
      <p class="muted">Pin a CID from the network, or add files from this computer: they are pinned at once, no network needed.</p>
      <a class="button primary" href="#add">Add a pin</a></div>`
  }

  #filterChanged (event: CustomEvent<PinFilter>): void {
    const typed = event.detail.name !== this.filter.name || event.detail.cids !== this.filter.cids || event.detail.meta !== this.filter.meta
    this.#setFilter(event.detail, !typed)
  }

  #setFilter (filter: PinFilter, immediately: boolean): void {
    this.filter = filter
    this.cursors = []
    clearTimeout(this.#typing)
    if (immediately) void this.#changes.refresh()
    else this.#typing = setTimeout(() => { void this.#changes.refresh() }, TYPING_PAUSE_MS)
  }

  #sizeChanged (event: Event): void {
    this.pageSize = Number((event.target as HTMLSelectElement).value)
    this.cursors = []
    void this.#changes.refresh()
  }

  #older (): void {
    const last = this.page?.results.at(-1)
    if (last === undefined) return
    this.cursors = [...this.cursors, last.created]
    void this.#changes.refresh()
  }

  #newer (): void {
    this.cursors = this.cursors.slice(0, -1)
    void this.#changes.refresh()
  }

  #newest (): void {
    this.cursors = []
    void this.#changes.refresh()
  }
}

customElements.define('pin-list', PinList)

declare global {
  interface HTMLElementTagNameMap {
    'pin-list': PinList
  }
}
