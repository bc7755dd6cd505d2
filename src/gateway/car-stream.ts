import * as dagCbor from '@ipld/dag-cbor'
import { varint } from 'multiformats'
import { identity } from 'multiformats/hashes/identity'
import { linksToFollow } from './dag-links.ts'
import { walkDepthFirst } from './dag-walk.ts'
import { concatBytes } from '../blocks/read-block.ts'
import type { GatewayBlockstore } from './block-reader.ts'
import type { ByteRange } from './byte-range.ts'
import type { DagScope, NextBlock } from './dag-links.ts'
import type { VisitedBlock } from './dag-walk.ts'
import type { CID } from 'multiformats/cid'

export interface CarWalk {
  /** Blocks that prove the path from the root to the target (sent first, in the order they were read). */
  pathBlocks: CID[]
  target: CID
  scope: DagScope
  /** For `entity` on a file: the byte range whose blocks are sent. */
  range?: ByteRange
  /** `y`: a block is sent every time the walk meets it; `n`: once. */
  dups: 'y' | 'n'
}

/**
 * A CARv1 stream (header, then each block framed as varint length + CID + bytes), made as the client reads it:
 * pulled block by block, so a 1 GiB DAG streams with flat memory and a client that goes away stops the walk.
 * (`@ipld/car`'s writer pushes into a queue; this pulls. Its reader checks what this writes, in the tests.)
 */
export async function* carStream (
  blockstore: GatewayBlockstore,
  root: CID,
  walk: CarWalk,
  signal?: AbortSignal
): AsyncGenerator<Uint8Array> {
  yield carHeader([root])
  for await (const block of walkBlocks(blockstore, walk, signal)) yield frame(block.cid, block.bytes)
}

function carHeader (roots: CID[]): Uint8Array {
  const header = dagCbor.encode({ version: 1, roots })
  return concatBytes([varint.encodeTo(header.length, new Uint8Array(varint.encodingLength(header.length))), header])
}

function frame (cid: CID, bytes: Uint8Array): Uint8Array {
  const length = cid.bytes.length + bytes.length
  const prefix = varint.encodeTo(length, new Uint8Array(varint.encodingLength(length)))
  return concatBytes([prefix, cid.bytes, bytes])
}

/**
 * The blocks of a CAR in depth-first order: the path, then the target's scope. Identity CIDs are never sent (their
 * bytes are in the CID), but their links are followed.
 */
async function* walkBlocks (
  blockstore: GatewayBlockstore,
  walk: CarWalk,
  signal?: AbortSignal
): AsyncGenerator<{ cid: CID, bytes: Uint8Array }> {
  type Step = NextBlock & { path?: true }
  const target: Step = { cid: walk.target, ...(walk.range === undefined ? {} : { range: walk.range }) }
  const path: Step[] = walk.pathBlocks.filter((cid) => !cid.equals(walk.target)).map((cid) => ({ cid, path: true }))
  const expand = ({ next, bytes }: VisitedBlock<Step>) =>
    next.path === true ? [] : linksToFollow(next.cid, bytes, walk.scope, next.range)
  for await (
    const { next, bytes } of walkDepthFirst(blockstore, [...path, target], expand, {
      once: walk.dups === 'n',
      ...(signal === undefined ? {} : { signal })
    })
  ) {
    if (next.cid.multihash.code !== identity.code) yield { cid: next.cid, bytes }
  }
}
