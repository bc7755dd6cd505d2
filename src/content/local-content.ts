import { lazyBlockstore } from './lazy-blockstore.ts'
import { parseCid } from '../service/cid-key.ts'

/** Content the node holds, read from this tab straight out of the shared blockstore, never from the network. */
export interface LocalContent {
  /** The bytes of a UnixFS file (or a raw block); throws when a block is missing locally. */
  read(cid: string, options?: { signal?: AbortSignal }): AsyncGenerator<Uint8Array>
  /** Whether one block is stored locally. */
  has(cid: string): Promise<boolean>
  /**
   * The link to content the node holds, on this origin: `<origin>/ipfs/<cid>/<path>` (each path segment
   * encoded). It opens offline, in any tab, `<img>`, `<video>` or `fetch` of the origin. Throws for a bad CID.
   */
  url(cid: string, path?: string): string
  close(): Promise<void>
}

export function openLocalContent (databaseName: string, gatewayBasePath: string): LocalContent {
  const { blockstore, close } = lazyBlockstore(databaseName)
  return {
    async * read (cid, options = {}) {
      // Loaded on first use: the exporter is not needed to answer the API.
      const { exporter } = await import('ipfs-unixfs-exporter')
      const entry = await exporter(parseCid(cid), await blockstore(), options)
      if (entry.type !== 'file' && entry.type !== 'raw' && entry.type !== 'identity') {
        throw new Error(`${cid} is a ${entry.type}, not a file`)
      }
      yield * entry.content(options)
    },
    async has (cid) {
      return (await blockstore()).has(parseCid(cid))
    },
    url (cid, path = '') {
      const root = parseCid(cid).toString()
      const segments = path.split('/').filter((segment) => segment !== '').map(encodeURIComponent)
      const trailing = path.endsWith('/') && segments.length > 0 ? '/' : ''
      return new URL([gatewayBasePath, root, ...segments].join('/') + trailing, location.origin).href
    },
    close
  }
}
