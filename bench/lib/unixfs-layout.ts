import * as dagCbor from '@ipld/dag-cbor'
import { MemoryBlockstore } from 'blockstore-core'
import { importer } from 'ipfs-unixfs-importer'
import { varint } from 'multiformats'
import { base32upper } from 'multiformats/bases/base32'
import { createUnsafe } from 'multiformats/block'
import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'
import { CID } from 'multiformats/cid'
import { randomChunks } from './bytes-server.ts'

/** One block of an imported DAG as the page's blockstore keeps it. */
export interface LaidBlock {
  cid: string
  /** blockstore-idb's key: '/' + the multihash in upper-case base32 (multibase prefix included). */
  key: string
  bytes: number
}

export interface Layout {
  root: string
  /** Every distinct block, depth first from the root (the order of a CAR with dups=n). */
  blocks: LaidBlock[]
  blockBytes: number
  /** The length of the CARv1 of the whole DAG (dag-scope=all, each block once): header and frames. */
  carBytes: number
  /** For a file: the raw leaves in file order with their offsets. */
  leaves: Array<{ cid: string, offset: number, bytes: number }>
}

/** A file the page imports: `size` bytes of the bench's random stream from `seed`. */
export interface FileSpec {
  path: string
  size: number
  seed: number
}

/**
 * The DAG the page's import makes of these files, computed in Node with the same importer and options as
 * src/content/unixfs-import.ts (unixfs-v1-2025, CIDv1, raw leaves; several files wrapped in a folder), so
 * that a suite knows every block the page stores and can check the page's root against it.
 */
export async function layoutOf (files: FileSpec[]): Promise<Layout> {
  const store = new MemoryBlockstore()
  let root: CID | undefined
  const candidates = files.map(({ path, size, seed }) => ({ path, content: randomChunks(size, seed) }))
  for await (
    const entry of importer(candidates, store, {
      profile: 'unixfs-v1-2025',
      cidVersion: 1,
      rawLeaves: true,
      wrapWithDirectory: files.length > 1
    })
  ) root = entry.cid
  if (root === undefined) throw new Error('nothing imported')
  const blocks: LaidBlock[] = []
  const leaves: Layout['leaves'] = []
  const seen = new Set<string>()
  let offset = 0
  let carBytes = 0
  const header = dagCbor.encode({ version: 1, roots: [root] })
  carBytes += varint.encodingLength(header.length) + header.length
  const visit = async (cid: CID): Promise<void> => {
    const key = cid.toString()
    if (seen.has(key)) return
    seen.add(key)
    const bytes = await readAll(store, cid)
    blocks.push({ cid: key, key: `/${base32upper.encode(cid.multihash.bytes)}`, bytes: bytes.length })
    const frame = cid.bytes.length + bytes.length
    carBytes += varint.encodingLength(frame) + frame
    if (cid.code === raw.code) {
      leaves.push({ cid: key, offset, bytes: bytes.length })
      offset += bytes.length
    }
    const block = cid.code === dagPb.code
      ? createUnsafe({ cid, bytes, codec: dagPb })
      : createUnsafe({ cid, bytes, codec: raw })
    for (const [, link] of block.links()) await visit(link)
  }
  await visit(root)
  return {
    root: root.toString(),
    blocks,
    blockBytes: blocks.reduce((sum, block) => sum + block.bytes, 0),
    carBytes,
    leaves
  }
}

async function readAll (store: MemoryBlockstore, cid: CID): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  for await (const chunk of store.get(cid)) chunks.push(chunk)
  return chunks.length === 1 ? chunks[0] as Uint8Array : new Uint8Array(Buffer.concat(chunks))
}
