import { CarBlockIterator } from '@ipld/car/iterator'
import type { CID } from 'multiformats/cid'

/** The largest block accepted: what Helia's gateway client and bitswap accept. */
export const MAX_BLOCK_BYTES = 2 * 1024 * 1024
/**
 * Bytes that may be read from the network while no block comes out of them, before the chunk that completes one:
 * a block's frame (its length and CID) and the block. A stream that claims a larger section would make the reader
 * buffer without end: it is refused instead.
 */
const MAX_SECTION_BYTES = MAX_BLOCK_BYTES + 1024

/** A CAR stream that is not one, or claims a block larger than any block may be. */
export class CarFormatError extends Error {
  override name = 'CarFormatError'
}

export interface CarBlock {
  cid: CID
  bytes: Uint8Array
}

/**
 * The blocks of a CAR body as they arrive, parsed by `@ipld/car`: memory holds one block (and a network chunk)
 * at a time, whatever the size of the DAG. Nothing is verified here. Stopping early cancels the body.
 */
export async function* carBlocks (body: ReadableStream<Uint8Array>): AsyncGenerator<CarBlock> {
  const reader = body.getReader()
  let unspent = 0
  async function* chunks (): AsyncGenerator<Uint8Array> {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      if (unspent > MAX_SECTION_BYTES) throw new CarFormatError(`a CAR section runs past ${MAX_SECTION_BYTES} bytes`)
      unspent += value.byteLength
      yield value
    }
  }
  try {
    for await (const { cid, bytes } of await CarBlockIterator.fromIterable(chunks())) {
      unspent = 0
      if (bytes.byteLength > MAX_BLOCK_BYTES) {
        throw new CarFormatError(`block ${cid} is larger than ${MAX_BLOCK_BYTES} bytes`)
      }
      yield { cid, bytes: ownBuffer(bytes) }
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}

/**
 * The reader hands out views into its read buffer, which holds the next blocks too; IndexedDB stores a view's
 * whole buffer, so each block gets a buffer of its own.
 */
function ownBuffer (bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice()
}
