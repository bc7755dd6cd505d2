import { LitElement, css, html, nothing } from 'lit'
import { formatBytes, formatCount, formatTimeLeft, infoNumber, infoTime, shortenMiddle } from './format.ts'
import { base } from './theme.ts'
import type { PinStatus } from '../index.ts'

const LABELS = { queued: 'Queued', pinning: 'Pinning', pinned: 'Pinned', failed: 'Failed' } as const
/** Time left and the next try count down this often. */
const TICK_MS = 1000
/** The engine's own countdown, written when it started waiting; replaced here by a live one. */
const NEXT_TRY = / Trying again in [^.]*\.$/

/**
 * A pin's state: a badge; while pinning, a bar that fills only as blocks arrive (blocks received of the
 * blocks known so far: the total is known only once the last block is in), the engine's words, and the time
 * left before it gives up; the reason, when it failed.
 */
export class PinStatusView extends LitElement {
  static override properties = {
    status: { attribute: false },
    compact: { type: Boolean, reflect: true }
  }

  declare status: PinStatus | undefined
  /** At most three lines of details, for list rows (where the pin's CID is shown beside, so it is shortened). */
  declare compact: boolean
  #ticker: ReturnType<typeof setInterval> | undefined

  constructor () {
    super()
    this.compact = false
  }

  static override styles = [
    base,
    css`
    :host { display: grid; gap: .3125rem; min-width: 0; }
    .badge {
      justify-self: start; display: inline-flex; align-items: center; gap: .375rem;
      font-size: .8125rem; font-weight: 600; padding: .125rem .5rem; border-radius: 999px;
    }
    .badge::before { content: ''; width: .5rem; height: .5rem; border-radius: 50%; background: currentColor; }
    .queued { background: var(--queued-bg); color: var(--queued-fg); }
    .pinning { background: var(--pinning-bg); color: var(--pinning-fg); }
    .pinned { background: var(--pinned-bg); color: var(--pinned-fg); }
    .failed { background: var(--failed-bg); color: var(--failed-fg); }
    progress { width: 100%; height: .375rem; appearance: none; border: none; border-radius: 999px; overflow: hidden; background: var(--pinning-bg); accent-color: var(--accent-strong); }
    progress::-webkit-progress-bar { background: var(--pinning-bg); border-radius: 999px; }
    progress::-webkit-progress-value { background: var(--accent-strong); border-radius: 999px; transition: width .3s; }
    progress::-moz-progress-bar { background: var(--accent-strong); }
    .details { font-size: .8125rem; color: var(--muted); overflow-wrap: anywhere; margin: 0; }
    .details.failed-text { color: var(--danger); }
    :host([compact]) .details { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
    .left { font-size: .8125rem; color: var(--text); font-variant-numeric: tabular-nums; margin: 0; }
  `
  ]

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    clearInterval(this.#ticker)
    this.#ticker = undefined
  }

  override updated (): void {
    // Ticks only while there is a countdown to show.
    const counting = this.status?.status === 'pinning' &&
      (this.status.info.deadline !== undefined || this.status.info.next_attempt !== undefined)
    if (counting && this.#ticker === undefined) {
      this.#ticker = setInterval(() => {
        this.requestUpdate()
      }, TICK_MS)
    }
    if (!counting && this.#ticker !== undefined) {
      clearInterval(this.#ticker)
      this.#ticker = undefined
    }
  }

  override render () {
    const status = this.status
    if (status === undefined) return nothing
    const details = this.#details(status)
    const shown = this.compact ? details.replaceAll(status.pin.cid, shortenMiddle(status.pin.cid, 8)) : details
    const failed = status.status === 'failed'
    return html`
      <span class="badge ${status.status}">${LABELS[status.status]}</span>
      ${status.status === 'pinning' ? this.#progress(status) : nothing}
      ${
      details === '' || (this.compact && status.status === 'pinned')
        ? nothing
        : html`<p class="details ${failed ? 'failed-text' : ''}" title=${this.compact ? details : ''}>${shown}</p>`
    }
      ${status.status === 'pinning' ? this.#timeLeft(status) : nothing}
    `
  }

  /** The engine's sentence, with its "trying again in …" counted down live. */
  #details (status: PinStatus): string {
    const text = status.info.status_details ?? ''
    const next = infoTime(status.info, 'next_attempt')
    if (status.status !== 'pinning' || next === undefined || !NEXT_TRY.test(text)) return text
    const left = next - Date.now()
    return text.replace(NEXT_TRY, left > 0 ? ` Trying again in ${formatTimeLeft(left)}.` : ' Trying again now.')
  }

  #progress (status: PinStatus) {
    const blocks = infoNumber(status.info, 'blocks_fetched') ?? 0
    const bytes = infoNumber(status.info, 'bytes_fetched') ?? 0
    const known = Math.max(infoNumber(status.info, 'blocks_known') ?? blocks, blocks, 1)
    const counts = blocks === 0
      ? 'Nothing received yet'
      : `${formatCount(blocks)} of ${formatCount(known)} ${known === 1 ? 'block' : 'blocks'} known so far, ${
        formatBytes(bytes)
      } received`
    const name = status.pin.name ?? status.pin.cid
    return html`
      <progress max=${known} .value=${blocks} aria-label=${`Received for ${name}`} aria-valuetext=${counts}></progress>
      ${this.compact ? nothing : html`<p class="details counts">${counts}</p>`}
    `
  }

  #timeLeft (status: PinStatus) {
    const deadline = infoTime(status.info, 'deadline')
    if (deadline === undefined) return nothing
    const left = deadline - Date.now()
    return html`<p class="left">${left > 0 ? `Gives up in ${formatTimeLeft(left)}` : 'Giving up now'}</p>`
  }
}

customElements.define('pin-status', PinStatusView)

declare global {
  interface HTMLElementTagNameMap {
    'pin-status': PinStatusView
  }
}
