import { CID } from 'multiformats/cid'
import type { IpfsNetwork } from '../../test/fixtures/ipfs-network.ts'

/** The bytes of the given blocks as the network's content node stores them: what a floor must have fetched. */
export async function blockBytes (network: IpfsNetwork, cids: string[]): Promise<number> {
  let total = 0
  for (const cid of cids) {
    for await (const chunk of network.helia.blockstore.get(CID.parse(cid), { offline: true })) total += chunk.byteLength
  }
  return total
}
