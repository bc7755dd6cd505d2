import { lazyBlockstore } from './lazy-blockstore.ts'
import { parseCid } from '../service/cid-key.ts'
import type { ContentStat, FolderPage, ListOptions } from './folder-list.ts'

export type { ContentKind, ContentStat, FolderEntry, FolderPage, ListOptions } from './folder-list.ts'
export { ContentNotHeldError, NoSuchEntryError, NotAFolderError } from './errors.ts'

/** Content the node holds, read from this tab straight out of the shared blockstore, never from the network. */
export interface LocalContent {
  /** The bytes of a UnixFS file (or a raw block); throws when a block is missing locally. */
  read(cid: string, options?: { signal?: AbortSignal }): AsyncGenerator<Uint8Array>
  /** Whether one block is stored locally. */
  has(cid: string): Promise<boolean>
  /**
   * What `cid` (or `path` below it, `a/b.txt`) is: a file with its size, a folder, or an IPLD object.
   * Throws `ContentNotHeldError` when a block on the way is not held, `NoSuchEntryError` for a missing name.
   */
  stat(cid: string, path?: string, options?: { signal?: AbortSignal }): Promise<ContentStat>
  /**
   * One page of a folder's entries (sorted by name; `offset`, `limit` up to 1,000, 100 by default) with the
   * folder's entry count; sharded folders too. Reads the folder's own blocks and one block per entry listed.
   * Throws `NotAFolderError` for a file, `ContentNotHeldError`, `NoSuchEntryError` as `stat` does.
   */
  list(cid: string, path?: string, options?: ListOptions): Promise<FolderPage>
  /**
   * The link to content the node holds, on this origin: `<origin>/ipfs/<cid>/<path>` (each path segment
   * encoded; a trailing slash kept, `'/'` for a folder's own page). It opens offline, in any tab, `<img>`,
   * `<video>` or `fetch` of the origin. Throws for a bad CID.
   */
  url(cid: string, path?: string): string
  close(): Promise<void>
}

export function openLocalContent (databaseName: string, gatewayBasePath: string): LocalContent {
  const { blockstore, close } = lazyBlockstore(databaseName)
  let folderModule: Promise<typeof import('./folder-list.ts')> | undefined
  const folders = async () => {
    folderModule ??= import('./folder-list.ts').catch((error: unknown) => {
      folderModule = undefined // asked again on the next use
      throw error
    })
    return folderModule
  }
  // Fetched now, beside the start and not in its way, rather than on first use: a page that has gone offline
  // must still browse and open what the node holds, and the page's own files are not kept offline.
  void folders().catch(() => undefined)
  return {
    async *read (cid, options = {}) {
      // Loaded on first use: the exporter is not needed to answer the API.
      const { exporter } = await import('ipfs-unixfs-exporter')
      const entry = await exporter(parseCid(cid), await blockstore(), options)
      if (entry.type !== 'file' && entry.type !== 'raw' && entry.type !== 'identity') {
        throw new Error(`${cid} is a ${entry.type}, not a file`)
      }
      yield* entry.content(options)
    },
    async has (cid) {
      return (await blockstore()).has(parseCid(cid))
    },
    async stat (cid, path = '', options = {}) {
      const root = parseCid(cid)
      return (await folders()).statContent(await blockstore(), root, path, options.signal)
    },
    async list (cid, path = '', options = {}) {
      const root = parseCid(cid)
      return (await folders()).listFolder(await blockstore(), root, path, options)
    },
    url (cid, path = '') {
      const root = parseCid(cid)
      const segments = path.split('/').filter((segment) => segment !== '').map(encodeURIComponent)
      const trailing = path.endsWith('/') ? '/' : ''
      return new URL([gatewayBasePath, root.toString(), ...segments].join('/') + trailing, location.origin).href
    },
    close
  }
}
