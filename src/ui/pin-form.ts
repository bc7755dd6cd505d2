import { LitElement, css, html, nothing } from 'lit'
import { MAX_NAME_LENGTH, MAX_ORIGINS } from '../api/limits.ts'
import { messageOf } from './format.ts'
import { checkPinFields } from './pin-validation.ts'
import { base } from './theme.ts'
import './meta-editor.ts'
import type { PinFields } from './pin-validation.ts'
import type { Pin, PinningService, PinStatus } from '../index.ts'

type Field = keyof PinFields

const EMPTY: PinFields = { cid: '', name: '', origins: [], meta: [] }

/**
 * The pin form, for a new pin or to replace one (`requestid` set). Every field is checked as it is typed,
 * by the API's own rules. Fires `pin-saved` with the new PinStatus.
 */
export class PinForm extends LitElement {
  static override properties = {
    service: { attribute: false },
    requestid: {},
    initial: { attribute: false },
    fields: { state: true },
    touched: { state: true },
    submitted: { state: true },
    busy: { state: true },
    failure: { state: true }
  }

  declare service: PinningService | undefined
  /** Replace this request instead of adding a new one. */
  declare requestid: string | undefined
  declare initial: Pin | undefined
  declare fields: PinFields
  declare touched: ReadonlySet<Field>
  declare submitted: boolean
  declare busy: boolean
  declare failure: string | undefined

  constructor () {
    super()
    this.fields = EMPTY
    this.touched = new Set()
    this.submitted = false
    this.busy = false
  }

  static override styles = [base, css`
    :host { display: block; }
    form { display: grid; gap: .25rem; max-width: 44rem; }
    .counter { font-variant-numeric: tabular-nums; }
  `]

  override willUpdate (changed: Map<string, unknown>): void {
    if (changed.has('initial') && this.initial !== undefined) {
      const { cid, name = '', origins = [], meta = {} } = this.initial
      this.fields = { cid, name, origins, meta: Object.entries(meta).map(([key, value]) => ({ key, value })) }
      this.touched = new Set()
      this.submitted = false
    }
  }

  override render () {
    const { errors } = checkPinFields(this.fields)
    const shown = (field: Field) => this.submitted || this.touched.has(field) ? errors[field] : undefined
    const replacing = this.requestid !== undefined
    return html`<form novalidate @submit=${this.#submit}>
      ${this.#field('cid', 'CID', shown('cid'), html`<input id="cid" name="cid" autocomplete="off" spellcheck="false" class="mono"
          placeholder="bafy… or Qm…" .value=${this.fields.cid} @input=${this.#text('cid')} aria-required="true"
          aria-invalid=${shown('cid') === undefined ? 'false' : 'true'} aria-describedby="cid-hint cid-error">`,
        'The content identifier of the DAG to keep.')}
      ${this.#field('name', 'Name', shown('name'), html`<input id="name" name="name" autocomplete="off" .value=${this.fields.name}
          @input=${this.#text('name')} aria-invalid=${shown('name') === undefined ? 'false' : 'true'} aria-describedby="name-hint name-error">`,
        html`Optional. <span class="counter">${[...this.fields.name].length}/${MAX_NAME_LENGTH}</span> characters.`)}
      ${this.#field('origins', 'Origins', shown('origins'), html`<textarea id="origins" name="origins" rows="3" spellcheck="false"
          placeholder="/dns4/gateway.example.com/tcp/443/https" .value=${this.fields.origins.join('\n')}
          @input=${(event: InputEvent) => { this.#set('origins', (event.target as HTMLTextAreaElement).value.split('\n')) }}
          aria-invalid=${shown('origins') === undefined ? 'false' : 'true'} aria-describedby="origins-hint origins-error"></textarea>`,
        `Optional. Multiaddrs of peers or gateways known to have the content, one per line (at most ${MAX_ORIGINS}).`)}
      <div class="field">
        <meta-editor legend="Meta" add-label="Add a meta key" .rows=${this.fields.meta} ?invalid=${shown('meta') !== undefined}
          @rows-change=${(event: CustomEvent<PinFields['meta']>) => { this.#set('meta', event.detail) }}></meta-editor>
        ${this.#error('meta', shown('meta'))}
      </div>
      ${this.submitted && errors.size !== undefined ? html`<p class="notice error" role="alert">${errors.size}</p>` : nothing}
      ${this.failure === undefined ? nothing : html`<p class="notice error" role="alert">${this.failure}</p>`}
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${this.busy ? 'Saving…' : replacing ? 'Replace pin' : 'Pin it'}</button>
        ${replacing ? html`<button type="button" @click=${() => { this.dispatchEvent(new Event('cancel')) }}>Cancel</button>` : nothing}
      </div>
    </form>`
  }

  #field (field: Field, label: string, error: string | undefined, control: unknown, hint: unknown) {
    return html`<div class="field">
      <label for=${field}>${label}</label>
      ${control}
      <span class="hint" id=${`${field}-hint`}>${hint}</span>
      ${this.#error(field, error)}
    </div>`
  }

  #error (field: string, error: string | undefined) {
    return html`<p class="field-error" id=${`${field}-error`} ?hidden=${error === undefined}>${error ?? ''}</p>`
  }

  #text (field: 'cid' | 'name') {
    return (event: InputEvent) => { this.#set(field, (event.target as HTMLInputElement).value) }
  }

  #set<F extends Field> (field: F, value: PinFields[F]): void {
    this.fields = { ...this.fields, [field]: value }
    this.touched = new Set([...this.touched, field])
    this.failure = undefined
  }

  /** Clears the form for the next pin. */
  reset (): void {
    this.fields = EMPTY
    this.touched = new Set()
    this.submitted = false
    this.failure = undefined
  }

  async #submit (event: SubmitEvent): Promise<void> {
    event.preventDefault()
    this.submitted = true
    const { pin, errors } = checkPinFields(this.fields)
    if (pin === undefined || this.service === undefined) {
      await this.updateComplete
      const first = (['cid', 'name', 'origins'] as const).find((field) => errors[field] !== undefined)
      const target = first === undefined ? this.renderRoot.querySelector('meta-editor') : this.renderRoot.querySelector<HTMLElement>(`#${first}`)
      target?.focus()
      return
    }
    this.busy = true
    try {
      const saved: PinStatus = this.requestid === undefined
        ? await this.service.pins.add(pin)
        : await this.service.pins.replace(this.requestid, pin)
      this.dispatchEvent(new CustomEvent<PinStatus>('pin-saved', { detail: saved }))
    } catch (error) {
      this.failure = messageOf(error)
    } finally {
      this.busy = false
    }
  }
}

customElements.define('pin-form', PinForm)

declare global {
  interface HTMLElementTagNameMap {
    'pin-form': PinForm
  }
}
