import { createUnsafe } from 'multiformats/block'
import { readBlock } from '../blocks/read-block.ts'
import type { CodecLoader } from '@helia/interface'
import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

export interface CollectComponents {
  /** The local blockstore itself, never the networked one: a missing block must not be fetched. */
  blockstore: Blockstore
  isPinned(cid: CID): Promise<boolean>
  getCodec: CodecLoader
}

/**
 * Deletes the blocks of a released DAG that no pin holds, walking only what is stored locally (a DAG whose
 * fetch was cut short is partial). A pinned block's whole subtree is pinned, so the walk stops there.
 * Run it only while no fetch is in progress: fetched-but-not-yet-pinned blocks look like garbage.
 */
export async function collectDag (
  root: CID,
  { blockstore, isPinned, getCodec }: CollectComponents
): Promise<{ blocks: number, bytes: number }> {
  const freed = { blocks: 0, bytes: 0 }
  const seen = new Set<string>()
  const pending: CID[] = [root]
  for (let cid = pending.pop(); cid !== undefined; cid = pending.pop()) {
    const key = cid.toString()
    if (seen.has(key)) continue
    seen.add(key)
    if (!await blockstore.has(cid) || await isPinned(cid)) continue
    const bytes = await readBlock(blockstore.get(cid))
    try {
      const block = createUnsafe({ cid, bytes, codec: await getCodec(cid.code) })
      for (const [, link] of block.links()) pending.push(link)
    } catch {
      // A block we cannot decode has no links we could follow; it is still garbage.
    }
    await blockstore.delete(cid)
    freed.blocks++
    freed.bytes += bytes.length
  }
  return freed
}

export interface SweepComponents {
  storedBlocks(): AsyncIterable<CID>
  isPinned(cid: CID): Promise<boolean>
  deleteBlock(cid: CID): Promise<void>
}

/**
 * Deletes every stored block that no pin holds: what a crash left behind where no record points (an import whose
 * tab closed before its pin request existed). Run it only while nothing fetches or imports and every wanted DAG is
 * pinned: then a block no pin holds is one nobody will ever ask for.
 */
export async function sweepOrphans (
  { storedBlocks, isPinned, deleteBlock }: SweepComponents
): Promise<{ blocks: number }> {
  const orphans: CID[] = []
  for await (const cid of storedBlocks()) if (!await isPinned(cid)) orphans.push(cid)
  for (const cid of orphans) await deleteBlock(cid)
  return { blocks: orphans.length }
}
