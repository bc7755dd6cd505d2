import { BLOCK_CONCURRENCY, fetchDag } from './fetch-dag.ts'
import type { BlockSource } from './fetch-dag.ts'
import type { PinLedger } from './pin-ledger.ts'
import type { CodecLoader } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/** What of the engine's node these need (engine-node.ts rebuilds the ledger with them as it starts). */
interface StoredDagNode {
  helia: { getCodec: CodecLoader }
  blockstore: BlockSource & { has(cid: CID): Promise<boolean> }
  ledger: PinLedger
}

/**
 * The blocks of a DAG as stored: walked locally, never over the network; a missing block is skipped
 * (its subtree cannot be known).
 */
export async function storedBlocks ({ helia, blockstore }: StoredDagNode, root: CID): Promise<CID[]> {
  const dag = await fetchDag(root, blockstore, {
    getCodec: helia.getCodec,
    signal: new AbortController().signal,
    concurrency: BLOCK_CONCURRENCY,
    isMissing: async (cid) => !await blockstore.has(cid)
  })
  return dag.cids
}

/** Unpins a held DAG in one transaction; its blocks become garbage unless another pin holds them. */
export async function releaseDag (node: StoredDagNode, root: CID): Promise<void> {
  await node.ledger.unpin(root, await storedBlocks(node, root))
}

/**
 * Once per ledger version: recounts every block record from the pinned DAGs as stored, because records
 * written by Helia's own `pins.rm` (before the ledger) may name the wrong roots and let a shared block go.
 */
export async function rebuildLedgerOnce (node: StoredDagNode): Promise<void> {
  if (await node.ledger.isCurrent()) return
  const dags = []
  for (const root of await node.ledger.roots()) dags.push({ root, blocks: await storedBlocks(node, root) })
  await node.ledger.rebuild(dags)
}
