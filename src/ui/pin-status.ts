import { LitElement, css, html, nothing } from 'lit'
import { formatBytes, formatCount, infoNumber } from './format.ts'
import { base } from './theme.ts'
import type { PinStatus } from '../index.ts'

const LABELS = { queued: 'Queued', pinning: 'Pinning', pinned: 'Pinned', failed: 'Failed' } as const

/**
 * A pin's state: a badge, a bar with the counts while it is fetched (the total is unknown until the walk
 * ends, so the bar is indeterminate), and the engine's words (the reason, when it failed).
 */
export class PinStatusView extends LitElement {
  static override properties = {
    status: { attribute: false },
    compact: { type: Boolean, reflect: true }
  }

  declare status: PinStatus | undefined
  /** One line of details, for list rows. */
  declare compact: boolean

  constructor () {
    super()
    this.compact = false
  }

  static override styles = [base, css`
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
    .bar { position: relative; height: .375rem; border-radius: 999px; background: var(--pinning-bg); overflow: hidden; }
    .bar::after {
      content: ''; position: absolute; inset: 0 auto 0 0; width: 40%; border-radius: inherit;
      background: var(--accent-strong); animation: slide 1.4s ease-in-out infinite;
    }
    @keyframes slide { from { transform: translateX(-100%); } to { transform: translateX(250%); } }
    @media (prefers-reduced-motion: reduce) { .bar::after { animation: none; width: 100%; opacity: .5; } }
    .details { font-size: .8125rem; color: var(--muted); overflow-wrap: anywhere; }
    .details.failed-text { color: var(--danger); }
    :host([compact]) .details { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  `]

  override render () {
    const status = this.status
    if (status === undefined) return nothing
    const details = status.info.status_details ?? ''
    return html`
      <span class="badge ${status.status}">${LABELS[status.status]}</span>
      ${status.status === 'pinning' ? this.#progress(status) : nothing}
      ${details === '' || (this.compact && status.status === 'pinned')
        ? nothing
        : html`<span class="details ${status.status === 'failed' ? 'failed-text' : ''}" title=${details}>${details}</span>`}
    `
  }

  #progress (status: PinStatus) {
    const blocks = infoNumber(status.info, 'blocks_fetched') ?? 0
    const bytes = infoNumber(status.info, 'bytes_fetched') ?? 0
    const counts = `${formatCount(blocks)} ${blocks === 1 ? 'block' : 'blocks'}, ${formatBytes(bytes)} fetched`
    const name = status.pin.name ?? status.pin.cid
    return html`
      <div class="bar" role="progressbar" aria-label=${`Fetching ${name}`} aria-valuetext=${counts}></div>
      ${this.compact ? nothing : html`<span class="details counts">${counts}</span>`}
    `
  }
}

customElements.define('pin-status', PinStatusView)

declare global {
  interface HTMLElementTagNameMap {
    'pin-status': PinStatusView
  }
}
