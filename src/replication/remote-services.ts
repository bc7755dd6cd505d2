/** `service.remotes`: the remote pinning services this node keeps its pins in step with, as the page sees them. */
import { checkRemote, viewOf } from './remote-config.ts'
import { replicaText } from './replica-text.ts'
import { InvalidArgumentError } from '../service/errors.ts'
import type { RemoteServiceInit, RemoteServiceView } from './remote-config.ts'
import type { PinState } from '../service/types.ts'
import type { RemoteEntry, RemoteStore } from '../store/remote-store.ts'
import type { RemoteHealthState, RemoteRecord, ReplicaPhase, ReplicaStage } from '../store/replication-schema.ts'

export type { RemoteServiceInit, RemoteServiceView } from './remote-config.ts'

/** A remote service with what the engine knows of it. */
export interface RemoteServiceInfo extends RemoteServiceView {
  health: {
    /** `ok`; `unreachable` (network, timeout); `cors` (the browser withheld its answers); `failing` (5XX, 429, nonsense); `unauthorized` (401: set a new token). */
    state: RemoteHealthState
    message?: string
    /** When the trouble began. */
    since?: string
    /** When the engine asks again. */
    retryAt?: string
    lastContact?: string
  }
  /** Local pins it keeps, by stage: pinned there, on their way, in trouble, being removed there. */
  counts: Record<ReplicaStage, number>
}

/** One remote service's copy of one local pin. */
export interface RemotePinReport {
  remoteId: string
  label: string
  /** The sentence also found in the pin's `info["remote:<label>"]`. */
  text: string
  phase: ReplicaPhase
  stage: ReplicaStage
  remoteStatus?: PinState
  remoteRequestid?: string
  /** Why it waits or failed, when it does. */
  note?: string
  /** When the engine next acts on it (or checks the remote status). */
  next: string
  updated: string
}

export interface RemoteServices {
  list(): Promise<RemoteServiceInfo[]>
  /** Checks and adds a service; the engine starts keeping pins there at once. Throws `InvalidArgumentError`. */
  add(init: RemoteServiceInit): Promise<RemoteServiceInfo>
  /**
   * Changes some settings. `token` and `upload.authorization` left out keep the current secret (an empty
   * `authorization` removes it). A new token resumes a service stopped by a 401.
   */
  update(id: string, changes: Partial<RemoteServiceInit>): Promise<RemoteServiceInfo>
  /** Stops keeping pins there and forgets the service; the pins it holds stay at the service. */
  remove(id: string): Promise<void>
  /** What every remote service has of one local pin request. */
  statusOf(requestid: string): Promise<RemotePinReport[]>
}

export interface RemoteServicesComponents {
  store: RemoteStore
  /** Tells the engine and every tab (kind `remotes`). */
  notify(): void
  now?: () => number
  newId?: () => string
  /** The page's origin, to refuse http:// endpoints on an https page (mixed content). */
  pageOrigin?: string
}

export function createRemoteServices (
  { store, notify, now = Date.now, newId = () => crypto.randomUUID(), pageOrigin }: RemoteServicesComponents
): RemoteServices {
  const infoOf = async (id: string): Promise<RemoteServiceInfo> => {
    const entry = (await store.list()).find((item) => item.record.id === id)
    if (entry === undefined) throw new InvalidArgumentError(`No remote service with id "${id}"`)
    return toInfo(entry)
  }
  return {
    async list () {
      return (await store.list()).map(toInfo)
    },
    async add (init) {
      const checked = checkRemote(init, pageOrigin)
      const record: RemoteRecord = { id: newId(), ...checked, created: now(), revision: 1, endpointRevision: 1 }
      await store.add(record)
      notify()
      return infoOf(record.id)
    },
    async update (id, changes) {
      const current = await store.get(id)
      if (current === undefined) throw new InvalidArgumentError(`No remote service with id "${id}"`)
      const checked = checkRemote(merged(current, changes), pageOrigin)
      const record: RemoteRecord = {
        ...current,
        ...checked,
        revision: current.revision + 1,
        endpointRevision: current.endpointRevision + (checked.endpoint === current.endpoint ? 0 : 1)
      }
      if (checked.upload === undefined) delete record.upload
      await store.update(record)
      notify()
      return infoOf(id)
    },
    async remove (id) {
      if (!await store.remove(id)) throw new InvalidArgumentError(`No remote service with id "${id}"`)
      notify()
    },
    async statusOf (requestid) {
      const [replicas, entries] = await Promise.all([store.replicasOf(requestid), store.list()])
      const labels = new Map(entries.map((entry) => [entry.record.id, entry.record.label]))
      return replicas.filter((replica) => labels.has(replica.remoteId)).map((replica) => {
        const report: RemotePinReport = {
          remoteId: replica.remoteId,
          label: labels.get(replica.remoteId) as string,
          text: replicaText(replica),
          phase: replica.phase,
          stage: replica.stage,
          next: new Date(replica.due).toISOString(),
          updated: new Date(replica.updated).toISOString()
        }
        if (replica.remoteStatus !== undefined) report.remoteStatus = replica.remoteStatus
        if (replica.remoteRequestid !== undefined) report.remoteRequestid = replica.remoteRequestid
        if (replica.note !== undefined) report.note = replica.note
        return report
      })
    }
  }
}

/** The current settings with the changes on top; secrets left out stay as they are. */
function merged (current: RemoteRecord, changes: Partial<RemoteServiceInit>): RemoteServiceInit {
  const upload = changes.upload === undefined
    ? current.upload
    : changes.upload === null
    ? undefined
    : {
      ...changes.upload,
      ...(changes.upload.authorization === undefined && current.upload?.authorization !== undefined
        ? { authorization: current.upload.authorization }
        : {})
    }
  return {
    label: changes.label ?? current.label,
    endpoint: changes.endpoint ?? current.endpoint,
    token: changes.token ?? current.token,
    pins: changes.pins ?? (current.scope.kind === 'all' ? 'all' : { meta: current.scope.meta }),
    keepRemotePins: changes.keepRemotePins ?? current.keepRemotePins,
    ...(upload === undefined ? {} : { upload })
  }
}

function toInfo ({ record, state, counts }: RemoteEntry): RemoteServiceInfo {
  const health = state?.health ?? { state: 'ok', failures: 0 }
  const iso = (time: number | undefined) => time === undefined ? undefined : new Date(time).toISOString()
  const view: RemoteServiceInfo['health'] = { state: health.state }
  if (health.message !== undefined) view.message = health.message
  for (
    const [key, time] of [['since', health.since], ['retryAt', health.retryAt], [
      'lastContact',
      health.lastContact
    ]] as const
  ) {
    const text = iso(time)
    if (text !== undefined) view[key] = text
  }
  return { ...viewOf(record), health: view, counts }
}
