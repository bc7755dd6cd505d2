import { LitElement, css, html } from 'lit'
import { messageOf } from './format.ts'
import type { PinningService } from '../index.ts'

type State = { kind: 'starting' } | { kind: 'here' } | { kind: 'elsewhere' } | { kind: 'failed', reason: string }

/** While another tab runs the engine, this tab looks again this often (it takes over when that tab closes). */
const LOOK_AGAIN_MS = 2000

/** Where the origin's one pinning engine runs, as a small badge. */
export class EngineState extends LitElement {
  static override properties = {
    engine: { attribute: false },
    state: { state: true }
  }

  declare engine: PinningService['engine'] | undefined
  declare state: State
  #timer: ReturnType<typeof setInterval> | undefined

  constructor () {
    super()
    this.state = { kind: 'starting' }
  }

  static override styles = css`
    :host { display: inline-flex; }
    span { display: inline-flex; align-items: center; gap: .375rem; font-size: .8125rem; padding: .1875rem .625rem; border-radius: 999px; background: var(--surface-2); color: var(--text); border: 1px solid var(--border); }
    span::before { content: ''; width: .5rem; height: .5rem; border-radius: 50%; background: var(--muted); }
    .here::before, .elsewhere::before { background: var(--ok); }
    .failed { color: var(--danger); }
    .failed::before { background: var(--danger); }
  `

  override updated (changed: Map<string, unknown>): void {
    if (!changed.has('engine') || this.engine === undefined) return
    const engine = this.engine
    engine.started.then(() => {
      this.state = { kind: 'here' }
    }, (error: unknown) => {
      this.state = { kind: 'failed', reason: messageOf(error) }
    })
    clearInterval(this.#timer)
    this.#timer = setInterval(() => {
      void this.#look(engine)
    }, LOOK_AGAIN_MS)
    void this.#look(engine)
  }

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    clearInterval(this.#timer)
  }

  /** The engine lock is held, but not by this tab: another tab runs the engine. */
  async #look (engine: PinningService['engine']): Promise<void> {
    if (engine.running || this.state.kind === 'failed') {
      clearInterval(this.#timer)
      return
    }
    const held = await engine.runningSomewhere()
    if (!engine.running && this.state.kind !== 'here') this.state = held ? { kind: 'elsewhere' } : { kind: 'starting' }
  }

  override render () {
    const state = this.state
    switch (state.kind) {
      case 'starting':
        return html`<span class="starting">Engine starting…</span>`
      case 'here':
        return html`<span class="here" title="This tab runs the pinning engine for every tab of this site">Engine running</span>`
      case 'elsewhere':
        return html`<span class="elsewhere" title="Only one tab runs the engine; this one takes over when that tab closes">Engine running in another tab</span>`
      case 'failed':
        return html`<span class="failed" title=${state.reason}>Engine stopped: ${state.reason}</span>`
    }
  }
}

customElements.define('engine-state', EngineState)

declare global {
  interface HTMLElementTagNameMap {
    'engine-state': EngineState
  }
}
