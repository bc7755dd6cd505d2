import { carStream } from '../gateway/car-stream.ts'
import type { GatewayBlockstore } from '../gateway/block-reader.ts'
import type { CarWalk } from '../gateway/car-stream.ts'
import type { CID } from 'multiformats/cid'

/** Where upload CARs are written for the time of their upload, in the origin private file system. */
const UPLOADS_DIRECTORY = 'replication-uploads'

/** A CAR ready to upload, and how to let go of it afterwards. */
export interface CarUpload {
  car: Blob
  discard(): Promise<void>
}

/**
 * A CARv1 of a whole DAG as stored here (depth first, each block once), for an upload body. Where the origin
 * private file system exists (browsers), the CAR is written to a file there and the upload reads it from disk:
 * memory stays flat whatever the DAG's size, over HTTP/1.1 too (a streamed request body would need HTTP/2, and
 * Chromium keeps in-memory blobs to a few hundred MiB). Elsewhere (Node) it is a Blob in memory. Throws
 * `NotHeldError` when a block is missing locally.
 */
export async function carUpload (blockstore: GatewayBlockstore, root: CID, signal?: AbortSignal): Promise<CarUpload> {
  const walk: CarWalk = { pathBlocks: [], target: root, scope: 'all', dups: 'n' }
  const chunks = carStream(blockstore, root, walk, signal)
  const directory = await uploadsDirectory()
  if (directory === undefined) {
    const parts: Uint8Array[] = []
    for await (const chunk of chunks) parts.push(chunk)
    return { car: new Blob(parts as BlobPart[], { type: 'application/vnd.ipld.car' }), discard: async () => {} }
  }
  const name = `${root}-${crypto.randomUUID()}.car`
  const handle = await directory.getFileHandle(name, { create: true })
  const discard = async () => {
    await directory.removeEntry(name).catch(() => {})
  }
  try {
    const writable = await handle.createWritable()
    try {
      for await (const chunk of chunks) await writable.write(chunk as Uint8Array<ArrayBuffer>)
      await writable.close()
    } catch (error) {
      await writable.abort().catch(() => {})
      throw error
    }
    return { car: await handle.getFile(), discard }
  } catch (error) {
    await discard()
    throw error
  }
}

/** Removes what uploads cut short by a reload or a crash left behind. */
export async function discardStaleUploads (): Promise<void> {
  const root = await opfsRoot()
  await root?.removeEntry(UPLOADS_DIRECTORY, { recursive: true }).catch(() => {})
}

async function uploadsDirectory (): Promise<FileSystemDirectoryHandle | undefined> {
  return (await opfsRoot())?.getDirectoryHandle(UPLOADS_DIRECTORY, { create: true })
}

async function opfsRoot (): Promise<FileSystemDirectoryHandle | undefined> {
  const storage =
    (globalThis as { navigator?: { storage?: { getDirectory?: () => Promise<FileSystemDirectoryHandle> } } }).navigator
      ?.storage
  if (typeof storage?.getDirectory !== 'function') return undefined
  try {
    return await storage.getDirectory()
  } catch {
    return undefined
  }
}
