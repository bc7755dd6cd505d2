import { ContentNotHeldError } from './errors.ts'
import type { ReadableStorage } from 'ipfs-unixfs-exporter'

/**
 * The store as the exporter reads it, with a missing block reported as `ContentNotHeldError`: the exporter's own
 * NotFoundError means "no such entry", and the two must not be confused.
 */
export function heldBlocks (blockstore: ReadableStorage): ReadableStorage {
  return {
    async *get (cid, options) {
      try {
        yield* blockstore.get(cid, options)
      } catch (error) {
        if ((error as Error).name === 'NotFoundError') throw new ContentNotHeldError(cid.toString())
        throw error
      }
    }
  }
}
