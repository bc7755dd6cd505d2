import { lazyBlockstore } from './lazy-blockstore.ts'
import { whileImporting } from '../sync/collection-lock.ts'
import { trackNewBlocks } from './tracked-blockstore.ts'
import type { ImportedEntry, ImportFile } from './unixfs-import.ts'
import type { PinService } from '../service/pin-service.ts'
import type { PinStatus } from '../service/types.ts'
import type { CID } from 'multiformats/cid'

export type { ImportedEntry, ImportFile } from './unixfs-import.ts'

export interface ImportOptions {
  /** The pin's name; default: the file's or folder's name, or the CAR file's. */
  name?: string
  signal?: AbortSignal
  /** Bytes read so far of `total` (the sum of the file sizes). */
  onProgress?(read: number, total: number): void
  /**
   * Keep an existing pin of the same content (queued, pinning or pinned) instead of adding a second
   * request for it. Default: true.
   */
  reuse?: boolean
}

export interface ImportedContent {
  /** The root that was pinned (the first, for a CAR file with several). */
  cid: string
  /** One pin request per root, created at once (or an existing one, see `reused`); the engine finds every block locally. */
  pins: PinStatus[]
  /** The requestids in `pins` that existed before this import (the same content was pinned already). */
  reused: string[]
  /** Every file and folder imported, with its own CID (UnixFS imports only). */
  entries: ImportedEntry[]
  /** Blocks that were not in the node yet. */
  newBlocks: number
}

/** Puts content from this computer into the node and pins it: no network involved. */
export interface ContentImporter {
  /** One file keeps its own CID; several files, or a folder, are wrapped in a directory (relative paths kept). */
  importFiles(files: ImportFile[], options?: ImportOptions): Promise<ImportedContent>
  /** Stores the blocks of a CAR file (each checked against its CID) and pins its roots. */
  importCar(car: Blob, options?: ImportOptions): Promise<ImportedContent>
  close(): Promise<void>
}

export interface ContentImporterComponents {
  databaseName: string
  pins: Pick<PinService, 'add' | 'list'>
}

/** States in which an existing request already keeps the content (a failed one keeps nothing). */
const KEEPING = ['queued', 'pinning', 'pinned'] as const

type ImportWork = (
  store: ReturnType<typeof trackNewBlocks>['store'],
  onRead: (bytes: number) => void
) => Promise<{ roots: CID[], entries: ImportedEntry[], name: string }>

export function createContentImporter ({ databaseName, pins }: ContentImporterComponents): ContentImporter {
  const { blockstore, close } = lazyBlockstore(databaseName)

  /**
   * Runs one import; if it fails or is cancelled, the blocks it added are removed again. No garbage is
   * collected from its first block until its pin requests exist (they keep its blocks from then on).
   */
  const run = async (total: number, options: ImportOptions, work: ImportWork): Promise<ImportedContent> =>
    whileImporting(databaseName, async () => importAndPin(total, options, work))

  const importAndPin = async (total: number, options: ImportOptions, work: ImportWork): Promise<ImportedContent> => {
    const tracked = trackNewBlocks(await blockstore())
    let read = 0
    const onRead = (bytes: number) => {
      read += bytes
      options.onProgress?.(read, total)
    }
    let result
    try {
      result = await work(tracked.store, onRead)
      options.signal?.throwIfAborted()
    } catch (error) {
      await tracked.undo()
      throw error
    }
    const name = options.name?.trim() === '' || options.name === undefined ? result.name : options.name
    const statuses: PinStatus[] = []
    const reused: string[] = []
    for (const [i, root] of result.roots.entries()) {
      const existing = options.reuse === false
        ? undefined
        : (await pins.list({ cidKeys: [root.toV1().toString()], statuses: [...KEEPING], limit: 1 })).results[0]
      if (existing !== undefined) {
        statuses.push(existing)
        reused.push(existing.requestid)
        continue
      }
      const label = result.roots.length === 1 ? name : `${name} (root ${i + 1} of ${result.roots.length})`
      statuses.push(await pins.add({ cid: root.toString(), ...(label === '' ? {} : { name: label }) }))
    }
    return {
      cid: result.roots[0]?.toString() ?? '',
      pins: statuses,
      reused,
      entries: result.entries,
      newBlocks: tracked.newBlocks
    }
  }

  return {
    async importFiles (files, options = {}) {
      const total = files.reduce((sum, { file }) => sum + (file?.size ?? 0), 0)
      return run(total, options, async (store, onRead) => {
        const { importUnixfs } = await import('./unixfs-import.ts')
        const { root, entries } = await importUnixfs(files, store, { onRead, ...signalOf(options) })
        return { roots: [root], entries, name: defaultName(files) }
      })
    },
    async importCar (car, options = {}) {
      return run(car.size, options, async (store, onRead) => {
        const { importCarBlocks } = await import('./car-import.ts')
        const { roots } = await importCarBlocks(car, store, { onRead, ...signalOf(options) })
        return { roots, entries: [], name: car instanceof File ? car.name : '' }
      })
    },
    close
  }
}

function signalOf (options: ImportOptions): { signal?: AbortSignal } {
  return options.signal === undefined ? {} : { signal: options.signal }
}

/** The file's name, the folder's name (the first segment all paths share), or "N files". */
function defaultName (files: ImportFile[]): string {
  const tops = new Set(files.map(({ path }) => path.split('/')[0] ?? ''))
  if (tops.size === 1) return [...tops][0] ?? ''
  return `${files.filter(({ file }) => file !== undefined).length} files`
}
