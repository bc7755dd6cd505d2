import { LitElement, css, html } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { formatAge, formatBytes, formatDate, infoNumber, shortenMiddle } from './format.ts'
import { routeHref } from './route.ts'
import { base } from './theme.ts'
import './copy-button.ts'
import './pin-status.ts'
import type { PinStatus } from '../index.ts'

/**
 * One page of pins as a table; at phone width each row becomes a card. Names are always plain text.
 * Each row can be ticked (fires `selection-change` with the ticked requestids); a failed pin offers Retry
 * (fires `retry` with its PinStatus).
 */
export class PinTable extends LitElement {
  static override properties = {
    pins: { attribute: false },
    now: { attribute: false },
    selected: { attribute: false },
    caption: {}
  }

  declare pins: PinStatus[]
  /** The moment ages are counted from (the list redraws it now and then). */
  declare now: number
  declare selected: ReadonlySet<string>
  /** What the table shows, in order, for screen readers. */
  declare caption: string

  constructor () {
    super()
    this.pins = []
    this.now = Date.now()
    this.selected = new Set()
    this.caption = 'Pins, newest first'
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    table { width: 100%; border-collapse: collapse; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); table-layout: fixed; }
    th, td { text-align: left; padding: .625rem .75rem; border-bottom: 1px solid var(--border); vertical-align: top; }
    th { font-size: .8125rem; font-weight: 600; color: var(--muted); background: var(--surface-2); }
    tr:last-child td { border-bottom: none; }
    tbody tr:hover { background: var(--surface-2); }
    tr.ticked { background: var(--pinning-bg); }
    .pick { width: 2.75rem; padding-right: 0; }
    .pick input { margin-top: .25rem; }
    .status { width: 19rem; }
    .size { width: 7rem; text-align: right; font-variant-numeric: tabular-nums; }
    .age { width: 8rem; }
    .name { display: block; font-weight: 600; overflow-wrap: anywhere; }
    .so-far { display: block; font-size: .75rem; color: var(--muted); }
    .unnamed { font-weight: normal; font-style: italic; color: var(--muted); }
    .cid { display: flex; align-items: center; gap: .375rem; margin-top: .25rem; min-width: 0; }
    .cid code { color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .retry { margin-top: .375rem; min-height: 1.875rem; padding: .1875rem .625rem; font-size: .8125rem; }
    @media (max-width: 40rem) {
      table, thead, tbody, tr, td { display: block; }
      table { border: none; background: none; }
      thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      tr { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); margin-bottom: .625rem; padding: .625rem .75rem;
           display: grid; grid-template-columns: auto minmax(0, 1fr) auto; gap: .375rem .75rem; }
      td { border: none; padding: 0; width: auto !important; }
      td.pick { grid-row: 1; grid-column: 1; }
      td.what { grid-row: 1; grid-column: 2 / -1; }
      td.status { grid-column: 1 / -1; }
      td.size { grid-column: 1 / 3; text-align: left; color: var(--muted); font-size: .875rem; }
      td.age { text-align: right; color: var(--muted); font-size: .875rem; }
    }
  `
  ]

  override render () {
    const all = this.pins.length > 0 && this.pins.every((pin) => this.selected.has(pin.requestid))
    const some = !all && this.pins.some((pin) => this.selected.has(pin.requestid))
    return html`<table>
      <caption class="visually-hidden">${this.caption}</caption>
      <thead><tr>
        <th scope="col" class="pick"><input type="checkbox" aria-label="Select every pin on this page" .checked=${all} .indeterminate=${some}
          @change=${(event: Event) => {
      this.#emit((event.target as HTMLInputElement).checked ? this.pins.map((pin) => pin.requestid) : [])
    }}></th>
        <th scope="col" class="what">Name and CID</th><th scope="col" class="status">Status</th><th scope="col" class="size">Size</th><th scope="col" class="age">Created</th>
      </tr></thead>
      <tbody>${repeat(this.pins, (pin) => pin.requestid, (pin) => this.#row(pin))}</tbody>
    </table>`
  }

  #row (pin: PinStatus) {
    const name = pin.pin.name
    const label = name === undefined || name === '' ? `unnamed pin ${shortenMiddle(pin.pin.cid, 8)}` : name
    const ticked = this.selected.has(pin.requestid)
    return html`<tr class=${ticked ? 'ticked' : ''}>
      <td class="pick"><input type="checkbox" aria-label=${`Select ${label}`} .checked=${ticked} @change=${(
      event: Event
    ) => {
      this.#toggle(pin.requestid, (event.target as HTMLInputElement).checked)
    }}></td>
      <td class="what">
        <a class="name" href=${routeHref({ view: 'pins', requestid: pin.requestid })}>${
      name === undefined || name === ''
        ? html`<span class="unnamed">Unnamed</span><span class="visually-hidden"> pin ${pin.pin.cid}</span>`
        : name
    }</a>
        <div class="cid"><code title=${pin.pin.cid}>${
      shortenMiddle(pin.pin.cid, 12)
    }</code><copy-button .value=${pin.pin.cid} label="Copy CID"></copy-button></div>
      </td>
      <td class="status"><pin-status compact .status=${pin}></pin-status>
        ${
      pin.status === 'failed'
        ? html`<button type="button" class="retry" aria-label=${`Retry ${label}`}
          @click=${() => {
          this.dispatchEvent(new CustomEvent<PinStatus>('retry', { detail: pin }))
        }}>Retry</button>`
        : ''
    }</td>
      <td class="size">${this.#size(pin)}</td>
      <td class="age"><time datetime=${pin.created} title=${formatDate(pin.created)}>${
      formatAge(pin.created, this.now)
    }</time></td>
    </tr>`
  }

  #toggle (requestid: string, on: boolean): void {
    const next = new Set(this.selected)
    if (on) next.add(requestid)
    else next.delete(requestid)
    this.#emit([...next])
  }

  #emit (requestids: string[]): void {
    this.dispatchEvent(new CustomEvent<string[]>('selection-change', { detail: requestids }))
  }

  #size (pin: PinStatus) {
    const total = infoNumber(pin.info, 'dag_size')
    if (pin.status === 'pinned' && total !== undefined) return formatBytes(total)
    const fetched = infoNumber(pin.info, 'bytes_fetched')
    if (pin.status === 'pinning' && fetched !== undefined && fetched > 0) {
      return html`${formatBytes(fetched)} <span class="so-far">so far</span>`
    }
    return html`<span class="muted" aria-hidden="true">—</span><span class="visually-hidden">unknown</span>`
  }
}

customElements.define('pin-table', PinTable)

declare global {
  interface HTMLElementTagNameMap {
    'pin-table': PinTable
  }
}
