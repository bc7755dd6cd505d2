import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { KEY_SETTING, PEER_ID_SETTING } from './peer-id.ts'
import { inTransaction } from '../store/transaction.ts'
import type { DatabaseConnection } from '../store/database.ts'
import type { PeerId, PrivateKey } from '@libp2p/interface'

export interface PeerIdentity {
  privateKey: PrivateKey
  peerId: PeerId
}

/**
 * The node's libp2p identity, generated once per origin and kept in IndexedDB so that delegates stay stable
 * across reloads. Two contexts starting at once agree on whichever key was stored first. The peer id is kept
 * beside the key as text, for the contexts that only name it (the service worker, the page).
 */
export async function loadPeerIdentity (connection: DatabaseConnection): Promise<PeerIdentity> {
  const db = await connection.open()
  const [existing, storedPeerId] = await Promise.all([
    db.get('settings', KEY_SETTING),
    db.get('settings', PEER_ID_SETTING)
  ])
  if (existing instanceof Uint8Array && typeof storedPeerId === 'string') {
    return toIdentity(privateKeyFromProtobuf(existing))
  }

  const candidate = privateKeyToProtobuf(await generateKeyPair('Ed25519'))
  return inTransaction(db.transaction('settings', 'readwrite'), async (tx) => {
    const stored = await tx.store.get(KEY_SETTING)
    const winner = toIdentity(privateKeyFromProtobuf(stored instanceof Uint8Array ? stored : candidate))
    if (!(stored instanceof Uint8Array)) await tx.store.put(candidate, KEY_SETTING)
    // Also for a key stored by an earlier version, which kept no peer id text.
    await tx.store.put(winner.peerId.toString(), PEER_ID_SETTING)
    return winner
  })
}

function toIdentity (privateKey: PrivateKey): PeerIdentity {
  return { privateKey, peerId: peerIdFromPrivateKey(privateKey) }
}
