import { LitElement, css, html, nothing } from 'lit'
import { formatBytes, messageOf } from './format.ts'
import { base } from './theme.ts'

/** How much of a text file is shown: enough to recognise it, little enough to read at once. */
export const TEXT_PREVIEW_BYTES = 4096

type Kind = 'image' | 'audio' | 'video' | 'text'

type State =
  | { phase: 'checking' }
  | { phase: 'none', type: string, why: string }
  | { phase: 'media', kind: Exclude<Kind, 'text'>, type: string, loaded: boolean }
  | { phase: 'reading', type: string }
  | { phase: 'text', type: string, text: string, shown: number, size: number | undefined }
  | { phase: 'failed', message: string }

/**
 * A preview of one file the gateway serves: images, audio and video with the gateway URL as their source, and
 * the first few KB of text, shown as text. What it is comes from the gateway's Content-Type (a HEAD request);
 * HTML, SVG, XML and unknown types get none: they open in a tab of their own, where the gateway sandboxes them.
 */
export class ContentPreview extends LitElement {
  static override properties = {
    url: {},
    name: {},
    state: { state: true }
  }

  /** The file's gateway URL (no query). */
  declare url: string
  declare name: string
  declare state: State
  #abort: AbortController | undefined

  constructor () {
    super()
    this.url = ''
    this.name = ''
    this.state = { phase: 'checking' }
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    .frame { margin-top: .75rem; }
    img { display: block; max-width: 100%; max-height: 22rem; height: auto; border-radius: 6px; border: 1px solid var(--border); background: var(--surface-2); }
    audio { display: block; width: 100%; }
    video { display: block; max-width: 100%; max-height: 22rem; background: #000; border-radius: 6px; }
    pre {
      margin: 0; padding: .75rem; max-height: 18rem; overflow: auto; background: var(--surface-2); border: 1px solid var(--border);
      border-radius: 6px; font: .8125rem/1.45 var(--mono); white-space: pre-wrap; overflow-wrap: anywhere;
    }
    p.status { margin: .5rem 0 0; }
  `
  ]

  override willUpdate (changed: Map<string, unknown>): void {
    if (changed.has('url') && this.url !== '') void this.#check(this.url)
  }

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    this.#abort?.abort()
  }

  /** Asks the gateway what the file is (HEAD), then reads the first bytes of a text file. */
  async #check (url: string): Promise<void> {
    this.#abort?.abort()
    const abort = new AbortController()
    this.#abort = abort
    this.state = { phase: 'checking' }
    try {
      const head = await fetch(url, { method: 'HEAD', signal: abort.signal })
      if (!head.ok) throw new Error(await this.#refusal(url, head, abort.signal))
      const type = mediaTypeOf(head.headers.get('content-type'))
      const kind = previewKind(type)
      if (kind === undefined) {
        this.state = { phase: 'none', type, why: noPreviewReason(type) }
        return
      }
      if (kind !== 'text') {
        this.state = { phase: 'media', kind, type, loaded: false }
        return
      }
      this.state = { phase: 'reading', type }
      const size = Number(head.headers.get('content-length') ?? Number.NaN)
      const bytes = await firstBytes(url, TEXT_PREVIEW_BYTES, abort.signal)
      // stream: a character cut in two at the end is left out rather than shown as garbage.
      const text = new TextDecoder('utf-8').decode(bytes, { stream: true })
      this.state = { phase: 'text', type, text, shown: bytes.length, size: Number.isFinite(size) ? size : undefined }
    } catch (error) {
      if (abort.signal.aborted) return
      this.state = {
        phase: 'failed',
        message: `No preview: asking the gateway for ${this.name === '' ? 'this file' : `“${this.name}”`} (${
          new URL(url).pathname
        }) failed: ${messageOf(error)}`
      }
    }
  }

  /** The gateway's plain-text reason for a refusal (HEAD carries none, so GET it). */
  async #refusal (url: string, head: Response, signal: AbortSignal): Promise<string> {
    const reason = await fetch(url, { signal }).then(async (response) => (await response.text()).trim()).catch(() => '')
    return `it answered ${head.status}${reason === '' ? '' : `: ${reason}`}`
  }

  override render () {
    const state = this.state
    switch (state.phase) {
      case 'checking':
        return html`<p class="muted status" role="status">Asking the gateway what kind of file this is…</p>`
      case 'none':
        return html`<p class="hint status">${state.why}</p>`
      case 'failed':
        return html`<p class="notice error status" role="alert">${state.message}</p>`
      case 'reading':
        return html`<p class="muted status" role="status">Loading the first ${
          formatBytes(TEXT_PREVIEW_BYTES)
        } of this text file…</p>`
      case 'text':
        if (state.shown === 0) return html`<p class="hint status">This text file is empty.</p>`
        return html`<div class="frame">
          <pre tabindex="0" aria-label="Preview of ${this.name}">${state.text}</pre>
          ${
          state.size !== undefined && state.size > state.shown
            ? html`<p class="hint status">The first ${formatBytes(state.shown)} of ${
              formatBytes(state.size)
            }; Open shows it all.</p>`
            : nothing
        }
        </div>`
      case 'media':
        return this.#media(state)
    }
  }

  #media (state: Extract<State, { phase: 'media' }>) {
    const label = `Preview of ${this.name}`
    const loaded = () => {
      this.state = { ...state, loaded: true }
    }
    const failed = (event: Event) => {
      this.state = { phase: 'failed', message: mediaFailure(state, event.target, this.url) }
    }
    const element = state.kind === 'image'
      ? html`<img src=${this.url} alt=${label} @load=${loaded} @error=${failed}>`
      : state.kind === 'audio'
      ? html`<audio controls preload="metadata" src=${this.url} aria-label=${label} @loadedmetadata=${loaded} @error=${failed}></audio>`
      : html`<video controls preload="metadata" src=${this.url} aria-label=${label} @loadedmetadata=${loaded} @error=${failed}></video>`
    const noun = state.kind === 'image' ? 'image' : state.kind === 'audio' ? 'audio' : 'video'
    return html`<div class="frame">
      ${element}
      ${state.loaded ? nothing : html`<p class="muted status" role="status">Loading the ${noun}…</p>`}
    </div>`
  }
}

/** `image/png; charset=…` → `image/png`. */
function mediaTypeOf (header: string | null): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/** Which preview a Content-Type gets; none for anything that could be active (HTML, SVG, XML) or unknown. */
export function previewKind (type: string): Kind | undefined {
  if (type === '' || type.includes('xml') || type.includes('html') || type === 'image/svg+xml') return undefined
  if (type.startsWith('image/')) return 'image'
  if (type.startsWith('audio/') || type === 'application/ogg') return 'audio'
  if (type.startsWith('video/')) return 'video'
  if (type.startsWith('text/') || type === 'application/json' || type.endsWith('+json')) return 'text'
  return undefined
}

function noPreviewReason (type: string): string {
  const shown = type === '' ? 'no type' : type
  if (type.includes('html') || type.includes('xml') || type === 'image/svg+xml') {
    return `No preview here for ${shown}: it may run scripts. Open shows it in a tab of its own, sandboxed away from this page.`
  }
  return `No preview for ${shown}. Open or Download it to see it.`
}

function mediaFailure (state: Extract<State, { phase: 'media' }>, element: EventTarget | null, url: string): string {
  const media = element as HTMLMediaElement | null
  const detail = media !== null && 'error' in media && media.error !== null && media.error.message !== ''
    ? `: ${media.error.message}`
    : ''
  return `No preview: the browser could not ${
    state.kind === 'image' ? 'show this image' : `play this ${state.kind}`
  } (${state.type}) from ${new URL(url).pathname}${detail}. Open or Download it instead.`
}

/** The first `count` bytes of a file, by a Range request; a server that ignores the range is cut off there. */
async function firstBytes (url: string, count: number, signal: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(url, { headers: { Range: `bytes=0-${count - 1}` }, signal })
  if (!response.ok) throw new Error(`asking for its first ${formatBytes(count)} got ${response.status}`)
  const reader = response.body?.getReader()
  const bytes = new Uint8Array(count)
  let length = 0
  while (reader !== undefined && length < count) {
    const { done, value } = await reader.read()
    if (done) break
    const part = value.subarray(0, count - length)
    bytes.set(part, length)
    length += part.length
  }
  await reader?.cancel().catch(() => undefined)
  return bytes.subarray(0, length)
}

customElements.define('content-preview', ContentPreview)

declare global {
  interface HTMLElementTagNameMap {
    'content-preview': ContentPreview
  }
}
