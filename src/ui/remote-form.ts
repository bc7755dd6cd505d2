import { LitElement, css, html, nothing } from 'lit'
import { messageOf } from './format.ts'
import { draftFor, initOf, problemsOf } from './remote-draft.ts'
import { base } from './theme.ts'
import './meta-editor.ts'
import type { MetaRow } from './pin-validation.ts'
import type { RemoteDraft, RemoteField } from './remote-draft.ts'
import type { PinningService, RemoteServiceInfo } from '../index.ts'

/**
 * Adds a remote pinning service, or edits one (`remote` set): endpoint, token (kept when left empty), which pins,
 * whether deletes propagate, and the upload API for content only this browser has. Checked as typed by the
 * library's own rules. Fires `saved` (detail: the service) and `cancel`.
 */
export class RemoteForm extends LitElement {
  static override properties = {
    service: { attribute: false },
    remote: { attribute: false },
    draft: { state: true },
    touched: { state: true },
    problem: { state: true },
    busy: { state: true }
  }

  declare service: PinningService | undefined
  declare remote: RemoteServiceInfo | undefined
  declare draft: RemoteDraft
  /** Fields whose errors show (typed in, or every field once a save was tried). */
  declare touched: ReadonlySet<RemoteField | 'all'>
  declare problem: string | undefined
  declare busy: boolean
  /** The service the draft was made from: live updates of the same service must not reset the edits. */
  #draftOf: string | undefined

  constructor () {
    super()
    this.draft = draftFor()
    this.touched = new Set()
    this.busy = false
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    form { max-width: 44rem; }
    .row { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
    @media (max-width: 34rem) { .row { grid-template-columns: 1fr; } }
    fieldset { border: 1px solid var(--border); border-radius: var(--radius); padding: .75rem 1rem 0; margin: 0 0 1rem; min-width: 0; }
    legend { font-weight: 600; padding: 0 .25rem; }
    .choice { display: flex; gap: .5rem; align-items: center; font-weight: normal; margin-bottom: .625rem; }
    meta-editor { margin: 0 0 .875rem 1.55rem; }
  `
  ]

  override willUpdate (changed: Map<string, unknown>): void {
    if (changed.has('remote') && this.remote?.id !== this.#draftOf) {
      this.#draftOf = this.remote?.id
      this.draft = draftFor(this.remote)
    }
  }

  override render () {
    const editing = this.remote !== undefined
    const problems = problemsOf(this.draft, editing, location.origin)
    const shown = (field: RemoteField) =>
      this.touched.has('all') || this.touched.has(field) ? problems[field] : undefined
    const d = this.draft
    return html`<form novalidate @submit=${this.#save}>
      <div class="row">
        ${
      this.#input(
        'label',
        'Name',
        d.label,
        shown('label'),
        'How this service is called here and in each pin\'s info (remote:<name>).'
      )
    }
        ${
      this.#input(
        'endpoint',
        'Pinning Service API endpoint',
        d.endpoint,
        shown('endpoint'),
        'The API base, e.g. https://api.pinata.cloud/psa or http://127.0.0.1:9097 (IPFS Cluster).',
        'url'
      )
    }
      </div>
      ${
      this.#input(
        'token',
        editing ? 'New access token' : 'Access token',
        d.token,
        shown('token'),
        editing
          ? `Leave empty to keep the current token (${this.remote?.tokenHint ?? ''}).`
          : 'Kept in this browser only; never shown again in full.',
        'password'
      )
    }
      <fieldset>
        <legend>Which pins to keep there</legend>
        <label class="choice"><input type="radio" name="scope" .checked=${d.scope === 'all'} @change=${() => {
      this.#edit({ scope: 'all' })
    }}> Every pin</label>
        <label class="choice"><input type="radio" name="scope" .checked=${d.scope === 'meta'} @change=${() => {
      this.#edit({ scope: 'meta' })
    }}> Pins whose meta has all of these</label>
        ${
      d.scope === 'meta'
        ? html`<meta-editor legend="Meta filter" add-label="Add a key" .rows=${d.meta} ?invalid=${
          shown('pins') !== undefined
        }
          @rows-change=${(event: CustomEvent<MetaRow[]>) => {
          this.#edit({ meta: event.detail }, 'pins')
        }}></meta-editor>`
        : nothing
    }
        <p class="field-error" id="pins-error" ?hidden=${shown('pins') === undefined}>${shown('pins') ?? ''}</p>
        <label class="choice"><input type="checkbox" .checked=${d.keepRemotePins} @change=${(event: Event) => {
      this.#edit({ keepRemotePins: (event.target as HTMLInputElement).checked })
    }}>
          Keep the remote pin when a pin is deleted or replaced here</label>
      </fieldset>
      <fieldset>
        <legend>Upload content first (optional)</legend>
        <p class="hint">For content only this browser has: the engine sends it as a CAR before asking for the pin. Needs the service's own upload API.</p>
        <div class="field">
          <label for="uploadKind">Upload API</label>
          <select id="uploadKind" @change=${(event: Event) => {
      this.#edit({ uploadKind: (event.target as HTMLSelectElement).value as RemoteDraft['uploadKind'] })
    }}>
            <option value="" ?selected=${d.uploadKind === ''}>None: the service fetches by CID</option>
            <option value="ipfs-cluster" ?selected=${
      d.uploadKind === 'ipfs-cluster'
    }>IPFS Cluster REST API (POST /add?format=car)</option>
            <option value="kubo" ?selected=${d.uploadKind === 'kubo'}>Kubo RPC (POST /api/v0/dag/import)</option>
          </select>
        </div>
        ${
      d.uploadKind === '' ? nothing : html`<div class="row">
          ${
        this.#input(
          'uploadUrl',
          'Upload API URL',
          d.uploadUrl,
          shown('uploadUrl'),
          d.uploadKind === 'kubo' ? 'e.g. http://127.0.0.1:5001' : 'e.g. http://127.0.0.1:9094',
          'url'
        )
      }
          ${
        this.#input(
          'uploadAuthorization',
          'Authorization header',
          d.uploadAuthorization,
          shown('uploadAuthorization'),
          editing && this.remote?.upload?.authorizationHint !== undefined
            ? `Leave empty to keep the current one (${this.remote.upload.authorizationHint}).`
            : 'Optional: "Basic <base64 of user:password>" or "Bearer <token>".',
          'password'
        )
      }
        </div>`
    }
      </fieldset>
      ${this.problem === undefined ? nothing : html`<p class="notice error" role="alert">${this.problem}</p>`}
      <div class="actions">
        <button class="primary" type="submit" ?disabled=${this.busy}>${
      editing ? 'Save changes' : 'Add service'
    }</button>
        <button type="button" @click=${() => {
      this.dispatchEvent(new Event('cancel'))
    }}>Cancel</button>
      </div>
    </form>`
  }

  #input (
    field: Exclude<RemoteField, 'pins'>,
    label: string,
    value: string,
    error: string | undefined,
    hint: string,
    type: 'text' | 'url' | 'password' = 'text'
  ) {
    return html`<div class="field">
      <label for=${field}>${label}</label>
      <input id=${field} type=${type} autocomplete=${
      type === 'password' ? 'new-password' : 'off'
    } spellcheck="false" .value=${value}
        aria-invalid=${error === undefined ? 'false' : 'true'} aria-describedby=${`${field}-hint ${field}-error`}
        @input=${(event: InputEvent) => {
      this.#edit({ [field]: (event.target as HTMLInputElement).value }, field)
    }}>
      <span class="hint" id=${`${field}-hint`}>${hint}</span>
      <p class="field-error" id=${`${field}-error`} ?hidden=${error === undefined}>${error ?? ''}</p>
    </div>`
  }

  #edit (changes: Partial<RemoteDraft>, field?: RemoteField): void {
    this.draft = { ...this.draft, ...changes }
    if (field !== undefined) this.touched = new Set([...this.touched, field])
    this.problem = undefined
  }

  async #save (event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (this.service === undefined) return
    const editing = this.remote !== undefined
    const problems = problemsOf(this.draft, editing, location.origin)
    if (Object.keys(problems).length > 0) {
      this.touched = new Set(['all'])
      await this.updateComplete
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid=true]')?.focus()
      return
    }
    this.busy = true
    try {
      const init = initOf(this.draft, editing)
      // The library is the judge: its message is shown as it is.
      const saved = this.remote === undefined
        ? await this.service.remotes.add(init)
        : await this.service.remotes.update(this.remote.id, init)
      this.dispatchEvent(new CustomEvent('saved', { detail: saved }))
    } catch (error) {
      this.problem = messageOf(error)
    } finally {
      this.busy = false
    }
  }
}

customElements.define('remote-form', RemoteForm)

declare global {
  interface HTMLElementTagNameMap {
    'remote-form': RemoteForm
  }
}
