import { LitElement, css, html, nothing } from 'lit'
import { parseRoute, routeHref, VIEW_TABS, VIEW_TITLES, VIEWS } from './route.ts'
import { base, tokens } from './theme.ts'
import './add-view.ts'
import './app-header.ts'
import './backup-panel.ts'
import './copy-button.ts'
import './pin-details.ts'
import './pin-list.ts'
import './remote-service-list.ts'
import './settings-form.ts'
import './storage-panel.ts'
import './token-manager.ts'
import type { Route, View } from './route.ts'
import type { PinningService } from '../index.ts'

/** How long a short confirmation ("Pin deleted") stays. */
const TOAST_MS = 4000

/** The page's root: header, sections (Pins, Add, Tokens, Storage, Settings) chosen by the location hash. */
export class PinningServiceApp extends LitElement {
  static override properties = {
    service: { attribute: false },
    startError: { attribute: false },
    route: { state: true },
    toast: { state: true },
    outdated: { state: true }
  }

  declare service: PinningService | undefined
  declare startError: string | undefined
  declare route: Route
  declare toast: string | undefined
  /** A newer version of the service took the database over: this page must be reloaded. */
  declare outdated: boolean
  #stopWatchingVersion: (() => void) | undefined
  /** Views opened once stay in the page (hidden), so filters, pages and forms survive a switch. */
  readonly #visited = new Set<View>()
  #toastTimer: ReturnType<typeof setTimeout> | undefined
  readonly #onHashChange = () => {
    this.#go(parseRoute(location.hash), true)
  }

  constructor () {
    super()
    this.route = parseRoute(location.hash)
    this.outdated = false
  }

  static override styles = [
    tokens,
    base,
    css`
    :host { display: block; min-height: 100vh; background: var(--bg); font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }
    nav { background: var(--surface); border-bottom: 1px solid var(--border); position: sticky; top: 0; z-index: 1; }
    nav ul { list-style: none; margin: 0 auto; padding: 0 .5rem; max-width: 75rem; display: flex; gap: .25rem; overflow-x: auto; scrollbar-width: none; }
    nav a {
      display: block; padding: .75rem .875rem; color: var(--muted); text-decoration: none; font-weight: 600; white-space: nowrap;
      border-bottom: 3px solid transparent;
    }
    nav a:hover { color: var(--text); }
    nav a[aria-current=page] { color: var(--accent); border-bottom-color: var(--accent-strong); }
    nav a:focus-visible { outline-offset: -3px; }
    main { max-width: 75rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
    main:focus { outline: none; }
    .view-head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem; margin-bottom: 1rem; }
    .view-head h2 { margin: 0; font-size: 1.5rem; }
    footer { max-width: 75rem; margin: 0 auto; padding: 0 1rem 2rem; color: var(--muted); font-size: .875rem; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; }
    .toast { position: fixed; left: 50%; bottom: 1.25rem; transform: translateX(-50%); z-index: 2; margin: 0;
      background: var(--text); color: var(--bg); padding: .625rem 1rem; border-radius: var(--radius); box-shadow: 0 6px 20px rgb(0 0 0 / .25); }
    .outdated { margin: 0; border-radius: 0; display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; }
    .starting { max-width: 40rem; margin: 4rem auto; padding: 0 1rem; text-align: center; }
    @media (max-width: 30rem) {
      nav ul { padding: 0 .25rem; gap: 0; justify-content: space-between; }
      nav a { padding: .75rem .375rem; font-size: .9375rem; }
    }
  `
  ]

  override connectedCallback (): void {
    super.connectedCallback()
    addEventListener('hashchange', this.#onHashChange)
  }

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    removeEventListener('hashchange', this.#onHashChange)
    clearTimeout(this.#toastTimer)
    this.#stopWatchingVersion?.()
  }

  override render () {
    if (this.startError !== undefined) {
      return html`<app-header></app-header><div class="starting"><p class="notice error" role="alert">The service could not start: ${this.startError}</p>
        <p class="muted">It needs a browser with service workers, IndexedDB and Web Locks, on http://localhost or https.</p></div>`
    }
    const service = this.service
    if (service === undefined) {
      return html`<app-header></app-header><p class="starting muted" role="status">Starting the pinning service…</p>`
    }
    return html`
      <app-header .service=${service}></app-header>
      ${
      this.outdated
        ? html`<div class="outdated notice error" role="alert">A newer version of this service is installed and has taken its data over; this page is out of date and has stopped changing it.
        <button type="button" @click=${() => {
          location.reload()
        }}>Reload to use the new version</button></div>`
        : nothing
    }
      <nav aria-label="Sections"><ul>
        ${
      VIEWS.map((view) =>
        html`<li><a href=${routeHref({ view })} aria-current=${this.route.view === view ? 'page' : 'false'}>${
          VIEW_TABS[view]
        }</a></li>`
      )
    }
      </ul></nav>
      <main tabindex="-1">
        ${
      VIEWS.filter((view) => this.#visited.has(view)).map((view) =>
        html`<section ?hidden=${this.route.view !== view} aria-labelledby=${`${view}-title`}>
          ${this.#view(view, service)}
        </section>`
      )
    }
      </main>
      <footer>Node peer id <code>${service.peerId}</code><copy-button .value=${service.peerId} label="Copy peer id"></copy-button></footer>
      ${
      this.route.requestid === undefined
        ? nothing
        : html`<pin-details .service=${service} requestid=${this.route.requestid}
        @close=${() => {
          this.#go({ view: 'pins' }, false, true)
        }}
        @deleted=${() => {
          this.#say('Pin deleted')
        }}
        @replaced=${(event: CustomEvent<string>) => {
          this.#say('Pin replaced')
          this.#go({ view: 'pins', requestid: event.detail }, false, true)
        }}
        @retried=${(event: CustomEvent<string>) => {
          this.#say('Trying again: a new request replaces the failed one')
          this.#go({ view: 'pins', requestid: event.detail }, false, true)
        }}></pin-details>`
    }
      ${this.toast === undefined ? nothing : html`<p class="toast" role="status">${this.toast}</p>`}
    `
  }

  #view (view: View, service: PinningService) {
    const title = html`<h2 id=${`${view}-title`}>${VIEW_TITLES[view]}</h2>`
    switch (view) {
      case 'pins':
        return html`<div class="view-head">${title}<a class="button primary" href="#add">Add a pin</a></div><pin-list .service=${service}></pin-list>`
      case 'add':
        return html`<div class="view-head">${title}</div><add-view .service=${service}></add-view>`
      case 'tokens':
        return html`<div class="view-head">${title}</div><token-manager .service=${service}></token-manager>`
      case 'storage':
        return html`<div class="view-head">${title}</div><storage-panel .service=${service}></storage-panel><backup-panel .service=${service}></backup-panel>`
      case 'settings':
        return html`<div class="view-head">${title}</div><settings-form .service=${service}></settings-form><remote-service-list .service=${service}></remote-service-list>`
    }
  }

  override willUpdate (): void {
    this.#visited.add(this.route.view)
  }

  override updated (changed: Map<string, unknown>): void {
    if (changed.has('service') && this.service !== undefined) {
      const service = this.service
      this.#stopWatchingVersion?.()
      this.#stopWatchingVersion = service.onOutdated(() => {
        this.outdated = true
      })
      this.outdated = service.outdated
    }
    if (changed.has('route') || changed.has('service')) {
      document.title = `${VIEW_TITLES[this.route.view]} · In-page IPFS pinning service`
    }
  }

  /** Shows `route`; `focus` moves focus to the new view (after a click), `replace` leaves no history entry. */
  #go (route: Route, focus: boolean, replace = false): void {
    const changedView = route.view !== this.route.view
    this.route = route
    if (replace && location.hash !== routeHref(route)) history.replaceState(null, '', routeHref(route))
    if (!changedView) return
    scrollTo(0, 0)
    if (focus) {
      void this.updateComplete.then(() => {
        this.renderRoot.querySelector<HTMLElement>('main')?.focus({ preventScroll: true })
      })
    }
  }

  #say (message: string): void {
    this.toast = message
    clearTimeout(this.#toastTimer)
    this.#toastTimer = setTimeout(() => {
      this.toast = undefined
    }, TOAST_MS)
  }
}

customElements.define('pinning-service-app', PinningServiceApp)

declare global {
  interface HTMLElementTagNameMap {
    'pinning-service-app': PinningServiceApp
  }
}
