import { LitElement, css, html } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { base } from './theme.ts'
import type { MetaRow } from './pin-validation.ts'

let keys = 0

/** Key/value rows (a pin's meta, or the meta filter). Fires `rows-change` with the new rows. */
export class MetaEditor extends LitElement {
  static override properties = {
    rows: { attribute: false },
    legend: {},
    addLabel: { attribute: 'add-label' },
    invalid: { type: Boolean }
  }

  declare rows: MetaRow[]
  declare legend: string
  declare addLabel: string
  declare invalid: boolean
  // Stable identities for the rows, so removing one keeps focus and text in the others.
  readonly #ids = new WeakMap<MetaRow, number>()

  constructor () {
    super()
    this.rows = []
    this.legend = 'Meta'
    this.addLabel = 'Add a key'
    this.invalid = false
  }

  // focus() on the element lands in its first control (the form focuses the first invalid field).
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true }

  static override styles = [
    base,
    css`
    :host { display: block; }
    fieldset { border: none; margin: 0; padding: 0; min-width: 0; }
    legend { font-weight: 600; font-size: .9375rem; padding: 0; margin-bottom: .3125rem; }
    .row { display: grid; grid-template-columns: 1fr 1.5fr auto; gap: .5rem; margin-bottom: .5rem; align-items: center; }
    .remove { padding-inline: .625rem; }
    @media (max-width: 30rem) { .row { grid-template-columns: 1fr auto; } .row .value { grid-column: 1; grid-row: 2; } .remove { grid-row: 1 / span 2; grid-column: 2; } }
  `
  ]

  override render () {
    return html`<fieldset>
      <legend>${this.legend} <slot name="hint"></slot></legend>
      ${
      repeat(this.rows, (row) => this.#idOf(row), (row, i) =>
        html`<div class="row">
        <input class="key" aria-label=${`${this.legend} key ${
          i + 1
        }`} placeholder="key" .value=${row.key} aria-invalid=${this.invalid ? 'true' : 'false'}
          @input=${(event: InputEvent) => {
          this.#change(i, { ...row, key: (event.target as HTMLInputElement).value })
        }}>
        <input class="value" aria-label=${`${this.legend} value ${
          i + 1
        }`} placeholder="value" .value=${row.value} aria-invalid=${this.invalid ? 'true' : 'false'}
          @input=${(event: InputEvent) => {
          this.#change(i, { ...row, value: (event.target as HTMLInputElement).value })
        }}>
        <button type="button" class="remove" aria-label=${`Remove ${this.legend.toLowerCase()} row ${
          i + 1
        }`} @click=${() => {
          this.#remove(i)
        }}>✕</button>
      </div>`)
    }
      <button type="button" class="add" @click=${this.#add}>+ ${this.addLabel}</button>
    </fieldset>`
  }

  #idOf (row: MetaRow): number {
    let id = this.#ids.get(row)
    if (id === undefined) {
      id = ++keys
      this.#ids.set(row, id)
    }
    return id
  }

  #emit (rows: MetaRow[]): void {
    this.rows = rows
    this.dispatchEvent(new CustomEvent<MetaRow[]>('rows-change', { detail: rows }))
  }

  #change (index: number, next: MetaRow): void {
    const old = this.rows[index]
    if (old !== undefined) this.#ids.set(next, this.#idOf(old))
    this.#emit(this.rows.map((row, i) => i === index ? next : row))
  }

  async #add (): Promise<void> {
    this.#emit([...this.rows, { key: '', value: '' }])
    await this.updateComplete
    this.renderRoot.querySelector<HTMLInputElement>('.row:last-of-type .key')?.focus()
  }

  async #remove (index: number): Promise<void> {
    this.#emit(this.rows.filter((_, i) => i !== index))
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>('.add')?.focus()
  }
}

customElements.define('meta-editor', MetaEditor)

declare global {
  interface HTMLElementTagNameMap {
    'meta-editor': MetaEditor
  }
}
