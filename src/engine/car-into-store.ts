import { createUnsafe } from 'multiformats/block'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { carBlocks } from './car-blocks.ts'
import { matchesCid } from './verify-block.ts'
import type { WriteWindow } from './write-window.ts'
import type { CodecLoader, HasherLoader } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/** What one DAG's fetch by CARs knows, shared by its streams. */
export interface CarRun {
  /** Blocks accepted (verified, and being written or written), by key, with their sizes. */
  readonly received: Map<string, number>
  /** Blocks linked from an accepted block (or asked for as a CAR's root) that have not arrived. */
  readonly expected: Set<string>
  readonly writes: WriteWindow
  getHasher: HasherLoader
  getCodec: CodecLoader
  has(cid: CID): Promise<boolean>
  put(cid: CID, bytes: Uint8Array): Promise<unknown>
  /** A block was written (it is in the store now). */
  onStored(bytes: number): void
}

/**
 * How a CAR stream ended. `complete`: it ended cleanly; `stored-below`: it reached a block with links that was
 * already stored, so what follows is likely stored too and the rest is planned again; `bad-block`: a block did not
 * match its CID, or was not part of the DAG in a stream that said it was depth-first; `cut`: it broke off (a reset,
 * a truncated body, a CAR that does not parse, a block this node cannot check).
 */
export type CarOutcome =
  | { is: 'complete' | 'stored-below' | 'bad-block', blocks: number }
  | { is: 'cut', blocks: number, error: unknown }

export interface ReadCarInit {
  target: CID
  /** The gateway said its blocks come depth-first: each after a block that links to it. */
  dfs: boolean
  run: CarRun
  /** A block arrived and verified (before it is written). */
  onBlock(): void
}

/** The key blocks are known by in a run: the same block linked as CIDv0 or CIDv1 is one block. */
export function blockKey (cid: CID): string {
  return cid.toV1().toString()
}

/**
 * Reads a CAR body into the store, block by block, as it arrives. A block is written only once it hashes to its
 * CID and a verified block of the DAG (or the request itself) links to it: a gateway can add nothing else. The
 * first block that fails drops the stream, and nothing of it is written. Rejects only when a write fails (the
 * store's error: storage full, the database closing); the writes it started may still be in flight.
 */
export async function readCarInto (
  body: ReadableStream<Uint8Array>,
  { target, dfs, run, onBlock }: ReadCarInit
): Promise<CarOutcome> {
  let blocks = 0
  run.expected.add(blockKey(target))
  try {
    for await (const { cid, bytes } of carBlocks(body)) {
      const key = blockKey(cid)
      // Duplicates are ignored (the spec); so is a block before its parent when the order is unknown.
      if (run.received.has(key)) continue
      if (!run.expected.has(key)) {
        if (dfs) return { is: 'bad-block', blocks }
        continue
      }
      if (!await matchesCid(cid, bytes, run.getHasher)) return { is: 'bad-block', blocks }
      onBlock()
      const links = await linksOf(cid, bytes, run.getCodec)
      // A stored block with links, met under a new root (a replace, a DAG that shares a folder): its sub-DAG is
      // likely stored too. The stream stops rather than bring it all again; the next plan asks for what is missing.
      if (links.length > 0 && await run.has(cid)) return { is: 'stored-below', blocks }
      run.expected.delete(key)
      run.received.set(key, bytes.byteLength)
      for (const link of links) {
        // Identity CIDs carry their bytes; gateways never send them (the spec).
        if (link.multihash.code !== identity.code && !run.received.has(blockKey(link))) run.expected.add(blockKey(link))
      }
      blocks++
      await run.writes.add(
        run.put(cid, bytes).then(() => {
          run.onStored(bytes.byteLength)
        }),
        bytes.byteLength
      )
    }
    return { is: 'complete', blocks }
  } catch (error) {
    if (run.writes.failure !== undefined) throw run.writes.failure.error
    return { is: 'cut', blocks, error }
  }
}

async function linksOf (cid: CID, bytes: Uint8Array, getCodec: CodecLoader): Promise<CID[]> {
  if (cid.code === raw.code) return []
  const block = createUnsafe({ cid, bytes, codec: await getCodec(cid.code) })
  return [...block.links()].map(([, link]) => link)
}
