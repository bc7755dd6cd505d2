import type { JobSlots } from './job-slots.ts'
import type { EngineNode } from './engine-node.ts'
import type { PinJobInit } from './pin-job.ts'
import type { StorageReserve } from './storage-reserve.ts'
import type { EngineConfig } from '../settings/engine-config.ts'
import type { HeldDag, EngineStore } from '../store/engine-store.ts'
import type { ChangeFeed } from '../sync/change-feed.ts'

/** What the parts of the reconciler (job runner, release and collection) share. */
export interface EngineContext {
  store: EngineStore
  feed: ChangeFeed
  slots: JobSlots
  /** The settings in force now (they change on reconfigure). */
  config(): EngineConfig
  /** The node, built on first use and after a reconfigure. */
  node(): Promise<EngineNode>
  /** Fetches and pins one DAG: runPinJob, or a stand-in in the Node tests. */
  pinDag(node: EngineNode, init: PinJobInit): Promise<HeldDag>
  /** Asks for a pass soon. */
  wake(): void
  /** Runs a collection unless an import is writing blocks (see sync/collection-lock.ts); says whether it ran. */
  collectUnlessImporting(collect: () => Promise<void>): Promise<boolean>
  /** Resolves once no import is writing blocks. */
  importsDone(): Promise<void>
  reserve?: StorageReserve
}
