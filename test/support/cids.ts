import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

const DAG_PB = 0x70

/** A valid CIDv1 (raw, base32) of some random bytes. */
export async function randomCid (): Promise<string> {
  return CID.create(1, raw.code, await sha256.digest(crypto.getRandomValues(new Uint8Array(16)))).toString()
}

/** A CIDv0 (`Qm…`) and the CIDv1 (`bafy…`) of the same DAG. */
export async function cidPair (): Promise<{ v0: string, v1: string }> {
  const cid = CID.createV0(await sha256.digest(crypto.getRandomValues(new Uint8Array(16))))
  return { v0: cid.toString(), v1: CID.create(1, DAG_PB, cid.multihash).toString() }
}
