/**
 * A backup's manifest: DAG-CBOR blocks that name every pin record and link every pinned root, so that the backup
 * CAR (rooted at the manifest) is one verifiable DAG that `ipfs dag import` pins whole.
 *
 * root: { format: 'in-page-pinning-service/backup', version: 1, created: <ISO 8601>, pins: <count>, pages: [<CID>…] }
 * page: { pins: [{ cid: <as the request sent it>, content?: <CID link, when the backup carries the DAG>,
 *                  name?, meta?, origins?, created: <ISO 8601>, status }] }
 * Pages stay well below the 1 MiB a block may have in IPFS, however many pins there are.
 */
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { PIN_STATES } from '../service/types.ts'
import type { PinState } from '../service/types.ts'

export const MANIFEST_FORMAT = 'in-page-pinning-service/backup'
export const MANIFEST_VERSION = 1
/** A page is closed before it passes this size or this many entries. */
const PAGE_BYTES = 256 * 1024
const PAGE_ENTRIES = 1000

export interface BackupEntry {
  cid: string
  content?: CID
  name?: string
  meta?: Record<string, string>
  origins?: string[]
  created: string
  status: PinState
}

export interface ManifestRoot {
  format: string
  version: number
  created: string
  pins: number
  pages: CID[]
}

export interface Block {
  cid: CID
  bytes: Uint8Array
}

/** The manifest is not one this version can read (or not a manifest at all). */
export class InvalidBackupError extends Error {
  override name = 'InvalidBackupError'
}

export async function encodeBlock (value: unknown): Promise<Block> {
  const bytes = dagCbor.encode(value)
  return { cid: CID.createV1(dagCbor.code, await sha256.digest(bytes)), bytes }
}

/** Collects entries into pages; `finish` adds the root. Memory: one page of entries at a time. */
export function createManifestWriter (created: string, write: (block: Block) => Promise<void>) {
  const pages: CID[] = []
  let entries: BackupEntry[] = []
  let bytes = 0
  let count = 0
  const flush = async () => {
    if (entries.length === 0) return
    const page = await encodeBlock({ pins: entries })
    await write(page)
    pages.push(page.cid)
    entries = []
    bytes = 0
  }
  return {
    async add (entry: BackupEntry): Promise<void> {
      const size = dagCbor.encode(entry).length
      if (entries.length >= PAGE_ENTRIES || (entries.length > 0 && bytes + size > PAGE_BYTES)) await flush()
      entries.push(entry)
      bytes += size
      count++
    },
    /** Writes the last page and the root; returns the root and how many entries it names. */
    async finish (): Promise<{ root: Block, pins: number }> {
      await flush()
      const root = await encodeBlock(
        { format: MANIFEST_FORMAT, version: MANIFEST_VERSION, created, pins: count, pages } satisfies ManifestRoot
      )
      await write(root)
      return { root, pins: count }
    }
  }
}

const NOT_A_BACKUP =
  'This CAR file is not a backup of this service: its root is not a backup manifest. To pin the content of any CAR file, use Add → content from this computer'

export function decodeRoot (cid: CID, bytes: Uint8Array): ManifestRoot {
  if (cid.code !== dagCbor.code) throw new InvalidBackupError(NOT_A_BACKUP)
  const root = decode(bytes, 'root') as Partial<ManifestRoot> | null
  if (typeof root !== 'object' || root === null || root.format !== MANIFEST_FORMAT) {
    throw new InvalidBackupError(NOT_A_BACKUP)
  }
  if (root.version !== MANIFEST_VERSION) {
    throw new InvalidBackupError(
      `This backup was made by a newer version of the service (manifest version ${
        String(root.version)
      }); this one reads version ${MANIFEST_VERSION}`
    )
  }
  if (
    typeof root.created !== 'string' || typeof root.pins !== 'number' || !Array.isArray(root.pages) ||
    !root.pages.every((page) => CID.asCID(page) !== null)
  ) {
    throw new InvalidBackupError('The backup manifest is damaged: its root lacks created, pins or pages')
  }
  return root as ManifestRoot
}

/** A page's entries, each checked for shape (the pin fields are checked again as pins by the restore). */
export function decodePage (bytes: Uint8Array, index: number): BackupEntry[] {
  const page = decode(bytes, `page ${index + 1}`) as { pins?: unknown } | null
  if (typeof page !== 'object' || page === null || !Array.isArray(page.pins)) {
    throw new InvalidBackupError(`The backup manifest is damaged: page ${index + 1} has no list of pins`)
  }
  return page.pins.map((entry: unknown, i) => {
    const item = entry as Partial<BackupEntry> | null
    const where = `page ${index + 1}, pin ${i + 1}`
    if (typeof item !== 'object' || item === null || typeof item.cid !== 'string') {
      throw new InvalidBackupError(`The backup manifest is damaged at ${where}: no cid`)
    }
    if (typeof item.created !== 'string' || !(PIN_STATES as readonly unknown[]).includes(item.status)) {
      throw new InvalidBackupError(`The backup manifest is damaged at ${where}: no created or status`)
    }
    if (item.content !== undefined && CID.asCID(item.content) === null) {
      throw new InvalidBackupError(`The backup manifest is damaged at ${where}: content is not a link`)
    }
    return item as BackupEntry
  })
}

function decode (bytes: Uint8Array, what: string): unknown {
  try {
    return dagCbor.decode(bytes)
  } catch (error) {
    throw new InvalidBackupError(`The backup manifest's ${what} is not DAG-CBOR: ${(error as Error).message}`)
  }
}
