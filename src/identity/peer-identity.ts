import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import type { ServiceDatabase } from '../store/database.ts'
import type { PeerId, PrivateKey } from '@libp2p/interface'

const SETTING = 'peer-identity'

export interface PeerIdentity {
  privateKey: PrivateKey
  peerId: PeerId
}

/**
 * The node's libp2p identity, generated once per origin and kept in IndexedDB so that delegates stay
 * stable across reloads. Two tabs starting at once agree on whichever key was stored first.
 */
export async function loadPeerIdentity (db: ServiceDatabase): Promise<PeerIdentity> {
  const existing = await db.get('settings', SETTING)
  if (existing instanceof Uint8Array) return toIdentity(privateKeyFromProtobuf(existing))

  const candidate = privateKeyToProtobuf(await generateKeyPair('Ed25519'))
  const tx = db.transaction('settings', 'readwrite')
  const stored = await tx.store.get(SETTING)
  const winner = stored instanceof Uint8Array ? stored : candidate
  if (winner === candidate) await tx.store.put(candidate, SETTING)
  await tx.done
  return toIdentity(privateKeyFromProtobuf(winner))
}

function toIdentity (privateKey: PrivateKey): PeerIdentity {
  return { privateKey, peerId: peerIdFromPrivateKey(privateKey) }
}
