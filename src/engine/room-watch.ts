import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'
import { PinNeedsStorageError, StorageFullError, roomLeft, storageRoom } from './storage-room.ts'
import { readBlock } from '../blocks/read-block.ts'
import type { EngineNode } from './engine-node.ts'
import type { CID } from 'multiformats/cid'

/** How often (in bytes fetched) the browser's storage figures are read again while a DAG arrives. */
const CHECK_EVERY_BYTES = 8 * 1024 * 1024

export interface RoomWatch {
  /** Aborts with PinNeedsStorageError when the DAG cannot fit, or StorageFullError when the room ran out. */
  readonly signal: AbortSignal
  /** The DAG's size as its root declares it (UnixFS Tsize), once the root is here. */
  readonly declaredBytes: number | undefined
  /** Bytes fetched so far; reads the figures again when due. */
  check(fetchedBytes: number): void
  stop(): void
}

/**
 * Compares, while a DAG is fetched, what it needs with the room the site has: once its root is here, a DAG that
 * declares more than the room left is given up at once (not at its deadline); then every few MiB, a site whose
 * room has run out stops the attempt before the browser refuses a write.
 */
export function roomWatch (node: Pick<EngineNode, 'blockstore'>, root: CID): RoomWatch {
  const controller = new AbortController()
  let declaredBytes: number | undefined
  let rootRead = false
  let checkedAt = 0
  let checking = false

  const check = async (fetchedBytes: number) => {
    if (!rootRead) {
      rootRead = true
      declaredBytes = await declaredSize(node, root)
    } else {
      checkedAt = fetchedBytes
    }
    const room = await storageRoom()
    if (room === undefined || controller.signal.aborted) return
    if (declaredBytes !== undefined && declaredBytes - fetchedBytes > roomLeft(room)) {
      controller.abort(new PinNeedsStorageError(fetchedBytes, declaredBytes, room))
    } else if (roomLeft(room) < 0) {
      controller.abort(new StorageFullError('The room this site has ran out while the DAG arrived'))
    }
  }

  return {
    signal: controller.signal,
    get declaredBytes () {
      return declaredBytes
    },
    check (fetchedBytes) {
      if (checking || (rootRead && fetchedBytes - checkedAt < CHECK_EVERY_BYTES)) return
      checking = true
      check(fetchedBytes).catch(() => {}).finally(() => {
        checking = false
      })
    },
    stop () {
      checking = true
    }
  }
}

/**
 * A DAG's size as its root block says: a raw block is the whole DAG; a DAG-PB root counts itself and the Tsize of
 * every link (UnixFS keeps them). Other codecs say nothing of what they link to.
 */
async function declaredSize (node: Pick<EngineNode, 'blockstore'>, root: CID): Promise<number | undefined> {
  if (root.code !== dagPb.code && root.code !== raw.code) return undefined
  try {
    const bytes = await readBlock(node.blockstore.get(root))
    if (root.code === raw.code) return bytes.length
    const links = dagPb.decode(bytes).Links
    if (links.some((link) => link.Tsize === undefined)) return undefined
    return links.reduce((sum, link) => sum + (link.Tsize ?? 0), bytes.length)
  } catch {
    return undefined
  }
}
