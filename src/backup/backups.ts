/** `service.backup`: every pin (or a selection) as one CAR to keep elsewhere, and back into any profile. */
import { lazyBlockstore } from '../content/lazy-blockstore.ts'
import type { BackupInfo, BackupSelection } from './create-backup.ts'
import type { RestoreOptions, RestoreReport } from './restore-backup.ts'
import type { PinService } from '../service/pin-service.ts'
import type { BackupStore } from '../store/backup-store.ts'

export type { BackupInfo, BackupSelection } from './create-backup.ts'
export type { RestoreOptions, RestoreReport } from './restore-backup.ts'

export interface Backups {
  /**
   * Makes a backup of the selected pins (default: all) and returns the URL of its CAR on this origin: a CARv1
   * rooted at a manifest of the pin records (cid, name, meta, origins, created, status) that links every pinned
   * DAG, streamed by the service worker from the node's blocks (flat memory for any size). `ipfs dag import`
   * pins it whole; `restore` reads it back.
   */
  create(selection?: BackupSelection): Promise<BackupInfo>
  /**
   * Restores a backup CAR offline: its blocks (each checked against its CID), then a pin request for every
   * record not here yet (same CID, name and meta). Restoring the same backup twice changes nothing.
   */
  restore(car: Blob, options?: RestoreOptions): Promise<RestoreReport>
  close(): Promise<void>
}

export interface BackupsComponents {
  databaseName: string
  store: BackupStore
  pins: Pick<PinService, 'addMany'>
  /** The gateway URL of a CID on this origin. */
  gatewayUrl(cid: string): string
}

export function createBackups ({ databaseName, store, pins, gatewayUrl }: BackupsComponents): Backups {
  const { blockstore, close } = lazyBlockstore(databaseName)
  return {
    async create (selection) {
      // Loaded on first use: the manifest code is not needed to answer the API.
      const { createBackup } = await import('./create-backup.ts')
      return createBackup({ store, blockstore, gatewayUrl }, selection)
    },
    async restore (car, options) {
      const { restoreBackup } = await import('./restore-backup.ts')
      return restoreBackup({ databaseName, blockstore, store, pins }, car, options)
    },
    close
  }
}
