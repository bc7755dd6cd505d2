import { LitElement, css, html, nothing } from 'lit'
import { PIN_STATES } from '../index.ts'
import { ChangeController } from './change-controller.ts'
import { formatCount, messageOf } from './format.ts'
import { EMPTY_FILTER, filterQuery, isFiltered } from './list-query.ts'
import { retryPin } from './pin-actions.ts'
import { ORDERS, ORDER_LABELS, SORT_WINDOW, sortPins } from './pin-order.ts'
import { base } from './theme.ts'
import './pin-filters.ts'
import './pin-selection.ts'
import './pin-table.ts'
import type { PinFilter } from './list-query.ts'
import type { Order } from './pin-order.ts'
import type { PinningService, PinState, PinStatus } from '../index.ts'

const PAGE_SIZES = [10, 20, 50, 100]
/** Typing in a filter queries once the person pauses. */
const TYPING_PAUSE_MS = 250
/** Ages ("3 min ago") are redrawn this often. */
const AGE_TICK_MS = 30_000

/** What is shown: one indexed page (newest first), or the matches read at once and sorted here. */
type Shown =
  | { order: 'newest', count: number, results: PinStatus[] }
  | { order: Exclude<Order, 'newest'>, count: number, sorted: PinStatus[] }

/**
 * The pin list: newest first, one indexed query per page (never all pins), paged with `before`; or sorted
 * by age, name or size among at most SORT_WINDOW matches. Re-queried (throttled) when any tab or the engine
 * changes a record. Pins can be ticked to be retried or deleted together.
 */
export class PinList extends LitElement {
  static override properties = {
    service: { attribute: false },
    filter: { state: true },
    order: { state: true },
    pageSize: { state: true },
    cursors: { state: true },
    offset: { state: true },
    shown: { state: true },
    counts: { state: true },
    selected: { state: true },
    problem: { state: true },
    filterProblem: { state: true },
    notice: { state: true }
  }

  declare service: PinningService | undefined
  declare filter: PinFilter
  declare order: Order
  declare pageSize: number
  /** Newest first: `before` of each page after the first (the `created` of the previous page's last pin). */
  declare cursors: string[]
  /** Sorted: where the page in view starts. */
  declare offset: number
  declare shown: Shown | undefined
  declare counts: Partial<Record<PinState, number>>
  /** Ticked pins of the page in view, by requestid. */
  declare selected: ReadonlyMap<string, PinStatus>
  declare problem: string | undefined
  declare filterProblem: string | undefined
  /** What the last action on pins did. */
  declare notice: string | undefined
  readonly #changes = new ChangeController(this, () => this.service, ['pins'], async () => {
    await this.#load()
  })
  #typing: ReturnType<typeof setTimeout> | undefined
  /** Counts loads: a load overtaken by a newer one (filters changed meanwhile) drops its result. */
  #generation = 0
  #ticker: ReturnType<typeof setInterval> | undefined

  constructor () {
    super()
    this.filter = EMPTY_FILTER
    this.order = 'newest'
    this.pageSize = 20
    this.cursors = []
    this.offset = 0
    this.counts = {}
    this.selected = new Map()
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    details.filters { margin-bottom: 1rem; }
    details.filters > summary { cursor: pointer; font-weight: 600; padding: .25rem 0; margin-bottom: .5rem; }
    .bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem; margin: .75rem 0; }
    .bar select { width: auto; }
    .bar .choices { display: flex; flex-wrap: wrap; gap: .5rem 1rem; }
    .pager { display: flex; align-items: center; gap: .5rem; }
    .summary { font-variant-numeric: tabular-nums; }
    .empty { text-align: center; padding: 2.5rem 1rem; }
    .empty p { margin-bottom: .75rem; }
    .empty .actions { justify-content: center; }
  `
  ]

  override connectedCallback (): void {
    super.connectedCallback()
    this.#ticker = setInterval(() => {
      this.requestUpdate()
    }, AGE_TICK_MS)
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
    const order = this.order
    const before = order === 'newest' ? this.cursors.at(-1) : undefined
    const limit = order === 'newest' ? this.pageSize : SORT_WINDOW
    const { query, problem } = filterQuery(this.filter, before === undefined ? { limit } : { limit, before })
    this.filterProblem = problem
    if (query === undefined) return
    try {
      const [page, ...counts] = await Promise.all([
        service.pins.list(query),
        ...PIN_STATES.map(async (state) => (await service.pins.list({ statuses: [state], limit: 1 })).count)
      ])
      if (generation !== this.#generation) return
      this.shown = order === 'newest'
        ? { order, ...page }
        : { order, count: page.count, sorted: sortPins(page.results, order) }
      this.counts = Object.fromEntries(PIN_STATES.map((state, i) => [state, counts[i]]))
      this.#keepSelection(this.#pageResults())
      this.problem = undefined
    } catch (error) {
      if (generation === this.#generation) this.problem = messageOf(error)
    }
  }

  /** The pins of the page in view. */
  #pageResults (): PinStatus[] {
    const shown = this.shown
    if (shown === undefined) return []
    return shown.order === 'newest' ? shown.results : shown.sorted.slice(this.offset, this.offset + this.pageSize)
  }

  /** Keeps only ticked pins still in view, with their latest status. */
  #keepSelection (results: PinStatus[]): void {
    if (this.selected.size === 0) return
    this.selected = new Map(
      results.filter((pin) => this.selected.has(pin.requestid)).map((pin) => [pin.requestid, pin])
    )
  }

  override render () {
    const total = PIN_STATES.reduce((sum, state) => sum + (this.counts[state] ?? 0), 0)
    // With no pin at all, only a calm invitation: no filters, counts or paging to puzzle over.
    const calm = this.shown !== undefined && total === 0 && !isFiltered(this.filter) && this.problem === undefined
    return html`
      ${
      calm ? nothing : html`<details class="filters" ?open=${matchMedia('(min-width: 48rem)').matches}>
        <summary>Filters${isFiltered(this.filter) ? ' (active)' : ''}</summary>
        <pin-filters .filter=${this.filter} .counts=${this.counts} @filter-change=${this.#filterChanged}></pin-filters>
      </details>`
    }
      ${
      this.filterProblem === undefined ? nothing : html`<p class="notice error" role="alert">${this.filterProblem}</p>`
    }
      ${
      this.problem === undefined
        ? nothing
        : html`<div class="notice error" role="alert"><p>The pins could not be listed: ${this.problem}</p>
        <button type="button" @click=${() => {
          void this.#changes.refresh()
        }}>Try again</button></div>`
    }
      ${calm ? this.#welcome() : this.#body()}
    `
  }

  #body () {
    const shown = this.shown
    if (shown === undefined) {
      return this.problem === undefined
        ? html`<p class="muted" role="status" aria-busy="true">Loading pins…</p>`
        : nothing
    }
    const results = this.#pageResults()
    const sorted = shown.order !== 'newest'
    const offset = sorted ? this.offset : this.cursors.length * this.pageSize
    const total = sorted ? shown.sorted.length : offset + shown.count
    const hasOlder = sorted ? this.offset + this.pageSize < shown.sorted.length : shown.count > shown.results.length
    const hasNewer = sorted ? this.offset > 0 : this.cursors.length > 0
    return html`
      <div class="bar">
        <span class="summary" role="status">${
      results.length === 0
        ? ''
        : `Showing ${formatCount(offset + 1)}–${formatCount(offset + results.length)} of ${formatCount(total)}`
    }</span>
        <div class="choices">
          <label>Sort <select @change=${this.#orderChanged}>
            ${
      ORDERS.map((order) =>
        html`<option value=${order} ?selected=${order === this.order}>${ORDER_LABELS[order]}</option>`
      )
    }
          </select></label>
          <label>Per page <select @change=${this.#sizeChanged}>
            ${
      PAGE_SIZES.map((size) => html`<option value=${size} ?selected=${size === this.pageSize}>${size}</option>`)
    }
          </select></label>
        </div>
      </div>
      ${
      sorted && shown.count > SORT_WINDOW
        ? html`<p class="notice">Sorted among the ${formatCount(SORT_WINDOW)} newest of ${
          formatCount(shown.count)
        } matching pins. Narrow the filters to sort them all.</p>`
        : nothing
    }
      <p class="visually-hidden" role="status">${this.notice ?? ''}</p>
      ${this.notice === undefined ? nothing : html`<p class="notice" aria-hidden="true">${this.notice}</p>`}
      ${
      this.selected.size === 0
        ? nothing
        : html`<pin-selection .service=${this.service} .pins=${[...this.selected.values()]}
        @done=${(event: CustomEvent<string>) => {
          this.selected = new Map()
          this.notice = event.detail
        }}
        @clear=${() => {
          this.selected = new Map()
        }}></pin-selection>`
    }
      ${
      results.length === 0
        ? this.#empty()
        : html`<pin-table .pins=${results} .now=${Date.now()} .selected=${new Set(this.selected.keys())}
        caption=${`Pins, ${ORDER_LABELS[this.order].toLowerCase()}`}
        @selection-change=${(event: CustomEvent<string[]>) => {
          this.#select(event.detail, results)
        }}
        @retry=${(event: CustomEvent<PinStatus>) => {
          void this.#retryOne(event.detail)
        }}></pin-table>`
    }
      ${
      hasOlder || hasNewer
        ? html`<nav class="bar" aria-label="Pages">
        <div class="pager">
          <button type="button" ?disabled=${!hasNewer} @click=${this.#newer}>← ${sorted ? 'Previous' : 'Newer'}</button>
          <button type="button" ?disabled=${!hasOlder} @click=${this.#older}>${sorted ? 'Next' : 'Older'} →</button>
        </div>
        ${
          hasNewer
            ? html`<button type="button" class="link" @click=${this.#newest}>Back to the ${
              sorted ? 'first page' : 'newest'
            }</button>`
            : nothing
        }
      </nav>`
        : nothing
    }
    `
  }

  #welcome () {
    return html`<div class="card empty"><p><strong>No pins yet.</strong></p>
      <p class="muted">Pin something by its CID or a link to it, and this browser fetches and keeps it. Files from this computer are pinned at once, with no network.</p>
      <div class="actions"><a class="button primary" href="#add">Add a pin</a></div></div>`
  }

  #empty () {
    if (this.cursors.length > 0 || this.offset > 0) {
      return html`<div class="card empty"><p>No pins on this page any more.</p></div>`
    }
    return html`<div class="card empty"><p>No pins match these filters.</p>
      <button type="button" @click=${() => {
      this.#setFilter(EMPTY_FILTER, true)
    }}>Clear filters</button></div>`
  }

  #select (requestids: string[], results: PinStatus[]): void {
    const wanted = new Set(requestids)
    this.selected = new Map(results.filter((pin) => wanted.has(pin.requestid)).map((pin) => [pin.requestid, pin]))
  }

  async #retryOne (status: PinStatus): Promise<void> {
    if (this.service === undefined) return
    try {
      await retryPin(this.service, status)
      this.notice = `Trying “${status.pin.name ?? status.pin.cid}” again: a new request replaces the failed one.`
    } catch (error) {
      this.notice = `It could not be retried: ${messageOf(error)}`
    }
  }

  /** Anything that changes which pins are in view also clears the ticks. */
  #reset (): void {
    this.notice = undefined
    this.cursors = []
    this.offset = 0
    this.selected = new Map()
  }

  #filterChanged (event: CustomEvent<PinFilter>): void {
    const typed = event.detail.name !== this.filter.name || event.detail.cids !== this.filter.cids ||
      event.detail.meta !== this.filter.meta
    this.#setFilter(event.detail, !typed)
  }

  #setFilter (filter: PinFilter, immediately: boolean): void {
    this.filter = filter
    this.#reset()
    clearTimeout(this.#typing)
    if (immediately) void this.#changes.refresh()
    else {this.#typing = setTimeout(() => {
        void this.#changes.refresh()
      }, TYPING_PAUSE_MS)}
  }

  #orderChanged (event: Event): void {
    this.order = (event.target as HTMLSelectElement).value as Order
    this.#reset()
    this.shown = undefined
    void this.#changes.refresh()
  }

  #sizeChanged (event: Event): void {
    this.pageSize = Number((event.target as HTMLSelectElement).value)
    this.#reset()
    void this.#changes.refresh()
  }

  #older (): void {
    const shown = this.shown
    if (shown === undefined) return
    this.selected = new Map()
    if (shown.order !== 'newest') {
      this.offset += this.pageSize
      return
    }
    const last = shown.results.at(-1)
    if (last === undefined) return
    this.cursors = [...this.cursors, last.created]
    void this.#changes.refresh()
  }

  #newer (): void {
    this.selected = new Map()
    if (this.shown?.order !== 'newest') {
      this.offset = Math.max(0, this.offset - this.pageSize)
      return
    }
    this.cursors = this.cursors.slice(0, -1)
    void this.#changes.refresh()
  }

  #newest (): void {
    this.#reset()
    void this.#changes.refresh()
  }
}

customElements.define('pin-list', PinList)

declare global {
  interface HTMLElementTagNameMap {
    'pin-list': PinList
  }
}
