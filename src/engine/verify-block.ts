import { equals } from 'multiformats/bytes'
import type { HasherLoader } from '@helia/interface'
import type { CID } from 'multiformats/cid'

/**
 * Whether `bytes` hash to `cid`'s multihash, with the hash function the CID names (a truncated hash is compared
 * at its own length, as Helia does). A CID whose hash function this node does not know cannot be verified: the
 * loader's error is thrown.
 */
export async function matchesCid (cid: CID, bytes: Uint8Array, getHasher: HasherLoader): Promise<boolean> {
  const hasher = await getHasher(cid.multihash.code)
  const digest = await hasher.digest(bytes, { truncate: cid.multihash.digest.byteLength })
  return digest.code === cid.multihash.code && equals(digest.digest, cid.multihash.digest)
}
