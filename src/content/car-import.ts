import { CarBlockIterator } from '@ipld/car/iterator'
import { equals } from 'multiformats/bytes'
import { identity } from 'multiformats/hashes/identity'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { blobChunks } from './read-blob.ts'
import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'
import type { MultihashHasher } from 'multiformats/hashes/interface'

/** The hash functions the node can check (Helia's defaults); a block with another cannot be trusted. */
const HASHERS = new Map<number, MultihashHasher>([[sha256.code, sha256], [sha512.code, sha512], [
  identity.code,
  identity
]])

export class InvalidCarError extends Error {
  override name = 'InvalidCarError'
}

/**
 * Reads a CAR file block by block (never all in memory), checks that each block's bytes hash to its CID,
 * and stores it. Loaded on first use. Returns the CAR's roots.
 */
export async function importCarBlocks (
  car: Blob,
  blockstore: Pick<Blockstore, 'put'>,
  options: { onRead(bytes: number): void, signal?: AbortSignal }
): Promise<{ roots: CID[], blocks: number }> {
  let blocks: CarBlockIterator
  try {
    blocks = await CarBlockIterator.fromIterable(blobChunks(car, options.onRead, options.signal))
  } catch (error) {
    options.signal?.throwIfAborted()
    throw new InvalidCarError(`This is not a CAR file: ${(error as Error).message}`)
  }
  const roots = await blocks.getRoots()
  if (roots.length === 0) throw new InvalidCarError('The CAR file names no root, so there is nothing to pin')
  let count = 0
  for await (const { cid, bytes } of blocks) {
    await verify(cid, bytes)
    // The reader hands out views into its read buffer; IndexedDB would store (and hold) the whole buffer.
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
    await blockstore.put(cid, own, options.signal === undefined ? {} : { signal: options.signal })
    count++
  }
  return { roots, blocks: count }
}

async function verify (cid: CID, bytes: Uint8Array): Promise<void> {
  const hasher = HASHERS.get(cid.multihash.code)
  if (hasher === undefined) {
    throw new InvalidCarError(
      `Block ${cid} uses hash function 0x${cid.multihash.code.toString(16)}, which this node cannot verify`
    )
  }
  const digest = await hasher.digest(bytes)
  if (!equals(digest.digest, cid.multihash.digest)) {
    throw new InvalidCarError(
      `Block ${cid} does not match its CID: its bytes hash to something else. The CAR file is corrupt or was tampered with; nothing was pinned`
    )
  }
}
