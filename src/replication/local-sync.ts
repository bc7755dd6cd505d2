/**
 * The local half of a pass: which local pins this remote must keep (new records, a changed scope), and which
 * replicas lost their local request (deleted, replaced) or their place in the scope. Reads IndexedDB only.
 */
import { inScope, scopeKey } from './remote-config.ts'
import { save, touched } from './replication-context.ts'
import type { RemoteContext } from './replication-context.ts'
import type { PinRecord } from '../service/types.ts'
import type { StoredReplica } from '../store/replication-schema.ts'

/** Records read per step while looking for new ones. */
const SCAN_BATCH = 500

export async function syncLocal (context: RemoteContext, checkGone: boolean): Promise<void> {
  const { remote } = context
  if (context.state.endpointRevision !== remote.endpointRevision) await forgetEndpoint(context)
  const key = scopeKey(remote.scope)
  const rescan = context.state.scopeKey !== key
  if (rescan) context.state = { ...context.state, scopeKey: key, scannedUpTo: -Infinity }
  const wanted = await discover(context, rescan)
  if (rescan) await save(context, [], [], true)
  if (rescan || checkGone) await release(context, wanted)
}

/**
 * New records (created after the last one considered; `created` only grows, replace included) that are in
 * scope get a replica to create. With `collect`, returns every requestid in scope (a rescan reads them all).
 */
async function discover (context: RemoteContext, collect: boolean): Promise<Set<string> | undefined> {
  const { store } = context.components
  const wanted = collect ? new Set<string>() : undefined
  for (;;) {
    const records = await store.recordsAfter(context.state.scannedUpTo, SCAN_BATCH)
    const last = records.at(-1)
    if (last === undefined) break
    const inside = records.filter((record) => inScope(context.remote.scope, record.pin.meta))
    for (const record of inside) wanted?.add(record.requestid)
    const known = new Set(
      (await store.replicas(context.remote.id, inside.map((record) => record.requestid))).map((replica) =>
        replica.requestid
      )
    )
    const fresh = inside.filter((record) => !known.has(record.requestid)).map((record) => newReplica(context, record))
    context.state = { ...context.state, scannedUpTo: last.created }
    await save(context, fresh, [], true)
    if (records.length < SCAN_BATCH) break
  }
  return wanted
}

function newReplica (context: RemoteContext, record: PinRecord): StoredReplica {
  const now = context.now()
  return touched({
    remoteId: context.remote.id,
    requestid: record.requestid,
    cid: record.pin.cid,
    cidKey: record.cidKey,
    ...(record.pin.name === undefined ? {} : { name: record.pin.name }),
    phase: 'create',
    stage: 'working',
    posted: false,
    uploaded: false,
    attempts: 0,
    due: now,
    updated: now
  }, now)
}

/**
 * Replicas whose local request is gone (deleted or replaced), or out of scope (`wanted` given): the remote pin is
 * deleted, unless the remote keeps pins or was never asked for one (then the replica is just forgotten).
 */
async function release (context: RemoteContext, wanted: Set<string> | undefined): Promise<void> {
  const { store } = context.components
  const [existing, replicated] = await Promise.all([store.requestids(), store.replicatedIds(context.remote.id)])
  const leaving = replicated.filter((requestid) =>
    !existing.has(requestid) || (wanted !== undefined && !wanted.has(requestid))
  )
  if (leaving.length === 0) return
  const now = context.now()
  const forget: string[] = []
  const remove: StoredReplica[] = []
  for (const replica of await store.replicas(context.remote.id, leaving)) {
    if (replica.phase === 'remove') continue
    const neverSent = !replica.posted && replica.remoteRequestid === undefined
    if (neverSent || context.remote.keepRemotePins) forget.push(replica.requestid)
    else remove.push(touched({ ...replica, phase: 'remove', due: now, attempts: 0 }, now))
  }
  await save(context, remove, forget)
}

/**
 * The endpoint changed: what was known about remote pins may not hold there. Each replica looks for its own
 * pin again (by its marker) before creating one; pending removals are dropped (their pins were elsewhere).
 */
async function forgetEndpoint (context: RemoteContext): Promise<void> {
  const { store } = context.components
  const now = context.now()
  const all = await store.replicas(context.remote.id, await store.replicatedIds(context.remote.id))
  const restart = all.filter((replica) => replica.phase !== 'remove').map((replica) => {
    const {
      remoteRequestid: _id,
      remoteStatus: _status,
      remoteDetails: _details,
      statusSince: _since,
      note: _note,
      ...rest
    } = replica
    return touched({ ...rest, phase: 'create', posted: true, uploaded: false, attempts: 0, due: now }, now)
  })
  const dropped = all.filter((replica) => replica.phase === 'remove').map((replica) => replica.requestid)
  context.state = { ...context.state, endpointRevision: context.remote.endpointRevision }
  await save(context, restart, dropped, true)
}
