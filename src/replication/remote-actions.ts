/**
 * The network half of a pass: for the replicas that are due, create the remote pin (uploading the content
 * first where the remote takes uploads), follow its status, or delete it. Errors about the whole remote
 * (unreachable, 5XX, 401) propagate; a refusal of one pin stays with that pin.
 */
import { CID } from 'multiformats/cid'
import { eachAtMost } from '../each-at-most.ts'
import { carUpload } from './car-file.ts'
import { uploadCar } from './car-upload.ts'
import { RemoteRefusedError, RemoteUnauthorizedError, RemoteUnavailableError } from './errors.ts'
import { MAX_CIDS_PER_LIST, createPinningClient } from './pinning-client.ts'
import { REPLICA_MARKER, markerOf, save, touched } from './replication-context.ts'
import { LOCAL_WAIT_MS, REFUSED_RETRY_MS, nextCheckIn, replicaBackoff } from './schedule.ts'
import { MAX_ORIGINS } from '../api/limits.ts'
import type { PinningClient, RemotePinStatus } from './pinning-client.ts'
import type { RemoteContext } from './replication-context.ts'
import type { Pin, PinRecord } from '../service/types.ts'
import type { StoredReplica } from '../store/replication-schema.ts'

/** Acts on `due` (soonest first). Throws the first error about the whole remote, after the work in flight ends. */
export async function actOn (context: RemoteContext, due: StoredReplica[]): Promise<void> {
  const client = clientOf(context)
  const creating = due.filter((replica) => replica.phase === 'create' || replica.phase === 'rejected')
  const records = await context.components.store.records(creating.map((replica) => replica.requestid))
  await eachAtMost(context.concurrency, creating, async (replica) => {
    try {
      await create(context, client, replica, records.get(replica.requestid))
    } catch (error) {
      // The pin says why it is not at the remote yet; the whole remote backs off (the error goes on).
      if (error instanceof RemoteUnavailableError || error instanceof RemoteUnauthorizedError) {
        const stored = (await context.components.store.replicas(context.remote.id, [replica.requestid]))[0]
        if (stored !== undefined && stored.phase === 'create') {
          await save(context, [touched({ ...stored, note: error.message }, context.now())])
        }
      }
      throw error
    }
  })
  const following = due.filter((replica) => replica.phase === 'follow')
  await eachAtMost(context.concurrency, batches(following), async (batch) => {
    await follow(context, client, batch)
  })
  // Last: in a replace, the new request's remote pin is asked for before the old one goes.
  await eachAtMost(context.concurrency, due.filter((replica) => replica.phase === 'remove'), async (replica) => {
    await remove(context, client, replica)
  })
}

/** Asks the remote for one pin of any status: does it answer, and take the token? */
export async function probe (context: RemoteContext): Promise<void> {
  await clientOf(context).probe()
}

function clientOf (context: RemoteContext): PinningClient {
  return createPinningClient(context.components, {
    endpoint: context.remote.endpoint,
    token: context.remote.token,
    timeoutMs: context.requestTimeoutMs,
    signal: context.signal
  })
}

async function create (
  context: RemoteContext,
  client: PinningClient,
  replica: StoredReplica,
  record: PinRecord | undefined
): Promise<void> {
  const now = context.now()
  // The local request went meanwhile: the next look at the local records releases the replica.
  if (record === undefined) return
  if (context.remote.upload !== undefined && !replica.uploaded) {
    const uploaded = await upload(context, replica, record)
    if (!uploaded) return
    replica = { ...replica, uploaded: true }
  }
  const marker = await markerOf(context, replica.requestid)
  // A POST may have reached the remote before (lost answer, reload): its pin is found by the marker, not made twice.
  const existing = replica.posted ? await findOwn(client, replica.cid, marker) : undefined
  if (existing !== undefined) {
    await followed(context, replica, existing)
    return
  }
  await save(context, [touched({ ...replica, posted: true }, now)])
  try {
    await followed(context, { ...replica, posted: true }, await client.add(await remotePin(context, record, marker)))
  } catch (error) {
    if (!(error instanceof RemoteRefusedError)) throw error
    const attempts = replica.attempts + 1
    await save(context, [
      touched({
        ...replica,
        posted: true,
        phase: 'rejected',
        note: error.message,
        attempts,
        due: context.now() + REFUSED_RETRY_MS
      }, context.now())
    ])
  }
}

/** The pin the remote is asked for: the local one's cid, name and meta, the marker, and where to find the blocks. */
async function remotePin (context: RemoteContext, record: PinRecord, marker: string): Promise<Pin> {
  const origins = [...new Set([...await context.components.addresses(), ...record.pin.origins ?? []])].slice(
    0,
    MAX_ORIGINS
  )
  return {
    cid: record.pin.cid,
    ...(record.pin.name === undefined ? {} : { name: record.pin.name }),
    meta: { ...record.pin.meta, [REPLICA_MARKER]: marker },
    ...(origins.length === 0 ? {} : { origins })
  }
}

/**
 * Uploads the DAG as a CAR once this node holds all of it (a local pin that failed is pinned remotely by CID
 * alone). Says whether the pin may go ahead now; otherwise the replica says why it waits and when it looks again.
 */
async function upload (context: RemoteContext, replica: StoredReplica, record: PinRecord): Promise<boolean> {
  const target = context.remote.upload
  if (target === undefined || record.status === 'failed') return true
  const now = context.now()
  if (record.status !== 'pinned') {
    await save(context, [
      touched({
        ...replica,
        note: 'waiting for this node to hold the content, to upload it first',
        due: now + LOCAL_WAIT_MS
      }, now)
    ])
    return false
  }
  try {
    const root = CID.parse(record.cidKey)
    const { car, discard } = await carUpload(await context.components.blockstore(), root, context.signal)
    try {
      await uploadCar(context.components, target, car, root, {
        timeoutMs: context.uploadTimeoutMs,
        signal: context.signal,
        ...(record.pin.name === undefined ? {} : { name: record.pin.name })
      })
    } finally {
      await discard()
    }
    return true
  } catch (error) {
    if ((error as Error).name === 'NotHeldError') {
      await save(context, [
        touched({ ...replica, note: 'this node does not hold every block of it yet', due: now + LOCAL_WAIT_MS }, now)
      ])
      return false
    }
    if (!(error instanceof RemoteRefusedError)) throw error
    const attempts = replica.attempts + 1
    await save(context, [
      touched(
        { ...replica, note: `upload failed: ${error.message}`, attempts, due: now + replicaBackoff(attempts) },
        now
      )
    ])
    return false
  }
}

/** The remote's pin of `cid` that carries this replica's marker, if any. */
async function findOwn (client: PinningClient, cid: string, marker: string): Promise<RemotePinStatus | undefined> {
  const { results } = await client.listByCid([cid])
  return results.find((status) => status.pin.meta?.[REPLICA_MARKER] === marker)
}

/** Records what the remote said of its pin; the next check follows the remote's pace. */
async function followed (context: RemoteContext, replica: StoredReplica, status: RemotePinStatus): Promise<void> {
  const now = context.now()
  const since = replica.remoteStatus === status.status && replica.statusSince !== undefined ? replica.statusSince : now
  const details = status.info.status_details
  const { note: _note, remoteDetails: _details, ...rest } = replica
  await save(context, [touched({
    ...rest,
    phase: 'follow',
    remoteRequestid: status.requestid,
    remoteStatus: status.status,
    ...(typeof details === 'string' && details !== '' ? { remoteDetails: details.slice(0, 500) } : {}),
    statusSince: since,
    attempts: 0,
    due: now + nextCheckIn(status.status, now - since)
  }, now)])
}

/** Up to 10 CIDs per list request, the spec's limit. */
function batches (replicas: StoredReplica[]): StoredReplica[][] {
  const groups: StoredReplica[][] = []
  let group: StoredReplica[] = []
  let cids = new Set<string>()
  for (const replica of replicas) {
    if (!cids.has(replica.cid) && cids.size === MAX_CIDS_PER_LIST) {
      groups.push(group)
      group = []
      cids = new Set()
    }
    cids.add(replica.cid)
    group.push(replica)
  }
  if (group.length > 0) groups.push(group)
  return groups
}

/** One `GET /pins?cid=…` for a batch; a pin missing from a complete answer is gone and is made again. */
async function follow (context: RemoteContext, client: PinningClient, batch: StoredReplica[]): Promise<void> {
  const list = await client.listByCid([...new Set(batch.map((replica) => replica.cid))])
  const complete = list.count <= list.results.length
  for (const replica of batch) {
    const status = list.results.find((result) => result.requestid === replica.remoteRequestid) ??
      (complete || replica.remoteRequestid === undefined ? undefined : await client.get(replica.remoteRequestid))
    if (status !== undefined) {
      await followed(context, replica, status)
      continue
    }
    const now = context.now()
    const { remoteRequestid: _id, remoteStatus: _status, remoteDetails: _details, statusSince: _since, ...rest } =
      replica
    await save(context, [
      touched({
        ...rest,
        phase: 'create',
        posted: false,
        note: 'the remote pin disappeared from the service; asking for it again',
        due: now
      }, now)
    ])
  }
}

/** Deletes the remote pin (404 counts as done) unless another local request still uses the same remote pin. */
async function remove (context: RemoteContext, client: PinningClient, replica: StoredReplica): Promise<void> {
  const { store } = context.components
  let remoteRequestid = replica.remoteRequestid
  // Posted, answer never seen: the marker finds the pin, if it was made.
  if (remoteRequestid === undefined) {
    remoteRequestid = (await findOwn(client, replica.cid, await markerOf(context, replica.requestid)))?.requestid
  }
  if (remoteRequestid !== undefined) {
    // Services that key pins by CID (IPFS Cluster) answer two requests of one CID with one pin.
    const sharedBy = (await store.sharing(context.remote.id, remoteRequestid)).filter((other) =>
      other.requestid !== replica.requestid && other.phase !== 'remove'
    )
    if (sharedBy.length === 0) {
      try {
        await client.remove(remoteRequestid)
      } catch (error) {
        if (!(error instanceof RemoteRefusedError)) throw error
        const attempts = replica.attempts + 1
        const now = context.now()
        await save(context, [
          touched({ ...replica, note: error.message, attempts, due: now + replicaBackoff(attempts) }, now)
        ])
        return
      }
    }
  }
  await save(context, [], [replica.requestid])
}
