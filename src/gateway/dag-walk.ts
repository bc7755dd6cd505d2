import { readHeldBlock } from './block-reader.ts'
import type { GatewayBlockstore } from './block-reader.ts'
import type { NextBlock } from './dag-links.ts'

/** Blocks read ahead of the one being used: IndexedDB reads overlap, and memory stays a few blocks. */
const READ_AHEAD = 16

export interface VisitedBlock<T extends NextBlock> {
  next: T
  bytes: Uint8Array
}

/**
 * Visits blocks depth first, in order, reading each only when the walk is about to reach it (plus a bounded
 * read-ahead). The consumer pulls: when it stops, reading stops. `expand` names a block's children to visit next.
 */
export async function* walkDepthFirst<T extends NextBlock> (
  blockstore: GatewayBlockstore,
  start: T[],
  expand: (visited: VisitedBlock<T>) => T[],
  options: { once?: boolean, signal?: AbortSignal } = {}
): AsyncGenerator<VisitedBlock<T>> {
  const visited = new Set<string>()
  const reads = new Map<string, Promise<Uint8Array>>()
  // The stack's top is the next block.
  const stack = [...start].reverse()
  const read = async (next: T) => {
    const key = next.cid.toString()
    const pending = reads.get(key) ?? readHeldBlock(blockstore, next.cid, options.signal)
    reads.delete(key)
    return pending
  }
  try {
    while (stack.length > 0) {
      options.signal?.throwIfAborted()
      const next = stack.pop() as T
      const key = next.cid.toString()
      if (options.once === true && visited.has(key)) continue
      visited.add(key)
      const bytes = await read(next)
      yield { next, bytes }
      const children = expand({ next, bytes })
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as T)
      for (const ahead of stack.slice(-READ_AHEAD)) {
        const aheadKey = ahead.cid.toString()
        if (reads.has(aheadKey) || (options.once === true && visited.has(aheadKey))) continue
        const pending = readHeldBlock(blockstore, ahead.cid, options.signal)
        pending.catch(() => {}) // read again, and reported, when its turn comes
        reads.set(aheadKey, pending)
      }
    }
  } finally {
    reads.clear()
  }
}
