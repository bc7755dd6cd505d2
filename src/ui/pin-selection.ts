import { LitElement, css, html, nothing } from 'lit'
import { formatCount } from './format.ts'
import { forEachPin, retryPin } from './pin-actions.ts'
import { base } from './theme.ts'
import type { PinningService, PinStatus } from '../index.ts'

const plural = (count: number, one: string, many: string) => `${formatCount(count)} ${count === 1 ? one : many}`

/**
 * What can be done with the ticked pins: retry the failed ones, delete them all (after a confirmation).
 * Fires `done` (detail: what happened, in words) and `clear`.
 */
export class PinSelection extends LitElement {
  static override properties = {
    service: { attribute: false },
    pins: { attribute: false },
    confirming: { state: true },
    busy: { state: true }
  }

  declare service: PinningService | undefined
  declare pins: PinStatus[]
  declare confirming: boolean
  declare busy: boolean

  constructor () {
    super()
    this.pins = []
    this.confirming = false
    this.busy = false
  }

  static override styles = [
    base,
    css`
    :host { display: block; margin-bottom: .75rem; }
    .tools { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem .75rem; padding: .625rem .75rem;
      background: var(--pinning-bg); color: var(--pinning-fg); border: 1px solid var(--accent-strong); border-radius: var(--radius); }
    .count { font-weight: 600; margin-right: auto; }
    .confirm { flex-basis: 100%; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; color: var(--text); }
    .confirm p { margin: 0; flex-basis: 100%; }
  `
  ]

  override render () {
    const failed = this.pins.filter((pin) => pin.status === 'failed')
    const count = this.pins.length
    return html`<div class="tools" role="group" aria-label="Selected pins">
      <span class="count">${plural(count, 'pin', 'pins')} selected</span>
      <button type="button" ?disabled=${failed.length === 0 || this.busy} @click=${() => {
      void this.#retry(failed)
    }}>Retry failed (${formatCount(failed.length)})</button>
      <button type="button" class="danger" ?disabled=${this.busy} @click=${this.#ask}>Delete…</button>
      <button type="button" class="link" @click=${() => {
      this.dispatchEvent(new Event('clear'))
    }}>Clear selection</button>
      ${
      this.confirming
        ? html`<div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
        <p id="confirm-text">Delete ${
          plural(count, 'pin', 'pins')
        }? The requests are removed at once; their blocks are released unless another pin holds them.</p>
        <button type="button" class="danger solid" ?disabled=${this.busy} @click=${() => {
          void this.#delete()
        }}>${this.busy ? 'Deleting…' : `Delete ${plural(count, 'pin', 'pins')}`}</button>
        <button type="button" class="keep" @click=${() => {
          this.confirming = false
        }}>Keep them</button>
      </div>`
        : nothing
    }
    </div>`
  }

  async #ask (): Promise<void> {
    this.confirming = true
    await this.updateComplete
    this.renderRoot.querySelector<HTMLButtonElement>('.keep')?.focus()
  }

  async #retry (failed: PinStatus[]): Promise<void> {
    const service = this.service
    if (service === undefined) return
    this.busy = true
    // Oldest first: each retry is a new, newest request, so the list keeps its order.
    const oldestFirst = [...failed].sort((a, b) => a.created.localeCompare(b.created))
    const { done, problem } = await forEachPin(oldestFirst, async (pin) => retryPin(service, pin))
    this.busy = false
    this.#done(`${plural(done, 'failed pin', 'failed pins')} tried again.`, problem)
  }

  async #delete (): Promise<void> {
    const service = this.service
    if (service === undefined) return
    this.busy = true
    const { done, problem } = await forEachPin(this.pins, async (pin) => service.pins.remove(pin.requestid))
    this.busy = false
    this.confirming = false
    this.#done(`${plural(done, 'pin', 'pins')} deleted.`, problem)
  }

  #done (what: string, problem: string | undefined): void {
    this.dispatchEvent(
      new CustomEvent<string>('done', {
        detail: problem === undefined ? what : `${what} Some could not be: ${problem}`
      })
    )
  }
}

customElements.define('pin-selection', PinSelection)

declare global {
  interface HTMLElementTagNameMap {
    'pin-selection': PinSelection
  }
}
