import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { fetchDag } from './fetch-dag.ts'
import type { CodecLoader } from '@helia/interface'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

export interface LocalBlocks {
  has(cid: CID, options?: AbortOptions): Promise<boolean>
  get(cid: CID, options?: AbortOptions): Iterable<Uint8Array> | AsyncIterable<Uint8Array>
}

/** Whether a block is stored; an identity CID carries its bytes, so it always is. */
export async function isStored (blockstore: LocalBlocks, cid: CID): Promise<boolean> {
  return cid.multihash.code === identity.code || await blockstore.has(cid)
}

/**
 * Where a DAG's fetch must resume: the blocks that are not stored but whose parent is (the root, when it is not).
 * Walks only what is stored, never the network; raw blocks link to nothing, so they are looked up, never read.
 */
export async function missingBelow (
  root: CID,
  { blockstore, getCodec, signal }: { blockstore: LocalBlocks, getCodec: CodecLoader, signal: AbortSignal }
): Promise<CID[]> {
  const missing: CID[] = []
  const local = {
    get: (cid: CID, options?: AbortOptions) =>
      cid.multihash.code === identity.code ? [cid.multihash.digest] : blockstore.get(cid, options)
  }
  await fetchDag(root, local, {
    getCodec,
    signal,
    concurrency: 16,
    isMissing: async (cid) => {
      const absent = !await isStored(blockstore, cid)
      if (absent) missing.push(cid)
      return absent
    },
    leafSize: (cid) => cid.code === raw.code ? 0 : undefined
  })
  return missing
}
