import { LitElement, css, html, nothing } from 'lit'
import { droppedFiles, pickedFiles } from './dropped-files.ts'
import { formatBytes, messageOf } from './format.ts'
import { MAX_RECENT, loadRecentImports, saveRecentImports, toRecent } from './recent-imports.ts'
import { base } from './theme.ts'
import './import-result.ts'
import type { RecentImport } from './recent-imports.ts'
import type { ImportedContent, ImportFile, ImportOptions, PinningService } from '../index.ts'

interface Progress {
  read: number
  total: number
  what: string
}

/**
 * Add content from this computer: drop or pick files, a folder, or a CAR file. It is imported into the
 * node's own blockstore and pinned at once, with no network; content already pinned keeps its pin unless
 * asked otherwise. Recent results stay listed, newest first, across reloads. Leaving mid-import asks first.
 */
export class ContentImport extends LitElement {
  static override properties = {
    service: { attribute: false },
    name: { state: true },
    carAsCar: { state: true },
    reuse: { state: true },
    dragging: { state: true },
    progress: { state: true },
    problem: { state: true },
    results: { state: true }
  }

  declare service: PinningService | undefined
  declare name: string
  /** A dropped or picked `.car` file is read as a CAR (its roots pinned), not pinned as a file. */
  declare carAsCar: boolean
  /** Content pinned already keeps its pin (no second request). */
  declare reuse: boolean
  declare dragging: boolean
  declare progress: Progress | undefined
  declare problem: string | undefined
  declare results: RecentImport[]
  #abort: AbortController | undefined
  /** Asks before the page is left while an import runs: the import would be lost. */
  readonly #onLeaving = (event: BeforeUnloadEvent) => {
    if (this.progress === undefined) return
    event.preventDefault()
    event.returnValue = '' // older browsers show their prompt only when this is set
  }

  constructor () {
    super()
    this.name = ''
    this.carAsCar = true
    this.reuse = true
    this.dragging = false
    this.results = loadRecentImports()
  }

  override connectedCallback (): void {
    super.connectedCallback()
    addEventListener('beforeunload', this.#onLeaving)
  }

  override disconnectedCallback (): void {
    super.disconnectedCallback()
    removeEventListener('beforeunload', this.#onLeaving)
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    .zone {
      border: 2px dashed var(--border); border-radius: var(--radius); padding: 1.5rem 1rem; text-align: center;
      background: var(--surface); transition: border-color .15s, background .15s;
    }
    .zone.dragging { border-color: var(--accent-strong); background: var(--pinning-bg); }
    .zone p { margin-bottom: 1rem; }
    .zone .actions { justify-content: center; }
    .options { display: grid; gap: .25rem; margin-bottom: 1rem; max-width: 44rem; }
    .check { display: flex; gap: .5rem; align-items: center; font-weight: normal; }
    progress { width: 100%; height: .75rem; accent-color: var(--accent-strong); }
    .busy { margin-top: 1rem; }
    .busy .actions { margin-top: .5rem; }
    .results { display: grid; gap: .75rem; margin: 0 0 .75rem; }
    .recent-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: .5rem; margin-top: 1.25rem; }
    .recent-head h3 { margin: 0 0 .5rem; }
  `
  ]

  override render () {
    const busy = this.progress !== undefined
    return html`
      <div class="options">
        <div class="field">
          <label for="import-name">Pin name</label>
          <input id="import-name" autocomplete="off" .value=${this.name} @input=${(event: InputEvent) => {
      this.name = (event.target as HTMLInputElement).value
    }} aria-describedby="import-name-hint">
          <span class="hint" id="import-name-hint">Optional; by default the file's or folder's name.</span>
        </div>
        <label class="check"><input type="checkbox" .checked=${this.carAsCar} @change=${(event: Event) => {
      this.carAsCar = (event.target as HTMLInputElement).checked
    }}>
          <span>Read dropped <code>.car</code> files as CAR archives (pin their roots)</span></label>
        <label class="check"><input type="checkbox" .checked=${this.reuse} @change=${(event: Event) => {
      this.reuse = (event.target as HTMLInputElement).checked
    }}>
          <span>Keep the existing pin when this content is pinned already</span></label>
      </div>
      <div class="zone ${this.dragging ? 'dragging' : ''}" @dragenter=${this.#dragOver} @dragover=${this.#dragOver}
        @dragleave=${() => {
      this.dragging = false
    }} @drop=${this.#drop}>
        <p><strong>Drop files, a folder or a .car file here</strong><br><span class="muted">or choose them:</span></p>
        <div class="actions">
          <button type="button" ?disabled=${busy} @click=${() => {
      this.#input('files')?.click()
    }}>Choose files</button>
          <button type="button" ?disabled=${busy} @click=${() => {
      this.#input('folder')?.click()
    }}>Choose a folder</button>
          <button type="button" ?disabled=${busy} @click=${() => {
      this.#input('car')?.click()
    }}>Choose a CAR file</button>
        </div>
        <input hidden type="file" id="files" multiple aria-label="Files to add" @change=${this.#picked}>
        <input hidden type="file" id="folder" webkitdirectory aria-label="Folder to add" @change=${this.#picked}>
        <input hidden type="file" id="car" accept=".car,application/vnd.ipld.car" aria-label="CAR file to add" @change=${this.#pickedCar}>
      </div>
      ${this.progress === undefined ? nothing : this.#busy(this.progress)}
      ${this.problem === undefined ? nothing : html`<p class="notice error" role="alert">${this.problem}</p>`}
      ${
      this.results.length === 0 ? nothing : html`<div class="recent-head"><h3>Recent imports</h3>
        <button type="button" class="link" @click=${this.#forget}>Clear this list</button></div>`
    }
      <div class="results" aria-live="polite">
        ${
      this.results.map((result) => html`<import-result .service=${this.service} .result=${result}></import-result>`)
    }
      </div>
      ${
      this.results.length === 0
        ? nothing
        : html`<p class="hint">The last ${MAX_RECENT} imports are listed here, in this browser. Clearing the list keeps the pins.</p>`
    }
    `
  }

  #busy (progress: Progress) {
    return html`<div class="busy card">
      <label for="import-progress">Importing ${progress.what}: ${formatBytes(progress.read)} of ${
      formatBytes(progress.total)
    }</label>
      <progress id="import-progress" max=${Math.max(progress.total, 1)} .value=${progress.read}></progress>
      <div class="actions"><button type="button" @click=${() => {
      this.#abort?.abort(new Error('Import cancelled'))
    }}>Cancel</button></div>
    </div>`
  }

  #forget (): void {
    this.results = []
    saveRecentImports([])
  }

  #input (id: string): HTMLInputElement | null {
    return this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)
  }

  #dragOver (event: DragEvent): void {
    event.preventDefault()
    if (event.dataTransfer !== null) event.dataTransfer.dropEffect = 'copy'
    this.dragging = true
  }

  async #drop (event: DragEvent): Promise<void> {
    event.preventDefault()
    this.dragging = false
    if (event.dataTransfer === null || this.progress !== undefined) return
    await this.#import(await droppedFiles(event.dataTransfer))
  }

  async #picked (event: Event): Promise<void> {
    const input = event.target as HTMLInputElement
    const files = input.files === null ? [] : pickedFiles(input.files)
    input.value = ''
    await this.#import(files)
  }

  async #pickedCar (event: Event): Promise<void> {
    const input = event.target as HTMLInputElement
    const car = input.files?.[0]
    input.value = ''
    if (car !== undefined) {
      await this.#run(car.name, car.size, async (options) => this.service!.imports.importCar(car, options))
    }
  }

  async #import (files: ImportFile[]): Promise<void> {
    if (files.length === 0) return
    const only = files.length === 1 ? files[0]?.file : undefined
    if (only instanceof File && this.carAsCar && /\.car$/i.test(only.name)) {
      await this.#run(only.name, only.size, async (options) => this.service!.imports.importCar(only, options))
      return
    }
    const total = files.reduce((sum, { file }) => sum + (file?.size ?? 0), 0)
    const what = files.length === 1 ? files[0]?.path ?? '' : `${files.length} files`
    await this.#run(what, total, async (options) => this.service!.imports.importFiles(files, options))
  }

  async #run (
    what: string,
    total: number,
    work: (options: ImportOptions & { signal: AbortSignal }) => Promise<ImportedContent>
  ): Promise<void> {
    if (this.service === undefined) return
    this.problem = undefined
    this.#abort = new AbortController()
    this.progress = { read: 0, total, what }
    try {
      const result = await work({
        ...(this.name.trim() === '' ? {} : { name: this.name.trim() }),
        signal: this.#abort.signal,
        reuse: this.reuse,
        onProgress: (read, total) => {
          this.progress = { read, total, what }
        }
      })
      // Another tab may have imported meanwhile: add to what is kept now, not to what this tab read at start.
      this.results = [toRecent(result), ...loadRecentImports()].slice(0, MAX_RECENT)
      saveRecentImports(this.results)
      this.name = ''
    } catch (error) {
      this.problem = `${what} was not added: ${messageOf(error)}`
    } finally {
      this.progress = undefined
      this.#abort = undefined
    }
  }
}

customElements.define('content-import', ContentImport)

declare global {
  interface HTMLElementTagNameMap {
    'content-import': ContentImport
  }
}
