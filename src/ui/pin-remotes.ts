import { LitElement, css, html, nothing } from 'lit'
import { ChangeController } from './change-controller.ts'
import { formatDate, messageOf } from './format.ts'
import { base } from './theme.ts'
import type { PinningService, RemotePinReport } from '../index.ts'

const STAGE_WORDS = {
  pinned: 'Pinned there',
  working: 'On its way',
  problem: 'Problem',
  removing: 'Being removed'
} as const

/** In a pin's details: what each remote pinning service has of it (nothing at all when there are no services). */
export class PinRemotes extends LitElement {
  static override properties = {
    service: { attribute: false },
    requestid: {},
    reports: { state: true },
    problem: { state: true }
  }

  declare service: PinningService | undefined
  declare requestid: string
  declare reports: RemotePinReport[] | undefined
  declare problem: string | undefined
  readonly #changes = new ChangeController(this, () => this.service, ['replicas', 'remotes'], async () => {
    await this.#load()
  })

  constructor () {
    super()
    this.requestid = ''
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    section { margin-top: 1rem; }
    ul { list-style: none; margin: 0; padding: 0; display: grid; gap: .5rem; }
    li { border: 1px solid var(--border); border-radius: var(--radius); padding: .5rem .75rem; min-width: 0; overflow-wrap: anywhere; }
    .head { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: baseline; }
    .label { font-weight: 600; }
    .stage { font-size: .875rem; padding: 0 .5rem; border-radius: 999px; background: var(--queued-bg); color: var(--queued-fg); }
    .stage.pinned { background: var(--pinned-bg); color: var(--pinned-fg); }
    .stage.problem { background: var(--failed-bg); color: var(--failed-fg); }
    .stage.working { background: var(--pinning-bg); color: var(--pinning-fg); }
    .text { margin: .25rem 0 0; }
    .when { margin: .125rem 0 0; font-size: .875rem; }
  `
  ]

  override updated (changed: Map<string, unknown>): void {
    if (changed.has('service') || changed.has('requestid')) void this.#changes.refresh()
  }

  async #load (): Promise<void> {
    if (this.service === undefined || this.requestid === '') return
    try {
      this.reports = await this.service.remotes.statusOf(this.requestid)
      this.problem = undefined
    } catch (error) {
      this.problem = messageOf(error)
    }
  }

  override render () {
    if (this.problem !== undefined) {
      return html`<p class="notice error" role="alert">Remote services: ${this.problem}</p>`
    }
    if (this.reports === undefined || this.reports.length === 0) return nothing
    return html`<section aria-labelledby="remotes-title">
      <h3 id="remotes-title">Remote services</h3>
      <ul>${
      this.reports.map((report) =>
        html`<li>
        <div class="head"><span class="label">${report.label}</span><span class=${`stage ${report.stage}`}>${
          STAGE_WORDS[report.stage]
        }</span></div>
        <p class="text">${report.text}</p>
        <p class="when muted">${
          report.phase === 'follow' ? 'Checked again' : 'Next step'
        } <time datetime=${report.next}>${formatDate(report.next)}</time></p>
      </li>`
      )
    }</ul>
    </section>`
  }
}

customElements.define('pin-remotes', PinRemotes)

declare global {
  interface HTMLElementTagNameMap {
    'pin-remotes': PinRemotes
  }
}
