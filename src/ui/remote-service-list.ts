import { LitElement, css, html, nothing } from 'lit'
import { ChangeController } from './change-controller.ts'
import { formatAge, formatCount, formatDate, messageOf } from './format.ts'
import { base } from './theme.ts'
import './remote-form.ts'
import type { PinningService, RemoteServiceInfo } from '../index.ts'

const UPLOAD_NAMES = { 'ipfs-cluster': 'IPFS Cluster REST API', kubo: 'Kubo RPC' } as const

/**
 * Settings → remote pinning services: each with its state (in step, or what went wrong and when it tries again),
 * add, edit, a new token when the service refused the old one, and remove after a confirmation.
 */
export class RemoteServiceList extends LitElement {
  static override properties = {
    service: { attribute: false },
    remotes: { state: true },
    adding: { state: true },
    editing: { state: true },
    confirming: { state: true },
    newToken: { state: true },
    problem: { state: true },
    notice: { state: true }
  }

  declare service: PinningService | undefined
  declare remotes: RemoteServiceInfo[] | undefined
  declare adding: boolean
  /** The id of the service being edited. */
  declare editing: string | undefined
  /** The id of the service whose removal waits for a confirmation. */
  declare confirming: string | undefined
  declare newToken: string
  declare problem: string | undefined
  declare notice: string | undefined
  readonly #changes = new ChangeController(this, () => this.service, ['remotes', 'replicas'], async () => {
    await this.#load()
  })

  constructor () {
    super()
    this.adding = false
    this.newToken = ''
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    ul.remotes { list-style: none; margin: 0 0 1rem; padding: 0; }
    ul.remotes > li { padding: .875rem 0; border-bottom: 1px solid var(--border); min-width: 0; }
    ul.remotes > li:first-child { padding-top: 0; }
    h3 { margin: 0 0 .25rem; overflow-wrap: anywhere; }
    .facts { margin: 0 0 .5rem; color: var(--muted); font-size: .875rem; display: flex; flex-wrap: wrap; gap: .125rem 1rem; }
    .facts code { color: var(--text); }
    .state { margin: 0 0 .5rem; }
    .notice { margin-bottom: .5rem; overflow-wrap: anywhere; }
    .token { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: .5rem; align-items: end; margin-top: .5rem; }
    .token .field { margin: 0; }
    @media (max-width: 34rem) { .token { grid-template-columns: 1fr; } }
    .editor { margin-top: .75rem; }
  `
  ]

  override updated (changed: Map<string, unknown>): void {
    if (changed.has('service')) void this.#changes.refresh()
  }

  async #load (): Promise<void> {
    if (this.service === undefined) return
    try {
      this.remotes = await this.service.remotes.list()
    } catch (error) {
      this.problem = messageOf(error)
    }
  }

  override render () {
    return html`<section class="card" aria-labelledby="remotes-title">
      <h2 id="remotes-title">Remote pinning services</h2>
      <p class="muted">Keep your pins in step with always-on services (IPFS Cluster, Pinata, Filebase, another copy of this service): the engine asks each for a pin of every local pin, follows its status, and deletes it when the pin goes here. It works while a page of this site is open. Status per pin is in its details and its <code>info</code>.</p>
      ${this.problem === undefined ? nothing : html`<p class="notice error" role="alert">${this.problem}</p>`}
      ${this.notice === undefined ? nothing : html`<p class="notice ok" role="status">${this.notice}</p>`}
      ${this.#list()}
      ${
      this.adding
        ? html`<h3>Add a service</h3><remote-form .service=${this.service} @saved=${this.#added} @cancel=${() => {
          this.adding = false
        }}></remote-form>`
        : html`<button type="button" class="primary" @click=${this.#startAdding}>Add a service…</button>`
    }
    </section>`
  }

  #list () {
    if (this.remotes === undefined) return html`<p class="muted" role="status">Loading…</p>`
    if (this.remotes.length === 0) return html`<p>No remote services yet: everything lives in this browser only.</p>`
    return html`<ul class="remotes">${
      this.remotes.map((remote) =>
        html`<li>
      <h3>${remote.label}</h3>
      <p class="facts">
        <span><code>${remote.endpoint}</code></span>
        <span>Token <code>${remote.tokenHint}</code></span>
        <span>${
          remote.pins === 'all'
            ? 'Every pin'
            : `Pins with ${Object.entries(remote.pins.meta).map(([key, value]) => `${key}=${value}`).join(', ')}`
        }</span>
        <span>${
          remote.keepRemotePins ? 'Deleting here keeps the remote pin' : 'Deleting here deletes the remote pin'
        }</span>
        ${
          remote.upload === undefined
            ? nothing
            : html`<span>Uploads to ${UPLOAD_NAMES[remote.upload.kind]} <code>${remote.upload.url}</code></span>`
        }
      </p>
      ${this.#state(remote)}
      ${
          this.editing === remote.id
            ? html`<div class="editor"><remote-form .service=${this.service} .remote=${remote} @saved=${this.#saved} @cancel=${() => {
              this.editing = undefined
            }}></remote-form></div>`
            : this.confirming === remote.id
            ? html`<div class="actions" role="group" aria-label=${`Remove ${remote.label}?`}><span>Stop keeping pins there? The pins it holds stay at the service.</span>
              <button type="button" class="danger solid" @click=${() => {
              void this.#remove(remote)
            }}>Remove</button>
              <button type="button" class="cancel" @click=${() => {
              this.confirming = undefined
            }}>Cancel</button></div>`
            : html`<div class="actions">
              <button type="button" aria-label=${`Edit ${remote.label}`} @click=${() => {
              this.editing = remote.id
              this.notice = undefined
            }}>Edit…</button>
              <button type="button" class="danger" aria-label=${`Remove ${remote.label}`} @click=${() => {
              void this.#askRemove(remote)
            }}>Remove…</button></div>`
        }
    </li>`
      )
    }</ul>`
  }

  #state (remote: RemoteServiceInfo) {
    const { health, counts } = remote
    if (health.state === 'unauthorized') {
      return html`<div class="notice error" role="alert"><strong>Stopped:</strong> ${
        health.message ?? 'the service refused the access token'
      }. Nothing is sent until it has a new token.
        <form class="token" @submit=${(event: SubmitEvent) => {
        void this.#setToken(event, remote)
      }}>
          <div class="field"><label for=${`token-${remote.id}`}>New access token for ${remote.label}</label>
            <input id=${`token-${remote.id}`} type="password" autocomplete="new-password" .value=${this.newToken} @input=${(
        event: InputEvent
      ) => {
        this.newToken = (event.target as HTMLInputElement).value
      }}></div>
          <button type="submit" class="primary">Use this token</button>
        </form></div>`
    }
    if (health.state !== 'ok') {
      const label = health.state === 'cors'
        ? 'Blocked by the browser (CORS)'
        : health.state === 'unreachable'
        ? 'Cannot be reached'
        : 'Failing'
      return html`<div class="notice error" role="status"><strong>${label}:</strong> ${health.message ?? ''}
        ${
        health.since === undefined
          ? nothing
          : html`<br>Since <time datetime=${health.since} title=${formatDate(health.since)}>${
            formatAge(health.since)
          }</time>.`
      }
        ${
        health.retryAt === undefined
          ? nothing
          : html`Next try <time datetime=${health.retryAt}>${
            formatDate(health.retryAt)
          }</time>; nothing is lost meanwhile.`
      }</div>`
    }
    const total = counts.pinned + counts.working + counts.problem + counts.removing
    if (total === 0) return html`<p class="state muted">No pins to keep there yet.</p>`
    const parts = [
      `${formatCount(counts.pinned)} pinned there`,
      counts.working > 0 ? `${formatCount(counts.working)} on their way` : '',
      counts.problem > 0 ? `${formatCount(counts.problem)} with a problem (see the pins' details)` : '',
      counts.removing > 0 ? `${formatCount(counts.removing)} being removed` : ''
    ].filter((part) => part !== '')
    return html`<p class="state">In step: ${parts.join(' · ')}.</p>`
  }

  async #startAdding (): Promise<void> {
    this.adding = true
    this.notice = undefined
    await this.updateComplete
    this.renderRoot.querySelector('remote-form')?.renderRoot.querySelector<HTMLInputElement>('#label')?.focus()
  }

  async #added (event: CustomEvent<RemoteServiceInfo>): Promise<void> {
    this.adding = false
    this.notice = `${event.detail.label} added: the engine starts keeping pins there.`
    await this.#load()
  }

  async #saved (event: CustomEvent<RemoteServiceInfo>): Promise<void> {
    this.editing = undefined
    this.notice = `${event.detail.label} saved.`
    await this.#load()
  }

  async #setToken (event: SubmitEvent, remote: RemoteServiceInfo): Promise<void> {
    event.preventDefault()
    if (this.service === undefined) return
    try {
      await this.service.remotes.update(remote.id, { token: this.newToken })
      this.newToken = ''
      this.problem = undefined
      this.notice = `New token saved for ${remote.label}: the engine tries it now.`
      await this.#load()
    } catch (error) {
      this.problem = messageOf(error)
    }
  }

  async #askRemove (remote: RemoteServiceInfo): Promise<void> {
    this.confirming = remote.id
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>('[role=group] .cancel')?.focus()
  }

  async #remove (remote: RemoteServiceInfo): Promise<void> {
    if (this.service === undefined) return
    try {
      await this.service.remotes.remove(remote.id)
      this.confirming = undefined
      this.notice = `${remote.label} removed. The pins it holds stay there.`
      await this.#load()
    } catch (error) {
      this.problem = messageOf(error)
    }
  }
}

customElements.define('remote-service-list', RemoteServiceList)

declare global {
  interface HTMLElementTagNameMap {
    'remote-service-list': RemoteServiceList
  }
}
