import { createUnsafe } from 'multiformats/block'
import { CID } from 'multiformats/cid'
import type { IpfsNetwork } from '../../test/fixtures/ipfs-network.ts'

/** Every block CID of a DAG held by the network's content node, read from its own store only. */
export async function dagBlocks (network: IpfsNetwork, root: string): Promise<string[]> {
  const seen = new Set<string>()
  const pending = [CID.parse(root)]
  for (let cid = pending.pop(); cid !== undefined; cid = pending.pop()) {
    if (seen.has(cid.toString())) continue
    seen.add(cid.toString())
    const chunks: Uint8Array[] = []
    for await (const chunk of network.helia.blockstore.get(cid, { offline: true })) chunks.push(chunk)
    const block = createUnsafe({ cid, bytes: new Uint8Array(Buffer.concat(chunks)), codec: await network.helia.getCodec(cid.code) })
    for (const [, link] of block.links()) pending.push(link)
  }
  return [...seen]
}
