import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { linksToFollow } from './dag-links.ts'
import { walkDepthFirst } from './dag-walk.ts'
import type { GatewayBlockstore } from './block-reader.ts'
import type { ByteRange } from './byte-range.ts'
import type { NextBlock } from './dag-links.ts'
import type { CID } from 'multiformats/cid'

/**
 * The bytes of a file (a UnixFS file DAG, or a raw or identity block) in `range`, block by block as the consumer
 * pulls them: only the blocks that overlap the range are read, and never more than a few ahead of the reader.
 * (The UnixFS exporter reads a whole file as fast as it can, however slowly it is consumed.)
 */
export async function* fileBytes (
  blockstore: GatewayBlockstore,
  root: CID,
  range: ByteRange,
  signal?: AbortSignal
): AsyncGenerator<Uint8Array> {
  if (range.end <= range.start) return
  const expand = ({ next, bytes }: { next: NextBlock, bytes: Uint8Array }) =>
    linksToFollow(next.cid, bytes, 'entity', next.range)
  for await (
    const { next, bytes } of walkDepthFirst(
      blockstore,
      [{ cid: root, range }],
      expand,
      signal === undefined ? {} : { signal }
    )
  ) {
    const wanted = next.range ?? { start: 0, end: Number.POSITIVE_INFINITY }
    // A node's own bytes come before its children's: raw blocks are all data; UnixFS nodes may carry some.
    const data = next.cid.code === dagPb.code
      ? UnixFS.unmarshal(dagPb.decode(bytes).Data ?? new Uint8Array()).data
      : bytes
    if (data === undefined || data.length === 0) continue
    const slice = data.subarray(Math.max(0, wanted.start), Math.min(data.length, wanted.end))
    if (slice.length > 0) yield slice
  }
}
