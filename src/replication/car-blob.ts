import { carStream } from '../gateway/car-stream.ts'
import type { GatewayBlockstore } from '../gateway/block-reader.ts'
import type { CarWalk } from '../gateway/car-stream.ts'
import type { CID } from 'multiformats/cid'

/** Bytes gathered in JS before they are handed to the browser's blob storage (which may keep them on disk). */
const FLUSH_BYTES = 4 * 1024 * 1024

/**
 * A CARv1 of a whole DAG as stored here (depth first, each block once) as a Blob, for an upload body. Blobs
 * are built by reference, so the JS heap holds one slice at a time whatever the DAG's size. Throws
 * `NotHeldError` when a block is missing locally.
 */
export async function carBlob (blockstore: GatewayBlockstore, root: CID, signal?: AbortSignal): Promise<Blob> {
  let blob = new Blob([])
  let pending: Uint8Array[] = []
  let pendingBytes = 0
  const walk: CarWalk = { pathBlocks: [], target: root, scope: 'all', dups: 'n' }
  for await (const chunk of carStream(blockstore, root, walk, signal)) {
    pending.push(chunk)
    pendingBytes += chunk.length
    if (pendingBytes >= FLUSH_BYTES) {
      blob = new Blob([blob, ...pending as BlobPart[]])
      pending = []
      pendingBytes = 0
    }
  }
  return new Blob([blob, ...pending as BlobPart[]], { type: 'application/vnd.ipld.car' })
}
