import { LitElement, css, html } from 'lit'
import { base } from './theme.ts'

const CONFIRM_MS = 1500

/** A small button that copies `value` to the clipboard and says so (also to screen readers). */
export class CopyButton extends LitElement {
  static override properties = {
    value: {},
    label: {},
    text: {},
    copied: { state: true },
    failed: { state: true }
  }

  declare value: string
  /** What is copied, for the accessible name: "Copy CID". */
  declare label: string
  /** The button's visible text when it has not copied yet: "Copy" unless told, e.g. "Copy link". */
  declare text: string
  declare copied: boolean
  declare failed: boolean
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor () {
    super()
    this.value = ''
    this.label = 'Copy'
    this.text = 'Copy'
    this.copied = false
    this.failed = false
  }

  static override styles = [
    base,
    css`
    :host { display: inline-flex; vertical-align: middle; }
    button { min-height: 1.875rem; padding: .1875rem .5rem; font-size: .8125rem; }
  `
  ]

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    clearTimeout(this.#timer)
  }

  override render () {
    const text = this.copied ? 'Copied' : this.failed ? 'Copy failed' : this.text
    return html`<button type="button" aria-label=${
      this.copied ? `${this.label}: copied` : this.label
    } @click=${this.#copy}>${text}</button>
      <span class="visually-hidden" role="status">${this.copied ? 'Copied to the clipboard' : ''}</span>`
  }

  async #copy (): Promise<void> {
    this.failed = false
    try {
      await copyText(this.value)
      this.copied = true
    } catch {
      this.failed = true
    }
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.copied = false
      this.failed = false
    }, CONFIRM_MS)
  }
}

/** The Clipboard API, or the old selection route when the browser refuses it (no permission, no focus). */
async function copyText (text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.cssText = 'position:fixed;opacity:0;pointer-events:none'
    document.body.append(area)
    area.select()
    const copied = document.execCommand('copy')
    area.remove()
    if (!copied) throw new Error('the browser refused to copy')
  }
}

customElements.define('copy-button', CopyButton)

declare global {
  interface HTMLElementTagNameMap {
    'copy-button': CopyButton
  }
}
