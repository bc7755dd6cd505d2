import { CID } from 'multiformats/cid'
import { bases } from 'multiformats/basics'
import type { MultibaseDecoder } from 'multiformats/bases/interface'

// CID.parse only knows base58btc, base32 and base36 by itself; accept every multibase multiformats ships.
type ComposableDecoder = MultibaseDecoder<string> & { or(other: ComposableDecoder): ComposableDecoder }
const anyBase = (Object.values(bases).map((codec) => codec.decoder) as ComposableDecoder[])
  .reduce((all, decoder) => all.or(decoder))

/** Parses a CID string in any multibase; throws a descriptive error when it is not a CID. */
export function parseCid (text: string): CID {
  const trimmed = text.trim()
  if (trimmed !== text || text.length === 0) throw new Error('a CID has no surrounding whitespace and is not empty')
  return CID.parse(text, anyBase)
}

/** The form used for equality: CIDv1 in base32, so CIDv0 `Qm…` and its `bafy…` form compare equal. */
export function cidKey (cid: CID): string {
  return cid.toV1().toString()
}
