import { createManifestWriter } from './manifest.ts'
import { parseCid } from '../service/cid-key.ts'
import { InvalidArgumentError } from '../service/errors.ts'
import { PIN_STATES } from '../service/types.ts'
import type { BackupEntry } from './manifest.ts'
import type { PinRecord, PinState } from '../service/types.ts'
import type { BackupStore } from '../store/backup-store.ts'
import type { Blockstore } from 'interface-blockstore'

/** Backups whose manifest stays downloadable; older ones are collected. */
export const KEPT_BACKUPS = 3

/** Which pins go into a backup: all (default), or those named, or those matching every given filter. */
export interface BackupSelection {
  requestids?: string[]
  meta?: Record<string, string>
  statuses?: PinState[]
}

/** A backup made: its CAR is served by this origin's gateway, streamed from the node's own blocks. */
export interface BackupInfo {
  /** The manifest's CID: the CAR's root. */
  manifest: string
  /** `<origin>/ipfs/<manifest>?format=car&filename=…`: a CARv1 of the manifest and every pinned DAG it names. */
  url: string
  filename: string
  /** Pin records in the backup. */
  pins: number
  /** Of those, how many have their content in the CAR (the pinned ones). */
  withContent: number
  /** The content's size (the DAGs' bytes as pinned; blocks they share are in the CAR once). */
  contentBytes: number
  created: string
}

export interface CreateBackupComponents {
  store: BackupStore
  blockstore(): Promise<Pick<Blockstore, 'put'>>
  /** `/ipfs` (the gateway's base path on this origin). */
  gatewayUrl(cid: string): string
  now?: () => number
}

/**
 * Writes the manifest of the selected pin records into the node's blockstore (page by page, flat memory) and
 * returns where the service worker serves the backup CAR: the manifest, then each pinned DAG.
 */
export async function createBackup (
  components: CreateBackupComponents,
  selection: BackupSelection = {}
): Promise<BackupInfo> {
  const statuses = checkSelection(selection)
  const created = new Date((components.now ?? Date.now)()).toISOString()
  const blockstore = await components.blockstore()
  const writer = createManifestWriter(created, async (block) => {
    await blockstore.put(block.cid, block.bytes)
  })
  let withContent = 0
  let contentBytes = 0
  const add = async (records: PinRecord[]) => {
    const chosen = records.filter((record) => statuses.has(record.status) && matchesMeta(record, selection.meta))
    const held = await components.store.held(chosen.map((record) => record.cidKey))
    for (const record of chosen) {
      const entry = entryOf(record, held.has(record.cidKey))
      if (entry.content !== undefined) {
        withContent++
        contentBytes += Number(record.info.dag_size ?? 0)
      }
      await writer.add(entry)
    }
  }
  if (selection.requestids === undefined) await components.store.eachRecord(add)
  else {
    const found = await components.store.records(selection.requestids)
    if (found.length < selection.requestids.length) {
      const missing = selection.requestids.filter((requestid) =>
        !found.some((record) => record.requestid === requestid)
      )
      throw new InvalidArgumentError(
        `No pin request with requestid ${missing.slice(0, 3).map((id) => `"${id}"`).join(', ')}${
          missing.length > 3 ? ` and ${missing.length - 3} more` : ''
        }`
      )
    }
    await add(found.sort((a, b) => a.created - b.created))
  }
  const { root, pins } = await writer.finish()
  const manifest = root.cid.toString()
  await components.store.addBackup({ manifest, created: Date.parse(created), pins }, KEPT_BACKUPS)
  const filename = `pins-backup-${created.slice(0, 19).replace(/[:T]/g, '-')}.car`
  const url = new URL(components.gatewayUrl(manifest))
  url.searchParams.set('format', 'car')
  url.searchParams.set('filename', filename)
  return { manifest, url: url.href, filename, pins, withContent, contentBytes, created }
}

function checkSelection (selection: BackupSelection): Set<PinState> {
  if (
    selection.requestids !== undefined &&
    (!Array.isArray(selection.requestids) || selection.requestids.some((id) => typeof id !== 'string'))
  ) {
    throw new InvalidArgumentError('requestids must be a list of request ids')
  }
  if (
    selection.meta !== undefined &&
    (typeof selection.meta !== 'object' || selection.meta === null ||
      Object.values(selection.meta).some((value) => typeof value !== 'string'))
  ) {
    throw new InvalidArgumentError('meta must be an object of text values')
  }
  const statuses = selection.statuses ?? [...PIN_STATES]
  if (
    !Array.isArray(statuses) || statuses.length === 0 ||
    statuses.some((status) => !(PIN_STATES as readonly string[]).includes(status))
  ) {
    throw new InvalidArgumentError(`statuses must be a non-empty list of ${PIN_STATES.join(', ')}`)
  }
  return new Set(statuses)
}

function matchesMeta (record: PinRecord, meta: Record<string, string> | undefined): boolean {
  return meta === undefined || Object.entries(meta).every(([key, value]) => record.pin.meta?.[key] === value)
}

/** The record as the manifest keeps it; its DAG is linked only when the node holds all of it. */
function entryOf (record: PinRecord, held: boolean): BackupEntry {
  const entry: BackupEntry = {
    cid: record.pin.cid,
    created: new Date(record.created).toISOString(),
    status: record.status
  }
  if (held) entry.content = parseCid(record.pin.cid)
  if (record.pin.name !== undefined) entry.name = record.pin.name
  if (record.pin.meta !== undefined) entry.meta = record.pin.meta
  if (record.pin.origins !== undefined) entry.origins = record.pin.origins
  return entry
}
