import { readPeerId } from './peer-id.ts'
import type { DatabaseConnection } from '../store/database.ts'

/**
 * The node's peer id, creating the identity the first time. The key code (libp2p's crypto) loads only then:
 * after the first visit, reading the stored text is all it takes.
 */
export async function ensurePeerId (connection: DatabaseConnection): Promise<string> {
  const stored = await readPeerId(connection)
  if (stored !== undefined) return stored
  const { loadPeerIdentity } = await import('./peer-identity.ts')
  return (await loadPeerIdentity(connection)).peerId.toString()
}
