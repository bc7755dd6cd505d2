import { LitElement, css, html, nothing } from 'lit'
import { formatBytes, formatCount, messageOf } from './format.ts'
import { base } from './theme.ts'
import './meta-editor.ts'
import type { MetaRow } from './pin-validation.ts'
import type { BackupInfo, PinningService, RestoreReport } from '../index.ts'

/**
 * Storage → backup and restore: every pin (or those with some meta) as one CAR file to keep elsewhere, and
 * such a file restored here (in any browser or profile), offline, with a report of what it did.
 */
export class BackupPanel extends LitElement {
  static override properties = {
    service: { attribute: false },
    scope: { state: true },
    meta: { state: true },
    made: { state: true },
    file: { state: true },
    progress: { state: true },
    report: { state: true },
    problem: { state: true },
    busy: { state: true }
  }

  declare service: PinningService | undefined
  declare scope: 'all' | 'meta'
  declare meta: MetaRow[]
  declare made: BackupInfo | undefined
  declare file: File | undefined
  /** Bytes of the file read so far while restoring. */
  declare progress: number | undefined
  declare report: RestoreReport | undefined
  declare problem: string | undefined
  declare busy: boolean

  constructor () {
    super()
    this.scope = 'all'
    this.meta = [{ key: '', value: '' }]
    this.busy = false
  }

  static override styles = [
    base,
    css`
    :host { display: block; }
    section { margin: 0 0 1rem; }
    .choice { display: flex; gap: .5rem; align-items: center; font-weight: normal; margin-bottom: .625rem; }
    meta-editor { margin: 0 0 .875rem 1.55rem; }
    .download { overflow-wrap: anywhere; }
    progress { width: 100%; }
    input[type=file] { padding: .3125rem; }
  `
  ]

  override render () {
    return html`<section class="card" aria-labelledby="backup-title">
      <h2 id="backup-title">Back up</h2>
      <p class="muted">One CAR file with the pin records (CID, name, meta, origins, when, status) and the content this node holds. Restore it here or in another browser; <code>ipfs dag import</code> takes it too.</p>
      <fieldset style="border: none; padding: 0; margin: 0 0 .5rem">
        <legend class="visually-hidden">Which pins</legend>
        <label class="choice"><input type="radio" name="backup-scope" .checked=${this.scope === 'all'} @change=${() => {
      this.scope = 'all'
    }}> Every pin</label>
        <label class="choice"><input type="radio" name="backup-scope" .checked=${
      this.scope === 'meta'
    } @change=${() => {
      this.scope = 'meta'
    }}> Pins whose meta has all of these</label>
        ${
      this.scope === 'meta'
        ? html`<meta-editor legend="Backup filter" add-label="Add a key" .rows=${this.meta} @rows-change=${(
          event: CustomEvent<MetaRow[]>
        ) => {
          this.meta = event.detail
        }}></meta-editor>`
        : nothing
    }
      </fieldset>
      <button type="button" class="primary" ?disabled=${this.busy} @click=${this.#backup}>Make a backup</button>
      ${
      this.made === undefined ? nothing : html`<div class="notice ok download" role="status" style="margin-top: .75rem">
        <p>Backup ready: ${pins(this.made.pins)}, ${formatCount(this.made.withContent)} with their content (${
        formatBytes(this.made.contentBytes)
      }).</p>
        <!-- No download attribute: Chromium sends such links past the service worker. The CAR's
             Content-Disposition (attachment) makes the navigation a download, served by the worker. -->
        <a class="button primary" href=${this.made.url}>Download ${this.made.filename}</a>
      </div>`
    }
    </section>
    <section class="card" aria-labelledby="restore-title">
      <h2 id="restore-title">Restore</h2>
      <p class="muted">Reads a backup file offline: every block is checked against its CID, and each pin not already here (same CID, name and meta) is made again. Restoring a file twice changes nothing.</p>
      <div class="field">
        <label for="backup-file">Backup file (.car)</label>
        <input id="backup-file" type="file" accept=".car,application/vnd.ipld.car" @change=${(event: Event) => {
      this.file = (event.target as HTMLInputElement).files?.[0]
      this.report = undefined
      this.problem = undefined
    }}>
      </div>
      <button type="button" class="primary" ?disabled=${
      this.busy || this.file === undefined
    } @click=${this.#restore}>Restore</button>
      ${
      this.progress === undefined || this.file === undefined
        ? nothing
        : html`<p style="margin-top: .75rem"><label for="restore-progress">Reading ${formatBytes(this.progress)} of ${
          formatBytes(this.file.size)
        }</label>
        <progress id="restore-progress" max=${this.file.size} .value=${this.progress}></progress></p>`
    }
      ${
      this.report === undefined ? nothing : html`<div class="notice ok" role="status" style="margin-top: .75rem">
        <p><strong>Restored ${formatCount(this.report.restored)} of ${
        pins(this.report.pins)
      }</strong> from the backup of ${new Date(this.report.created).toLocaleString()}.</p>
        <p>${formatCount(this.report.skipped)} ${this.report.skipped === 1 ? 'was' : 'were'} here already and left as ${
        this.report.skipped === 1 ? 'it was' : 'they were'
      }. ${
        this.report.restored === 0
          ? ''
          : `${
            formatCount(this.report.withContent)
          } of the restored pins had their content in the file; the engine fetches the others.`
      }
          ${formatCount(this.report.blocks)} blocks read and checked, ${
        formatCount(this.report.newBlocks)
      } of them new here.</p>
      </div>`
    }
    </section>
    ${this.problem === undefined ? nothing : html`<p class="notice error" role="alert">${this.problem}</p>`}`
  }

  async #backup (): Promise<void> {
    if (this.service === undefined) return
    this.busy = true
    this.problem = undefined
    try {
      const meta = Object.fromEntries(
        this.meta.filter((row) => row.key.trim() !== '').map((row) => [row.key.trim(), row.value])
      )
      if (this.scope === 'meta' && Object.keys(meta).length === 0) {
        throw new Error('Name at least one meta key and value, or back up every pin.')
      }
      this.made = await this.service.backup.create(this.scope === 'meta' ? { meta } : {})
    } catch (error) {
      this.problem = messageOf(error)
    } finally {
      this.busy = false
    }
  }

  async #restore (): Promise<void> {
    if (this.service === undefined || this.file === undefined) return
    this.busy = true
    this.problem = undefined
    this.report = undefined
    this.progress = 0
    try {
      this.report = await this.service.backup.restore(this.file, {
        onProgress: (read) => {
          this.progress = read
        }
      })
    } catch (error) {
      this.problem = messageOf(error)
    } finally {
      this.busy = false
      this.progress = undefined
    }
  }
}

function pins (count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'pin' : 'pins'}`
}

customElements.define('backup-panel', BackupPanel)

declare global {
  interface HTMLElementTagNameMap {
    'backup-panel': BackupPanel
  }
}
