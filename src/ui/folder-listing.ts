import { LitElement, css, html, nothing } from 'lit'
import { contentLinks } from './content-links.ts'
import { formatBytes, formatCount, messageOf } from './format.ts'
import { base } from './theme.ts'
import type { FolderEntry, FolderPage, PinningService } from '../index.ts'

/** Entries shown at once: a folder of 10,000 is read and shown a page at a time. */
export const FOLDER_PAGE_SIZE = 100

/**
 * One folder of a DAG the node holds, a page of entries at a time, in name order: each entry's name (a button
 * that goes into a folder, or to a file's preview), its size, and a link that opens it in a new tab. Fires
 * `open-entry` (detail: the FolderEntry) when an entry's name is chosen.
 */
export class FolderListing extends LitElement {
  static override properties = {
    service: { attribute: false },
    cid: {},
    path: {},
    page: { state: true },
    loading: { state: true },
    problem: { state: true }
  }

  declare service: PinningService | undefined
  /** The root CID of the DAG. */
  declare cid: string
  /** The folder's path below the root (`''` for the root itself). */
  declare path: string
  declare page: FolderPage | undefined
  declare loading: boolean
  declare problem: string | undefined
  /** Counts loads: an answer for a folder or page no longer asked for is dropped. */
  #generation = 0

  constructor () {
    super()
    this.cid = ''
    this.path = ''
    this.loading = false
  }

  static override styles = [
    base,
    css`
    :host { display: block; margin-top: .75rem; }
    table { border-collapse: collapse; width: 100%; font-size: .9375rem; }
    th, td { text-align: left; padding: .375rem .5rem .375rem 0; border-bottom: 1px solid var(--border); vertical-align: top; }
    th { color: var(--muted); font-size: .8125rem; font-weight: 600; }
    td.name { overflow-wrap: anywhere; }
    td.size, th.size { text-align: right; white-space: nowrap; }
    td.open { text-align: right; white-space: nowrap; padding-right: 0; }
    button.link { text-align: left; overflow-wrap: anywhere; font-size: inherit; }
    .paging { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; margin-top: .75rem; }
    .count { margin: 0; }
  `
  ]

  // Loads start before rendering: their first state (loading) is part of this update, not another one.
  override willUpdate (changed: Map<string, unknown>): void {
    if (changed.has('cid') || changed.has('path') || changed.has('service')) void this.#load(0)
  }

  async #load (offset: number): Promise<void> {
    const service = this.service
    if (service === undefined || this.cid === '') return
    const generation = ++this.#generation
    this.loading = true
    this.problem = undefined
    try {
      const page = await service.content.list(this.cid, this.path, { offset, limit: FOLDER_PAGE_SIZE })
      if (generation !== this.#generation) return
      this.page = page
    } catch (error) {
      if (generation !== this.#generation) return
      this.page = undefined
      this.problem = `Could not list ${this.path === '' ? 'this folder' : `“${this.path}”`} from the node's storage: ${
        messageOf(error)
      }`
    } finally {
      if (generation === this.#generation) this.loading = false
    }
  }

  override render () {
    if (this.problem !== undefined) return html`<p class="notice error" role="alert">${this.problem}</p>`
    const page = this.page
    if (page === undefined || page.path !== this.path.replace(/^\/+|\/+$/g, '')) {
      return html`<p class="muted" role="status">Reading this folder's entries from the node's storage…</p>`
    }
    if (page.total === 0) return html`<p class="muted">This folder is empty.</p>`
    const first = page.offset + 1
    const last = page.offset + page.entries.length
    return html`
      <table aria-busy=${this.loading ? 'true' : 'false'}>
        <caption class="visually-hidden">Entries ${first} to ${last} of ${page.total} in ${
      page.path === '' ? 'this folder' : page.path
    }</caption>
        <thead><tr><th scope="col">Name</th><th scope="col" class="size">Size</th><th scope="col"><span class="visually-hidden">Open in a new tab</span></th></tr></thead>
        <tbody>${page.entries.map((entry) => this.#row(entry))}</tbody>
      </table>
      <div class="paging">
        <p class="count muted" role="status">${
      page.total > page.entries.length
        ? `Entries ${formatCount(first)}–${formatCount(last)} of ${formatCount(page.total)}`
        : `${formatCount(page.total)} ${page.total === 1 ? 'entry' : 'entries'}`
    }${this.loading ? ' (loading…)' : ''}</p>
        ${
      page.total > FOLDER_PAGE_SIZE
        ? html`
          <button type="button" ?disabled=${this.loading || page.offset === 0} @click=${() => {
          void this.#load(Math.max(0, page.offset - FOLDER_PAGE_SIZE))
        }}>Previous ${FOLDER_PAGE_SIZE}</button>
          <button type="button" ?disabled=${this.loading || last >= page.total} @click=${() => {
          void this.#load(page.offset + FOLDER_PAGE_SIZE)
        }}>Next ${FOLDER_PAGE_SIZE}</button>`
        : nothing
    }
      </div>`
  }

  #row (entry: FolderEntry) {
    const path = this.path === '' ? entry.name : `${this.path}/${entry.name}`
    const choose = () => {
      this.dispatchEvent(new CustomEvent('open-entry', { detail: entry }))
    }
    const name = entry.kind === 'unknown'
      ? html`${entry.name} <span class="muted">(not held here)</span>`
      : entry.kind === 'folder'
      ? html`<button type="button" class="link" aria-label="${entry.name}/ (folder)" @click=${choose}>${entry.name}/</button>`
      : html`<button type="button" class="link" @click=${choose}>${entry.name}</button>`
    const open = entry.kind === 'unknown' || this.service === undefined
      ? nothing
      : html`<a href=${
        contentLinks(this.service.content, { cid: this.cid, path, name: entry.name, kind: entry.kind }).open
      } target="_blank" rel="noopener">Open<span class="visually-hidden"> ${entry.name} in a new tab</span></a>`
    return html`<tr>
      <td class="name">${name}</td>
      <td class="size">${formatBytes(entry.size)}</td>
      <td class="open">${open}</td>
    </tr>`
  }
}

customElements.define('folder-listing', FolderListing)

declare global {
  interface HTMLElementTagNameMap {
    'folder-listing': FolderListing
  }
}
