import { LitElement, css, html, nothing } from 'lit'
import { MAX_TOKEN_LABEL_LENGTH } from '../index.ts'
import { ChangeController } from './change-controller.ts'
import { formatAge, formatDate, messageOf } from './format.ts'
import { base } from './theme.ts'
import './api-examples.ts'
import './copy-button.ts'
import type { PinningService, TokenInfo } from '../index.ts'

/**
 * Access tokens: create (the secret shown once), list (label, non-secret prefix, created, last used), revoke
 * after a confirmation; and how to use them. A list of cards rather than a table: it fits a phone.
 */
export class TokenManager extends LitElement {
  static override properties = {
    service: { attribute: false },
    tokens: { state: true },
    label: { state: true },
    labelTouched: { state: true },
    created: { state: true },
    confirming: { state: true },
    problem: { state: true },
    busy: { state: true }
  }

  declare service: PinningService | undefined
  declare tokens: TokenInfo[] | undefined
  declare label: string
  declare labelTouched: boolean
  /** The secret of the token just created: shown until dismissed, never again. */
  declare created: { token: string, info: TokenInfo } | undefined
  /** The id of the token whose revocation waits for a confirmation. */
  declare confirming: string | undefined
  declare problem: string | undefined
  declare busy: boolean
  /** Tokens created or revoked in another tab show up here too. */
  readonly #changes = new ChangeController(this, () => this.service, ['tokens'], async () => {
    await this.#load()
  })

  constructor () {
    super()
    this.label = ''
    this.labelTouched = false
    this.busy = false
  }

  static override styles = [
    base,
    css`
    /* minmax(0, 1fr): a long line of code inside must scroll, not widen the page. */
    :host { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; }
    section { margin: 0; }
    form { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: .5rem; align-items: start; max-width: 40rem; }
    form .field { margin: 0; }
    form button { margin-top: 1.6875rem; }
    .secret { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0; min-width: 0; }
    .secret code { font-size: .9375rem; padding: .375rem .5rem; background: var(--surface); border: 1px solid var(--border); border-radius: 4px; min-width: 0; }
    ul.tokens { list-style: none; margin: 0; padding: 0; }
    ul.tokens > li { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem; padding: .75rem 0; border-bottom: 1px solid var(--border); }
    ul.tokens > li:last-child { border-bottom: none; }
    .who { min-width: 0; flex: 1 1 16rem; }
    .label { font-weight: 600; overflow-wrap: anywhere; margin: 0; }
    .facts { margin: .125rem 0 0; color: var(--muted); font-size: .875rem; display: flex; flex-wrap: wrap; gap: .125rem 1rem; }
    .facts code { color: var(--text); }
    .confirm { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
    @media (max-width: 34rem) { form { grid-template-columns: 1fr; } form button { margin-top: 0; } }
  `
  ]

  override updated (changed: Map<string, unknown>): void {
    if (changed.has('service')) void this.#changes.refresh()
  }

  async #load (): Promise<void> {
    if (this.service === undefined) return
    try {
      this.tokens = (await this.service.tokens.list()).sort((a, b) => b.created.localeCompare(a.created))
    } catch (error) {
      this.problem = messageOf(error)
    }
  }

  #labelError (): string | undefined {
    if (this.label.trim() === '') return 'Give the token a label, such as the app that will use it.'
    const length = [...this.label].length
    return length > MAX_TOKEN_LABEL_LENGTH
      ? `The label is ${length} characters long; at most ${MAX_TOKEN_LABEL_LENGTH} are allowed.`
      : undefined
  }

  override render () {
    const error = this.labelTouched ? this.#labelError() : undefined
    return html`
      <section class="card" aria-labelledby="create-title">
        <h2 id="create-title">Create an access token</h2>
        <form novalidate @submit=${this.#create}>
          <div class="field">
            <label for="label">Label</label>
            <input id="label" autocomplete="off" placeholder="e.g. my photo app" .value=${this.label} aria-invalid=${
      error === undefined ? 'false' : 'true'
    } aria-describedby="label-error"
              @input=${(event: InputEvent) => {
      this.label = (event.target as HTMLInputElement).value
      this.labelTouched = true
    }}>
            <p class="field-error" id="label-error" ?hidden=${error === undefined}>${error ?? ''}</p>
          </div>
          <button class="primary" type="submit" ?disabled=${this.busy}>Create token</button>
        </form>
        ${
      this.created === undefined ? nothing : html`<div class="notice ok" role="status">
          <p><strong>Token “${this.created.info.label}” created.</strong> Copy it now: it is shown only once (only its hash is kept).</p>
          <div class="secret"><code id="secret">${this.created.token}</code><copy-button .value=${this.created.token} label="Copy token"></copy-button></div>
          <button type="button" @click=${() => {
        this.created = undefined
      }}>Done</button>
        </div>`
    }
      </section>
      ${this.problem === undefined ? nothing : html`<p class="notice error" role="alert">${this.problem}</p>`}
      <section class="card" aria-labelledby="list-title">
        <h2 id="list-title">Tokens</h2>
        ${this.#list()}
      </section>
      <section class="card" aria-labelledby="use-title">
        <h2 id="use-title">Use the API</h2>
        <api-examples endpoint=${this.service?.endpoint ?? ''} .token=${this.created?.token}></api-examples>
      </section>
    `
  }

  #list () {
    if (this.tokens === undefined) return html`<p class="muted" role="status">Loading tokens…</p>`
    if (this.tokens.length === 0) {
      return html`<p class="muted">No tokens yet. Create one for each app or device that should use the API; revoke it when it should stop.</p>`
    }
    return html`<ul class="tokens">${
      this.tokens.map((token) =>
        html`<li>
      <div class="who">
        <p class="label">${token.label}</p>
        <p class="facts">
          ${
          token.prefix === undefined ? nothing : html`<span>Starts <code class="prefix">${token.prefix}…</code></span>`
        }
          <span>Created <time class="created" datetime=${token.created} title=${formatDate(token.created)}>${
          formatAge(token.created)
        }</time></span>
          <span class="used">${
          token.lastUsed === undefined
            ? 'Never used'
            : html`Last used <time datetime=${token.lastUsed} title=${formatDate(token.lastUsed)}>${
              formatAge(token.lastUsed)
            }</time>`
        }</span>
        </p>
      </div>
      ${
          this.confirming === token.id
            ? html`<div class="confirm" role="group" aria-label=${`Revoke ${token.label}?`}><span>Revoke? Apps using it get 401.</span>
            <button type="button" class="danger solid" @click=${() => {
              void this.#revoke(token)
            }}>Revoke</button>
            <button type="button" class="cancel" @click=${() => {
              this.confirming = undefined
            }}>Cancel</button></div>`
            : html`<button type="button" class="danger" aria-label=${`Revoke ${token.label}`} @click=${() => {
              void this.#ask(token)
            }}>Revoke…</button>`
        }
    </li>`
      )
    }</ul>`
  }

  async #ask (token: TokenInfo): Promise<void> {
    this.confirming = token.id
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>('.confirm .cancel')?.focus()
  }

  async #create (event: SubmitEvent): Promise<void> {
    event.preventDefault()
    this.labelTouched = true
    if (this.#labelError() !== undefined || this.service === undefined) {
      this.renderRoot.querySelector<HTMLInputElement>('#label')?.focus()
      return
    }
    this.busy = true
    try {
      this.created = await this.service.tokens.create(this.label.trim())
      this.label = ''
      this.labelTouched = false
      this.problem = undefined
      await this.#load()
    } catch (error) {
      this.problem = messageOf(error)
    } finally {
      this.busy = false
    }
  }

  async #revoke (token: TokenInfo): Promise<void> {
    if (this.service === undefined) return
    try {
      await this.service.tokens.revoke(token.id)
      if (this.created?.info.id === token.id) this.created = undefined
      this.confirming = undefined
      await this.#load()
    } catch (error) {
      this.problem = messageOf(error)
    }
  }
}

customElements.define('token-manager', TokenManager)

declare global {
  interface HTMLElementTagNameMap {
    'token-manager': TokenManager
  }
}
