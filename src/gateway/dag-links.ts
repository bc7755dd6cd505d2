import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import * as dagPb from '@ipld/dag-pb'
import { UnixFS } from 'ipfs-unixfs'
import { createUnsafe } from 'multiformats/block'
import * as raw from 'multiformats/codecs/raw'
import type { ByteRange } from './byte-range.ts'
import type { CID } from 'multiformats/cid'

/** The blocks a CAR carries after its path (trustless gateway spec, dag-scope). */
export type DagScope = 'block' | 'entity' | 'all'

/** A link to follow, with the byte range of the entity it must still cover (files read with entity-bytes). */
export interface NextBlock {
  cid: CID
  range?: ByteRange
}

/**
 * The links of one block to follow for a scope, in the block's own order (depth-first). `entity` follows a
 * UnixFS file's chunks (only those that overlap `range`, when given) and a sharded directory's sub-shards, and
 * nothing else; `all` follows every link; `block` none. Unknown codecs are leaves.
 */
export function linksToFollow (cid: CID, bytes: Uint8Array, scope: DagScope, range?: ByteRange): NextBlock[] {
  if (scope === 'block' || cid.code === raw.code) return []
  if (cid.code === dagPb.code) return dagPbLinks(dagPb.decode(bytes), scope, range)
  if (scope === 'entity') return []
  const codec = cid.code === dagCbor.code ? dagCbor : cid.code === dagJson.code ? dagJson : undefined
  if (codec === undefined) return []
  return [...createUnsafe({ bytes, cid, codec }).links()].map(([, link]) => ({ cid: link }))
}

function dagPbLinks (node: dagPb.PBNode, scope: DagScope, range?: ByteRange): NextBlock[] {
  if (scope === 'all') return node.Links.map((link) => ({ cid: link.Hash }))
  const unixfs = unixfsOf(node)
  if (unixfs === undefined) return []
  if (unixfs.type === 'hamt-sharded-directory') {
    // Sub-shards are named by their bucket alone (two hex digits for a fanout of 256); entries carry a name after it.
    const bucketLength = ((unixfs.fanout ?? 256n) - 1n).toString(16).length
    return node.Links.filter((link) => (link.Name ?? '').length === bucketLength).map((link) => ({ cid: link.Hash }))
  }
  if (unixfs.type !== 'file' && unixfs.type !== 'raw') return []
  let offset = unixfs.data?.length ?? 0
  const next: NextBlock[] = []
  node.Links.forEach((link, i) => {
    const size = Number(unixfs.blockSizes[i] ?? 0n)
    const child = { start: offset, end: offset + size }
    offset += size
    if (range === undefined) next.push({ cid: link.Hash })
    else if (child.start < range.end && range.start < child.end) {
      next.push({
        cid: link.Hash,
        range: { start: Math.max(0, range.start - child.start), end: Math.min(size, range.end - child.start) }
      })
    }
  })
  return next
}

function unixfsOf (node: dagPb.PBNode): UnixFS | undefined {
  if (node.Data === undefined) return undefined
  try {
    return UnixFS.unmarshal(node.Data)
  } catch {
    return undefined
  }
}
