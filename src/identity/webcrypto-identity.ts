import { base58btc } from 'multiformats/bases/base58'
import { base64url } from 'multiformats/bases/base64'
import { identity } from 'multiformats/hashes/identity'

export interface NewIdentity {
  /** libp2p's `PrivateKey` protobuf: KeyType Ed25519 (1), Data = 32-byte seed ‖ 32-byte public key. */
  privateKey: Uint8Array
  /** base58btc of the identity multihash of libp2p's `PublicKey` protobuf, as libp2p prints peer ids. */
  peerId: string
}

/**
 * A new Ed25519 identity made with the browser's own WebCrypto, in the exact bytes libp2p stores and reads
 * (its crypto library loads only in the engine's Worker, never on the page's first visit). Undefined where the
 * browser has no Ed25519 in WebCrypto; the caller then uses libp2p's.
 */
export async function newEd25519Identity (): Promise<NewIdentity | undefined> {
  let pair: CryptoKeyPair
  try {
    pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair
  } catch {
    return undefined
  }
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey)
  if (jwk.d === undefined || jwk.x === undefined) return undefined
  const seed = base64url.baseDecode(jwk.d)
  const publicKey = base64url.baseDecode(jwk.x)
  if (seed.length !== 32 || publicKey.length !== 32) return undefined
  const privateKey = Uint8Array.of(0x08, 0x01, 0x12, 0x40, ...seed, ...publicKey)
  const publicKeyProtobuf = Uint8Array.of(0x08, 0x01, 0x12, 0x20, ...publicKey)
  return { privateKey, peerId: base58btc.baseEncode(identity.digest(publicKeyProtobuf).bytes) }
}
