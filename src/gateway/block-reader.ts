import { identity } from 'multiformats/hashes/identity'
import { NotHeldError } from './errors.ts'
import { readBlock } from '../blocks/read-block.ts'
import type { ReadableStorage } from 'ipfs-unixfs-exporter'
import type { CID } from 'multiformats/cid'

/** The blocks the gateway reads: the node's store, read-only (the gateway never fetches anything). */
export type GatewayBlockstore = ReadableStorage & { has(cid: CID): boolean | Promise<boolean> }

/** Reads a block: identity CIDs carry their bytes inline; anything not stored is `NotHeldError`. */
export async function readHeldBlock (
  blockstore: GatewayBlockstore,
  cid: CID,
  signal?: AbortSignal
): Promise<Uint8Array> {
  if (cid.multihash.code === identity.code) return cid.multihash.digest
  try {
    return await readBlock(blockstore.get(cid, signal === undefined ? {} : { signal }))
  } catch (error) {
    if ((error as Error).name === 'NotFoundError') throw new NotHeldError(cid.toString())
    throw error
  }
}

export async function isHeld (blockstore: GatewayBlockstore, cid: CID): Promise<boolean> {
  return cid.multihash.code === identity.code || await blockstore.has(cid)
}

/**
 * A read-only view of the store for the UnixFS exporter that notes, in order, every block it reads: the blocks
 * a CAR must carry so that a client can verify the path from the root to what it asked for.
 */
export function recordingBlockstore (
  blockstore: GatewayBlockstore,
  signal?: AbortSignal
): { store: { get(cid: CID): AsyncGenerator<Uint8Array> }, read: CID[] } {
  const read: CID[] = []
  return {
    read,
    store: {
      async *get (cid: CID) {
        const bytes = await readHeldBlock(blockstore, cid, signal)
        read.push(cid)
        yield bytes
      }
    }
  }
}
