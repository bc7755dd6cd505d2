import { LitElement, css, html, nothing } from 'lit'
import { MAX_NAME_LENGTH, MAX_ORIGINS } from '../index.ts'
import { messageOf } from './format.ts'
import { EMPTY_FILTER, filterQuery } from './list-query.ts'
import { checkPinFields, pathName } from './pin-validation.ts'
import { routeHref } from './route.ts'
import { base } from './theme.ts'
import './meta-editor.ts'
import type { CheckedPin, PinFields } from './pin-validation.ts'
import type { Pin, PinningService, PinStatus } from '../index.ts'

type Field = keyof PinFields

const EMPTY: PinFields = { cid: '', name: '', origins: [], meta: [] }
/** The CID is looked up among the pins once typing pauses this long. */
const LOOKUP_PAUSE_MS = 250

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
    failure: { state: true },
    existing: { state: true }
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
  /** A request for the same content that already exists (another one than the one being replaced). */
  declare existing: PinStatus | undefined
  #lookup: ReturnType<typeof setTimeout> | undefined
  /** The CID the last lookup was for: a slower, older answer is dropped. */
  #lookedUp = ''

  constructor () {
    super()
    this.fields = EMPTY
    this.touched = new Set()
    this.submitted = false
    this.busy = false
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    form { display: grid; gap: .25rem; max-width: 44rem; }
    .counter { font-variant-numeric: tabular-nums; }
    .read { font-size: .875rem; margin: 0; }
    .notice.compact { padding: .5rem .75rem; margin: .25rem 0 0; font-size: .9375rem; }
    details.more { margin: .25rem 0 .75rem; }
    details.more > summary { cursor: pointer; font-weight: 600; font-size: .9375rem; padding: .25rem 0; margin-bottom: .5rem; }
  `
  ]

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    clearTimeout(this.#lookup)
  }

  override updated (changed: Map<string, unknown>): void {
    if (changed.has('fields') || changed.has('service')) this.#scheduleLookup()
  }

  /** Looks the typed CID up among the pins (all states), to warn before a second request for the same content. */
  #scheduleLookup (): void {
    const read = checkPinFields(this.fields).cid
    const cid = read.ok ? read.cid : ''
    if (cid === this.#lookedUp) return
    this.#lookedUp = cid
    clearTimeout(this.#lookup)
    this.existing = undefined
    const service = this.service
    if (cid === '' || service === undefined) return
    const { query } = filterQuery({ ...EMPTY_FILTER, cids: cid }, { limit: 2 })
    if (query === undefined) return
    this.#lookup = setTimeout(() => {
      service.pins.list(query).then((page) => {
        if (this.#lookedUp !== cid) return
        this.existing = page.results.find((status) => status.requestid !== this.requestid)
      }, () => {/* the warning is a courtesy: without it the form still works */})
    }, LOOKUP_PAUSE_MS)
  }

  override willUpdate (changed: Map<string, unknown>): void {
    if (changed.has('initial') && this.initial !== undefined) {
      const { cid, name = '', origins = [], meta = {} } = this.initial
      this.fields = { cid, name, origins, meta: Object.entries(meta).map(([key, value]) => ({ key, value })) }
      this.touched = new Set()
      this.submitted = false
    }
  }

  override render () {
    const checked = checkPinFields(this.fields)
    const { errors } = checked
    const shown = (field: Field) => this.submitted || this.touched.has(field) ? errors[field] : undefined
    const replacing = this.requestid !== undefined
    const moreWanted = this.fields.origins.some((line) => line.trim() !== '') || this.fields.meta.length > 0 ||
      shown('origins') !== undefined || shown('meta') !== undefined
    return html`<form novalidate @submit=${this.#submit}>
      ${
      this.#field(
        'cid',
        'CID or link',
        shown('cid'),
        html`<input id="cid" name="cid" autocomplete="off" spellcheck="false" class="mono"
          placeholder="bafy…, Qm… or https://…/ipfs/…" .value=${this.fields.cid} @input=${
          this.#text('cid')
        } aria-required="true"
          aria-invalid=${
          shown('cid') === undefined ? 'false' : 'true'
        } aria-describedby="cid-hint cid-error cid-read">`,
        'The CID of the content to keep, or a link to it (a gateway link, an ipfs:// link or an /ipfs/ path).',
        this.#cidNotes(checked)
      )
    }
      ${
      this.#field(
        'name',
        'Name',
        shown('name'),
        html`<input id="name" name="name" autocomplete="off" .value=${this.fields.name}
          placeholder=${checked.cid.ok && checked.cid.path !== '' ? pathName(checked.cid.path) : ''}
          @input=${this.#text('name')} aria-invalid=${
          shown('name') === undefined ? 'false' : 'true'
        } aria-describedby="name-hint name-error">`,
        html`Optional. <span class="counter">${[...this.fields.name].length}/${MAX_NAME_LENGTH}</span> characters.`
      )
    }
      <details class="more" ?open=${moreWanted}>
        <summary>Origins and meta (optional)</summary>
        ${
      this.#field(
        'origins',
        'Origins',
        shown('origins'),
        html`<textarea id="origins" name="origins" rows="3" spellcheck="false"
            placeholder="/dns4/gateway.example.com/tcp/443/https" .value=${this.fields.origins.join('\n')}
            @input=${(event: InputEvent) => {
          this.#set('origins', (event.target as HTMLTextAreaElement).value.split('\n'))
        }}
            aria-invalid=${
          shown('origins') === undefined ? 'false' : 'true'
        } aria-describedby="origins-hint origins-error"></textarea>`,
        `Multiaddrs of peers or gateways known to have the content, one per line (at most ${MAX_ORIGINS}).`
      )
    }
        <div class="field">
          <meta-editor legend="Meta" add-label="Add a meta key" .rows=${this.fields.meta} ?invalid=${
      shown('meta') !== undefined
    }
            @rows-change=${(event: CustomEvent<PinFields['meta']>) => {
      this.#set('meta', event.detail)
    }}></meta-editor>
          ${this.#error('meta', shown('meta'))}
        </div>
      </details>
      ${
      this.submitted && errors.size !== undefined
        ? html`<p class="notice error" role="alert">${errors.size}</p>`
        : nothing
    }
      ${this.failure === undefined ? nothing : html`<p class="notice error" role="alert">${this.failure}</p>`}
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${
      this.busy ? 'Saving…' : replacing ? 'Replace pin' : 'Pin it'
    }</button>
        ${
      replacing
        ? html`<button type="button" @click=${() => {
          this.dispatchEvent(new Event('cancel'))
        }}>Cancel</button>`
        : nothing
    }
      </div>
    </form>`
  }

  #field (
    field: Field,
    label: string,
    error: string | undefined,
    control: unknown,
    hint: unknown,
    after: unknown = nothing
  ) {
    return html`<div class="field">
      <label for=${field}>${label}</label>
      ${control}
      <span class="hint" id=${`${field}-hint`}>${hint}</span>
      ${this.#error(field, error)}
      ${after}
    </div>`
  }

  /** How a link was read, and whether this content is pinned already. */
  #cidNotes ({ cid: read }: CheckedPin) {
    const existing = this.existing
    return html`
      ${
      read.ok && read.form !== 'cid'
        ? html`<p class="read hint" id="cid-read" role="status">Read from the ${read.form}: CID <code>${read.cid}</code>.
        ${
          read.path === ''
            ? nothing
            : html`The whole DAG is pinned, which keeps <code>${read.path}</code> inside it${
              this.fields.name === '' ? html`; the pin is named “${pathName(read.path)}” unless you name it` : nothing
            }.`
        }</p>`
        : html`<span id="cid-read" hidden></span>`
    }
      ${
      existing === undefined ? nothing : html`<div class="notice compact" role="status">
        ${
        existing.status === 'failed'
          ? 'A request for this content failed'
          : existing.status === 'pinned'
          ? 'Already pinned'
          : `Already requested (${existing.status})`
      }
        ${existing.pin.name === undefined || existing.pin.name === '' ? '(unnamed)' : html`as “${existing.pin.name}”`}.
        <a href=${routeHref({ view: 'pins', requestid: existing.requestid })}>Open that pin</a></div>`
    }`
  }

  #error (field: string, error: string | undefined) {
    return html`<p class="field-error" id=${`${field}-error`} ?hidden=${error === undefined}>${error ?? ''}</p>`
  }

  #text (field: 'cid' | 'name') {
    return (event: InputEvent) => {
      this.#set(field, (event.target as HTMLInputElement).value)
    }
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
      const target = first === undefined
        ? this.renderRoot.querySelector('meta-editor')
        : this.renderRoot.querySelector<HTMLElement>(`#${first}`)
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
