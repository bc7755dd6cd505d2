import { LitElement, css, html, nothing } from 'lit'
import { DEFAULT_ENGINE_CONFIG, MAX_CONCURRENCY } from '../index.ts'
import { ChangeController } from './change-controller.ts'
import { messageOf } from './format.ts'
import { configOf, draftOf, problemsOf } from './settings-draft.ts'
import { base } from './theme.ts'
import type { Draft } from './settings-draft.ts'
import type { PinningService } from '../index.ts'

/** Engine settings: kept across reloads, applied by the engine at once; a way back to the defaults. */
export class SettingsForm extends LitElement {
  static override properties = {
    service: { attribute: false },
    draft: { state: true },
    dirty: { state: true },
    notice: { state: true },
    problem: { state: true },
    confirmReset: { state: true }
  }

  declare service: PinningService | undefined
  declare draft: Draft | undefined
  /** Edited since the last load or save: a change from another tab does not overwrite the edits. */
  declare dirty: boolean
  declare notice: string | undefined
  declare problem: string | undefined
  declare confirmReset: boolean
  readonly #changes = new ChangeController(this, () => this.service, ['settings'], async () => {
    await this.#load()
  })

  constructor () {
    super()
    this.dirty = false
    this.confirmReset = false
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    form { max-width: 44rem; }
    .row { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
    @media (max-width: 34rem) { .row { grid-template-columns: 1fr; } }
    fieldset { border: 1px solid var(--border); border-radius: var(--radius); padding: .75rem 1rem 0; margin: 0 0 1rem; }
    legend { font-weight: 600; padding: 0 .25rem; }
    .check { display: flex; gap: .5rem; align-items: center; font-weight: normal; margin-bottom: .875rem; }
    /* Save stays in view however long the form: on a phone it is otherwise a long scroll away. */
    .actions.sticky { position: sticky; bottom: 0; z-index: 1; margin: 0 -1rem -1rem; padding: .75rem 1rem;
      background: var(--surface); border-top: 1px solid var(--border); border-radius: 0 0 var(--radius) var(--radius); }
    .actions.sticky .notice { flex-basis: 100%; margin: 0; }
  `
  ]

  override updated (changed: Map<string, unknown>): void {
    if (changed.has('service')) void this.#changes.refresh()
  }

  async #load (): Promise<void> {
    if (this.service === undefined || this.dirty) return
    try {
      this.draft = draftOf(await this.service.settings.get())
    } catch (error) {
      this.problem = messageOf(error)
    }
  }

  override render () {
    const draft = this.draft
    if (draft === undefined) return html`<p class="muted" role="status">Loading settings…</p>`
    const problems = problemsOf(draft)
    return html`<form class="card" novalidate @submit=${this.#save}>
      <h2>Engine settings</h2>
      <p class="muted">Where the engine looks for content and how hard it works. Saved in this browser; the engine applies them at once (fetches in progress resume).</p>
      ${
      this.#urls(
        'gateways',
        'Trustless gateways',
        draft.gateways,
        problems.gateways,
        'HTTP gateways asked for raw blocks, one URL per line.'
      )
    }
      ${
      this.#urls(
        'routers',
        'Delegated routers',
        draft.routers,
        problems.routers,
        'Routing V1 endpoints that find providers, one URL per line.'
      )
    }
      <div class="row">
        ${
      this.#number(
        'concurrency',
        'Pins fetched at once',
        draft.concurrency,
        problems.concurrency,
        `1 to ${MAX_CONCURRENCY}; default ${DEFAULT_ENGINE_CONFIG.concurrency}.`
      )
    }
        ${
      this.#number(
        'deadlineSeconds',
        'Deadline per pin (seconds)',
        draft.deadlineSeconds,
        problems.pinTimeoutMs,
        `A pin still incomplete after this fails; default ${DEFAULT_ENGINE_CONFIG.pinTimeoutMs / 1000}.`
      )
    }
      </div>
      <fieldset>
        <legend>Advanced</legend>
        <div class="field">
          <label for="libp2p">libp2p peers (bitswap)</label>
          <select id="libp2p" @change=${(event: Event) => {
      this.#edit({ libp2p: (event.target as HTMLSelectElement).value as Draft['libp2p'] })
    }}>
            <option value="auto" ?selected=${draft.libp2p === 'auto'}>When a pin names a libp2p origin</option>
            <option value="always" ?selected=${draft.libp2p === 'always'}>Always</option>
            <option value="never" ?selected=${draft.libp2p === 'never'}>Never</option>
          </select>
        </div>
        <label class="check"><input type="checkbox" .checked=${draft.allowInsecure} @change=${(event: Event) => {
      this.#edit({ allowInsecure: (event.target as HTMLInputElement).checked })
    }}>
          Allow http://, ws:// and local addresses (local networks and tests)</label>
      </fieldset>
      <div class="actions sticky">
        ${this.problem === undefined ? nothing : html`<p class="notice error" role="alert">${this.problem}</p>`}
        ${this.notice === undefined ? nothing : html`<p class="notice ok" role="status">${this.notice}</p>`}
        <button class="primary" type="submit">Save settings</button>
        ${this.dirty ? html`<button type="button" @click=${this.#discard}>Discard changes</button>` : nothing}
        ${
      this.confirmReset
        ? html`<span role="group" aria-label="Restore the defaults?" class="actions">Restore every default?
              <button type="button" class="danger solid" @click=${this.#reset}>Restore defaults</button>
              <button type="button" class="cancel" @click=${() => {
          this.confirmReset = false
        }}>Cancel</button></span>`
        : html`<button type="button" class="danger" @click=${this.#askReset}>Restore defaults…</button>`
    }
      </div>
    </form>`
  }

  #urls (field: 'gateways' | 'routers', label: string, value: string, error: string | undefined, hint: string) {
    return html`<div class="field">
      <label for=${field}>${label}</label>
      <textarea id=${field} rows="3" spellcheck="false" .value=${value} aria-invalid=${
      error === undefined ? 'false' : 'true'
    } aria-describedby=${`${field}-hint ${field}-error`}
        @input=${(event: InputEvent) => {
      this.#edit({ [field]: (event.target as HTMLTextAreaElement).value })
    }}></textarea>
      <span class="hint" id=${`${field}-hint`}>${hint}</span>
      <p class="field-error" id=${`${field}-error`} ?hidden=${error === undefined}>${error ?? ''}</p>
    </div>`
  }

  #number (
    field: 'concurrency' | 'deadlineSeconds',
    label: string,
    value: string,
    error: string | undefined,
    hint: string
  ) {
    return html`<div class="field">
      <label for=${field}>${label}</label>
      <input id=${field} inputmode="numeric" .value=${value} aria-invalid=${
      error === undefined ? 'false' : 'true'
    } aria-describedby=${`${field}-hint ${field}-error`}
        @input=${(event: InputEvent) => {
      this.#edit({ [field]: (event.target as HTMLInputElement).value })
    }}>
      <span class="hint" id=${`${field}-hint`}>${hint}</span>
      <p class="field-error" id=${`${field}-error`} ?hidden=${error === undefined}>${error ?? ''}</p>
    </div>`
  }

  #edit (changes: Partial<Draft>): void {
    if (this.draft === undefined) return
    this.draft = { ...this.draft, ...changes }
    this.dirty = true
    this.notice = undefined
    this.problem = undefined
  }

  async #save (event: SubmitEvent): Promise<void> {
    event.preventDefault()
    if (this.service === undefined || this.draft === undefined) return
    try {
      // The service is the judge: its InvalidArgumentError message is shown as it is.
      this.draft = draftOf(await this.service.settings.update(configOf(this.draft)))
      this.dirty = false
      this.problem = undefined
      this.notice = 'Settings saved. The engine uses them from now on.'
    } catch (error) {
      this.notice = undefined
      this.problem = messageOf(error)
    }
  }

  async #discard (): Promise<void> {
    this.dirty = false
    this.problem = undefined
    await this.#load()
  }

  async #askReset (): Promise<void> {
    this.confirmReset = true
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>('[role=group] .cancel')?.focus()
  }

  async #reset (): Promise<void> {
    if (this.service === undefined) return
    try {
      this.draft = draftOf(await this.service.settings.reset())
      this.dirty = false
      this.confirmReset = false
      this.problem = undefined
      this.notice = 'The default settings are back.'
    } catch (error) {
      this.problem = messageOf(error)
    }
  }
}

customElements.define('settings-form', SettingsForm)

declare global {
  interface HTMLElementTagNameMap {
    'settings-form': SettingsForm
  }
}
