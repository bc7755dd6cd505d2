import { decodePage, decodeRoot, InvalidBackupError } from './manifest.ts'
import { parsePin } from '../api/parse-pin.ts'
import { readBlock } from '../blocks/read-block.ts'
import { importCarBlocks } from '../content/car-import.ts'
import { trackNewBlocks } from '../content/tracked-blockstore.ts'
import { cidKey, parseCid } from '../service/cid-key.ts'
import { whileImporting } from '../sync/collection-lock.ts'
import type { BackupEntry } from './manifest.ts'
import type { PinService } from '../service/pin-service.ts'
import type { Pin, PinRecord } from '../service/types.ts'
import type { BackupStore } from '../store/backup-store.ts'
import type { IDBBlockstore } from 'blockstore-idb'

/** Records created per transaction while restoring. */
const ADD_BATCH = 1000

export interface RestoreOptions {
  signal?: AbortSignal
  /** Bytes of the CAR read so far, of `total`. */
  onProgress?(read: number, total: number): void
}

/** What a restore did. */
export interface RestoreReport {
  /** The backup's manifest CID and when the backup was made. */
  manifest: string
  created: string
  /** Pin records in the backup. */
  pins: number
  /** New pin requests made (queued; the engine finds their blocks here and pins them without the network). */
  restored: number
  /** Records already here (same CID, name and meta), left as they were. */
  skipped: number
  /** Restored requests whose content the backup carries; the others' content is fetched like any pin. */
  withContent: number
  /** Blocks in the CAR, each checked against its CID, and how many were not stored here yet. */
  blocks: number
  newBlocks: number
  /** The new requests, oldest first. */
  requestids: string[]
}

export interface RestoreComponents {
  databaseName: string
  blockstore(): Promise<IDBBlockstore>
  store: BackupStore
  pins: Pick<PinService, 'addMany'>
}

/**
 * Restores a backup CAR offline: stores its blocks (each hash-checked), reads the manifest at its root, and makes
 * a pin request for every record not already here. A backup that cannot be read leaves nothing behind.
 */
export async function restoreBackup (
  components: RestoreComponents,
  car: Blob,
  options: RestoreOptions = {}
): Promise<RestoreReport> {
  // Garbage collection waits until the pin requests exist: until then the restored blocks belong to nobody.
  return whileImporting(components.databaseName, async () => {
    const blockstore = await components.blockstore()
    const tracked = trackNewBlocks(blockstore)
    let plan: Awaited<ReturnType<typeof readBackup>>
    let blocks: number
    try {
      let read = 0
      const imported = await importCarBlocks(car, tracked.store, {
        onRead: (bytes) => {
          read += bytes
          options.onProgress?.(read, car.size)
        },
        ...(options.signal === undefined ? {} : { signal: options.signal })
      })
      blocks = imported.blocks
      if (imported.roots.length !== 1) {
        throw new InvalidBackupError(`A backup CAR has one root, its manifest; this one has ${imported.roots.length}`)
      }
      plan = await readBackup(components, blockstore, imported.roots[0] as NonNullable<(typeof imported.roots)[0]>)
      options.signal?.throwIfAborted()
    } catch (error) {
      await tracked.undo()
      throw error
    }
    const made: PinRecord['requestid'][] = []
    for (let i = 0; i < plan.add.length; i += ADD_BATCH) {
      const statuses = await components.pins.addMany(plan.add.slice(i, i + ADD_BATCH))
      made.push(...statuses.map((status) => status.requestid))
    }
    // The manifest's own blocks were only the way in: those this restore brought are not kept.
    for (const cid of plan.manifestBlocks) if (tracked.isNew(cid)) await blockstore.delete(cid)
    return {
      manifest: plan.manifest,
      created: plan.created,
      pins: plan.pins,
      restored: made.length,
      skipped: plan.pins - plan.add.length,
      withContent: plan.withContent,
      blocks,
      newBlocks: tracked.newBlocks - plan.manifestBlocks.filter((cid) => tracked.isNew(cid)).length,
      requestids: made
    }
  })
}

/** Reads and checks the manifest; decides which records to make (not here yet, not twice). */
async function readBackup (
  components: RestoreComponents,
  blockstore: IDBBlockstore,
  root: ReturnType<typeof parseCid>
) {
  const read = async (cid: ReturnType<typeof parseCid>, what: string) => {
    if (!await blockstore.has(cid)) throw new InvalidBackupError(`The backup CAR lacks its manifest's ${what} (${cid})`)
    return readBlock(blockstore.get(cid))
  }
  const manifest = decodeRoot(root, await read(root, 'root'))
  const entries: BackupEntry[] = []
  for (const [i, page] of manifest.pages.entries()) entries.push(...decodePage(await read(page, `page ${i + 1}`), i))
  if (entries.length !== manifest.pins) {
    throw new InvalidBackupError(`The backup manifest names ${manifest.pins} pins but lists ${entries.length}`)
  }

  const here = new Set<string>()
  await components.store.eachRecord(async (records) => {
    for (const record of records) here.add(identity(record.cidKey, record.pin))
  })
  const add: Pin[] = []
  let withContent = 0
  for (const [i, entry] of entries.entries()) {
    const pin = pinOf(entry, i)
    const key = identity(cidKey(parseCid(pin.cid)), pin)
    if (here.has(key)) continue
    here.add(key)
    add.push(pin)
    if (entry.content !== undefined && await blockstore.has(entry.content)) withContent++
  }
  return {
    manifest: root.toString(),
    created: manifest.created,
    pins: entries.length,
    add,
    withContent,
    manifestBlocks: [root, ...manifest.pages]
  }
}

/** The entry as a pin, checked by the API's own rules; its content link must be its own CID. */
function pinOf (entry: BackupEntry, index: number): Pin {
  try {
    const pin = parsePin({ cid: entry.cid, name: entry.name, meta: entry.meta, origins: entry.origins })
    if (entry.content !== undefined && !entry.content.toV1().equals(parseCid(entry.cid).toV1())) {
      throw new Error(`its content link ${entry.content} is not its CID`)
    }
    return pin
  } catch (error) {
    throw new InvalidBackupError(
      `The backup manifest's pin ${index + 1} (${entry.cid}) is not a valid pin: ${(error as Error).message}`
    )
  }
}

/** What makes two records "the same pin": CID (either version), name and meta. */
function identity (key: string, pin: Pin): string {
  const meta = Object.entries(pin.meta ?? {}).sort(([a], [b]) => a < b ? -1 : 1)
  return JSON.stringify([key, pin.name ?? null, meta])
}
