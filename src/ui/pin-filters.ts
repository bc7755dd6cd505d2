import { LitElement, css, html } from 'lit'
import { PIN_STATES } from '../index.ts'
import { formatCount } from './format.ts'
import { EMPTY_FILTER, isFiltered } from './list-query.ts'
import { base } from './theme.ts'
import './meta-editor.ts'
import type { PinFilter } from './list-query.ts'
import type { MetaRow } from './pin-validation.ts'
import type { PinState, TextMatch } from '../index.ts'

const STATE_LABELS: Record<PinState, string> = {
  queued: 'Queued',
  pinning: 'Pinning',
  pinned: 'Pinned',
  failed: 'Failed'
}

const MATCH_LABELS: Record<TextMatch, string> = {
  ipartial: 'contains (any case)',
  partial: 'contains (same case)',
  iexact: 'is (any case)',
  exact: 'is exactly'
}

/** The list's filters. Fires `filter-change` with the whole new filter on every edit. */
export class PinFilters extends LitElement {
  static override properties = {
    filter: { attribute: false },
    counts: { attribute: false }
  }

  declare filter: PinFilter
  /** How many pins are in each state (all pins, whatever the other filters). */
  declare counts: Partial<Record<PinState, number>>

  constructor () {
    super()
    this.filter = EMPTY_FILTER
    this.counts = {}
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    fieldset { border: none; padding: 0; margin: 0 0 .75rem; min-width: 0; }
    legend { font-weight: 600; font-size: .9375rem; padding: 0; margin-bottom: .375rem; }
    .states { display: flex; flex-wrap: wrap; gap: .5rem; }
    .chip {
      display: inline-flex; align-items: center; gap: .4375rem; padding: .3125rem .75rem; cursor: pointer;
      border: 1px solid var(--border); border-radius: 999px; background: var(--surface); font-weight: normal;
    }
    .chip:has(input:checked) { border-color: var(--accent-strong); background: var(--pinning-bg); color: var(--pinning-fg); }
    .chip:has(input:focus-visible) { outline: 3px solid var(--focus); outline-offset: 2px; }
    .count { font-variant-numeric: tabular-nums; color: inherit; opacity: .85; }
    .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: .75rem 1rem; align-items: start; }
    @media (min-width: 64rem) { .grid { grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr) minmax(0, 1.2fr); } }
    .name { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: .5rem; }
    .name select { width: auto; }
    .field { margin: 0; }
    @media (max-width: 48rem) { .grid { grid-template-columns: minmax(0, 1fr); } }
    .clear { margin-top: .75rem; }
  `
  ]

  override render () {
    const filter = this.filter
    return html`
      <fieldset>
        <legend>Status <span class="hint">(none ticked: all)</span></legend>
        <div class="states">
          ${
      PIN_STATES.map((state) =>
        html`<label class="chip">
            <input type="checkbox" .checked=${filter.statuses.includes(state)} @change=${(event: Event) => {
          this.#toggle(state, (event.target as HTMLInputElement).checked)
        }}>
            ${STATE_LABELS[state]} <span class="count">${
          this.counts[state] === undefined ? '' : formatCount(this.counts[state])
        }</span>
          </label>`
      )
    }
        </div>
      </fieldset>
      <div class="grid">
        <div class="field">
          <label for="name">Name</label>
          <div class="name">
            <input id="name" type="search" autocomplete="off" .value=${filter.name} @input=${(event: InputEvent) => {
      this.#emit({ name: (event.target as HTMLInputElement).value })
    }}>
            <select aria-label="How the name matches" .value=${filter.match} @change=${(event: Event) => {
      this.#emit({ match: (event.target as HTMLSelectElement).value as TextMatch })
    }}>
              ${
      Object.entries(MATCH_LABELS).map(([match, label]) =>
        html`<option value=${match} ?selected=${filter.match === match}>${label}</option>`
      )
    }
            </select>
          </div>
        </div>
        <div class="field">
          <label for="cids">CID</label>
          <input id="cids" type="search" class="mono" autocomplete="off" spellcheck="false" placeholder="one or more, separated by commas"
            .value=${filter.cids} @input=${(event: InputEvent) => {
      this.#emit({ cids: (event.target as HTMLInputElement).value })
    }}>
        </div>
        <meta-editor legend="Meta" add-label="Filter by meta" .rows=${filter.meta}
          @rows-change=${(event: CustomEvent<MetaRow[]>) => {
      this.#emit({ meta: event.detail })
    }}></meta-editor>
      </div>
      <button type="button" class="clear" ?disabled=${!isFiltered(filter)} @click=${() => {
      this.#emit(EMPTY_FILTER)
    }}>Clear filters</button>
    `
  }

  #toggle (state: PinState, on: boolean): void {
    const statuses = PIN_STATES.filter((s) => s === state ? on : this.filter.statuses.includes(s))
    this.#emit({ statuses })
  }

  #emit (changes: Partial<PinFilter>): void {
    this.filter = { ...this.filter, ...changes }
    this.dispatchEvent(new CustomEvent<PinFilter>('filter-change', { detail: this.filter }))
  }
}

customElements.define('pin-filters', PinFilters)

declare global {
  interface HTMLElementTagNameMap {
    'pin-filters': PinFilters
  }
}
