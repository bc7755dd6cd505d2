/**
 * The in-page IPFS pinning service: an IPFS Pinning Service API (v1.0.0) answered inside the page.
 *
 * ```ts
 * const service = await startPinningService()
 * const token = await service.createToken('my dapp')
 * await fetch(`${service.endpoint}/pins`, { headers: { Authorization: `Bearer ${token}` } })
 * ```
 */
import { createBackups } from './backup/backups.ts'
import { resolveOptions, workerUrlOf } from './config.ts'
import { createContentImporter } from './content/import-content.ts'
import { openLocalContent } from './content/local-content.ts'
import { startEngineWhenLeader } from './engine/start-engine.ts'
import { ensurePeerId } from './identity/ensure-peer-id.ts'
import { createRemoteServices } from './replication/remote-services.ts'
import { createServiceCore } from './service-core.ts'
import { createIdbBackupStore } from './store/backup-store.ts'
import { createChangeFeed } from './sync/change-feed.ts'
import { connectServiceDatabase } from './store/database.ts'
import { createIdbEngineStore } from './store/engine-store.ts'
import { createIdbRemoteStore } from './store/remote-store.ts'
import { createSettingsStore } from './store/settings-store.ts'
import { keepUpToDate, registerServiceWorker } from './sw/register.ts'
import type { Backups } from './backup/backups.ts'
import type { PinningServiceOptions } from './config.ts'
import type { ContentImporter } from './content/import-content.ts'
import type { LocalContent } from './content/local-content.ts'
import type { EngineConfig } from './settings/engine-config.ts'
import type { EngineHandle } from './engine/start-engine.ts'
import type { RemoteServices } from './replication/remote-services.ts'
import type { PinService } from './service/pin-service.ts'
import type { TokenInfo, TokenService } from './service/token-service.ts'
import type { ChangeFeed } from './sync/change-feed.ts'
import type { HeldDag } from './store/engine-store.ts'

export type { PinningServiceOptions } from './config.ts'
export type { Pin, PinQuery, PinResults, PinState, PinStatus, TextMatch } from './service/types.ts'
export type { PinService } from './service/pin-service.ts'
export type { TokenInfo, TokenService } from './service/token-service.ts'
export type { EngineConfig } from './settings/engine-config.ts'
export type { ChangeKind } from './sync/change-feed.ts'
export type { ContentImporter, ImportedContent, ImportFile, ImportOptions } from './content/import-content.ts'
export type {
  ContentKind,
  ContentStat,
  FolderEntry,
  FolderPage,
  ListOptions,
  LocalContent
} from './content/local-content.ts'
export { ContentNotHeldError, NoSuchEntryError, NotAFolderError } from './content/errors.ts'
export type {
  RemotePinReport,
  RemoteServiceInfo,
  RemoteServiceInit,
  RemoteServices,
  RemoteServiceView
} from './replication/remote-services.ts'
export type { BackupInfo, Backups, BackupSelection, RestoreOptions, RestoreReport } from './backup/backups.ts'
export { DEFAULT_API_BASE_PATH, DEFAULT_GATEWAY_BASE_PATH, DEFAULT_WORKER_SCRIPT } from './config.ts'

// The limits and checks the service applies, for a form to refuse what the service would refuse, in the same
// words. Each check returns problems by field (and index or key), never text to take apart.
export type { Problem } from './problem.ts'
export type { UncheckedPin } from './api/check-pin.ts'
export { checkPin } from './api/check-pin.ts'
export { checkPinQuery } from './api/check-pin-query.ts'
export { normalizePinQuery } from './api/normalize-pin-query.ts'
export { DEFAULT_MAX_BODY_BYTES, MAX_NAME_LENGTH, MAX_ORIGINS } from './api/limits.ts'
export { PIN_STATES } from './service/types.ts'
export { MAX_TOKEN_LABEL_LENGTH } from './service/token-service.ts'
export {
  DEFAULT_ENGINE_CONFIG,
  MAX_CONCURRENCY,
  MIN_PIN_TIMEOUT_MS,
  checkEngineConfig
} from './settings/engine-config.ts'
export { checkRemoteServiceInit } from './replication/remote-config.ts'

// For showing what the service reports: sizes as the engine words them, and which `info` keys are remotes'.
export { formatBytes } from './format-bytes.ts'
export { isRemoteInfoKey } from './store/remote-info.ts'

/** The engine settings, kept across reloads; every change applies at once in the engine's tab. */
export interface ServiceSettings {
  get(): Promise<EngineConfig>
  update(changes: Partial<EngineConfig>): Promise<EngineConfig>
  reset(): Promise<EngineConfig>
}

/** What the node holds: the pinned DAGs, with their size. */
export interface StorageUsage {
  dags: number
  blocks: number
  bytes: number
}

export interface PinningService {
  /** Absolute URL of the API base, e.g. `http://localhost:5180/api/v1`; give it to any pinning client. */
  readonly endpoint: string
  /** The node's peer id; every delegate ends in `/p2p/<peerId>`. */
  readonly peerId: string
  /** Creates a bearer token for the API; the secret is shown only now, only its hash is kept. */
  createToken(label: string): Promise<string>
  listTokens(): Promise<TokenInfo[]>
  /** Revokes a token by its id (from `listTokens`); requests with it get 401 at once. */
  revokeToken(id: string): Promise<boolean>
  readonly tokens: TokenService
  /** The pin operations without HTTP, for code in the page such as the UI. */
  readonly pins: PinService
  readonly settings: ServiceSettings
  /** The origin's pinning engine as seen from this tab. */
  readonly engine: EngineHandle
  /** Change notices from every tab and the engine (pins, settings, storage, tokens). */
  readonly changes: Pick<ChangeFeed, 'subscribe'>
  storageUsage(): Promise<StorageUsage>
  /**
   * What the node holds, from local storage only: `url(cid, path?)` (its link on this origin's gateway),
   * `stat`, `list` (a folder's entries, a page at a time), `read` (a file's bytes), `has`.
   */
  readonly content: LocalContent
  /** Imports files, folders and CAR files from this computer into the node and pins them, with no network. */
  readonly imports: ContentImporter
  /**
   * Remote pinning services (IPFS Cluster, Pinata, Filebase, another instance of this one…) that the engine
   * keeps every pin (or a meta-filtered part) in step with; status per service in each pin's `info`.
   */
  readonly remotes: RemoteServices
  /** Backup of the pins (records and content) as one CAR, and restore of such a CAR into any profile. */
  readonly backup: Backups
  /**
   * True once a newer version of the service has upgraded the database: this page's code is out of date, its
   * engine has stopped, and it must be reloaded (the service worker of the new version answers the API).
   */
  readonly outdated: boolean
  /** Called once when `outdated` becomes true. */
  onOutdated(listener: () => void): () => void
  /**
   * Stops this tab's part: its engine (another tab takes over), its change notices and its database connections.
   * The API stays answered by the service worker, for this tab and every other client of the origin.
   */
  stop(): Promise<void>
}

/**
 * Registers the service worker that answers the API (for every tab, worker and frame of the origin), starts the
 * pinning engine when this tab is the one to run it, and resolves once the API answers this page.
 */
export async function startPinningService (options: PinningServiceOptions = {}): Promise<PinningService> {
  const config = resolveOptions(options)
  const endpoint = new URL(config.apiBasePath, location.origin).href
  const connection = connectServiceDatabase(config.databaseName)
  // The identity is read (or made, on a first visit) while the worker installs.
  const [peerId, registration] = await Promise.all([
    ensurePeerId(connection),
    registerServiceWorker(workerUrlOf(config), endpoint)
  ])
  const stopUpdateChecks = keepUpToDate(registration)

  const feed = createChangeFeed(config.databaseName)
  const { pins, tokens } = createServiceCore({
    connection,
    notify: (kind) => {
      feed.notify(kind)
    }
  })
  const settingsStore = createSettingsStore(connection)
  const engineStore = createIdbEngineStore(connection)
  const engine = startEngineWhenLeader(config.databaseName)
  const content = openLocalContent(config.databaseName, config.gatewayBasePath)
  const imports = createContentImporter({ databaseName: config.databaseName, pins })
  const remotes = createRemoteServices({
    store: createIdbRemoteStore(connection),
    notify: () => {
      feed.notify('remotes')
    },
    pageOrigin: location.origin
  })
  const backup = createBackups({
    databaseName: config.databaseName,
    store: createIdbBackupStore(connection),
    pins,
    gatewayUrl: (cid) => content.url(cid)
  })
  // A newer version took the database over: this tab's engine must not write to it any more.
  connection.onOutdated(() => {
    void engine.stop()
  })

  const notifying = (settings: EngineConfig) => {
    feed.notify('settings')
    return settings
  }

  return {
    endpoint,
    peerId,
    createToken: async (label) => (await tokens.create(label)).token,
    listTokens: async () => tokens.list(),
    revokeToken: async (id) => tokens.revoke(id),
    tokens,
    pins,
    settings: {
      get: async () => settingsStore.get(),
      update: async (changes) => notifying(await settingsStore.update(changes)),
      reset: async () => notifying(await settingsStore.reset())
    },
    engine,
    changes: feed,
    storageUsage: async () => usageOf(await engineStore.allHeld()),
    content,
    imports,
    remotes,
    backup,
    get outdated () {
      return connection.outdated
    },
    onOutdated: (listener) => connection.onOutdated(listener),
    async stop () {
      stopUpdateChecks()
      await engine.stop()
      feed.close()
      connection.close()
      await content.close()
      await imports.close()
      await backup.close()
    }
  }
}

function usageOf (held: HeldDag[]): StorageUsage {
  return held.reduce(
    (usage, dag) => ({ dags: usage.dags + 1, blocks: usage.blocks + dag.blocks, bytes: usage.bytes + dag.bytes }),
    { dags: 0, blocks: 0, bytes: 0 }
  )
}
