import { KEY_SETTING, PEER_ID_SETTING, readPeerId } from './peer-id.ts'
import { newEd25519Identity } from './webcrypto-identity.ts'
import { inTransaction } from '../store/transaction.ts'
import type { DatabaseConnection } from '../store/database.ts'

/**
 * The node's peer id, creating the identity the first time (with WebCrypto: libp2p's crypto loads only where
 * the browser lacks Ed25519, or to read a key an earlier version stored without its peer id). After the first
 * visit, reading the stored text is all it takes. Two tabs starting at once agree on whichever key was stored first.
 */
export async function ensurePeerId (connection: DatabaseConnection): Promise<string> {
  const stored = await readPeerId(connection)
  if (stored !== undefined) return stored
  const fresh = await newEd25519Identity()
  if (fresh !== undefined) {
    const winner = await inTransaction((await connection.open()).transaction('settings', 'readwrite'), async (tx) => {
      const [key, peerId] = await Promise.all([tx.store.get(KEY_SETTING), tx.store.get(PEER_ID_SETTING)])
      if (key !== undefined) return typeof peerId === 'string' ? peerId : undefined
      await Promise.all([tx.store.put(fresh.privateKey, KEY_SETTING), tx.store.put(fresh.peerId, PEER_ID_SETTING)])
      return fresh.peerId
    })
    if (winner !== undefined) return winner
  }
  const { loadPeerIdentity } = await import('./peer-identity.ts')
  return (await loadPeerIdentity(connection)).peerId.toString()
}
