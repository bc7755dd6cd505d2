import { ServiceNotReadyError } from '../service/errors.ts'
import type { DatabaseConnection } from '../store/database.ts'

/** The setting holding the node's private key, in libp2p's protobuf form. */
export const KEY_SETTING = 'peer-identity'
/** The setting holding the node's peer id as text, written with its key. */
export const PEER_ID_SETTING = 'peer-id'

/** The node's peer id, or undefined while no context has created the identity yet. */
export async function readPeerId (connection: DatabaseConnection): Promise<string | undefined> {
  const stored = await (await connection.open()).get('settings', PEER_ID_SETTING)
  return typeof stored === 'string' ? stored : undefined
}

/** No context has created the node's identity yet, so there is no peer id to name in delegates. */
export class NodeIdentityMissingError extends ServiceNotReadyError {
  override name = 'NodeIdentityMissingError'
  constructor () {
    super('The node has no identity yet: open the service page once to create it')
  }
}

/** The delegates of every PinStatus: `/p2p/<peer id>`, read once (the identity never changes once made). */
export function nodeDelegates (connection: DatabaseConnection): () => Promise<string[]> {
  let known: Promise<string[]> | undefined
  return async () => {
    known ??= readPeerId(connection).then((peerId) => {
      if (peerId === undefined) throw new NodeIdentityMissingError()
      return [`/p2p/${peerId}`]
    })
    // A failure is not kept: the next request reads again.
    known.catch(() => {
      known = undefined
    })
    return known
  }
}
