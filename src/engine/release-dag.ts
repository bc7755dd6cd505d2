import { fetchDag } from './fetch-dag.ts'
import { BLOCK_CONCURRENCY } from './pin-job.ts'
import type { EngineNode } from './engine-node.ts'
import type { CID } from 'multiformats/cid'

/**
 * Unpins a held DAG: walks its blocks as stored (never the network; a missing block is skipped, its
 * subtree cannot be known) and takes the pin off each, in one transaction. Its blocks become garbage
 * unless another pin holds them.
 */
export async function releaseDag ({ helia, blockstore, ledger }: EngineNode, root: CID): Promise<void> {
  const dag = await fetchDag(root, blockstore, {
    getCodec: helia.getCodec,
    signal: new AbortController().signal,
    concurrency: BLOCK_CONCURRENCY,
    isMissing: async (cid) => !await blockstore.has(cid)
  })
  await ledger.unpin(root, dag.cids)
}
