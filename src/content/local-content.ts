import { lazyBlockstore } from './lazy-blockstore.ts'
import { parseCid } from '../service/cid-key.ts'

/** Content the node holds, read from this tab straight out of the shared blockstore, never from the network. */
export interface LocalContent {
  /** The bytes of a UnixFS file (or a raw block); throws when a block is missing locally. */
  read(cid: string, options?: { signal?: AbortSignal }): AsyncGenerator<Uint8Array>
  /** Whether one block is stored locally. */
  has(cid: string): Promise<boolean>
  close(): Promise<void>
}

export function openLocalContent (databaseName: string): LocalContent {
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
    close
  }
}
