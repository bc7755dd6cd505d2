/**
 * One remote service's replication loop. Each pass starts from what is stored (so a reload resumes it): the
 * local bookkeeping, then the due replicas, then a sleep until the next is due, the backoff ends, or a notice
 * wakes it. Failures of the whole remote back off; a 401 stops it until the token changes.
 */
import {
  RemoteRefusedError,
  RemoteUnauthorizedError,
  RemoteUnavailableError,
  ReplicationStoppedError
} from './errors.ts'
import { syncLocal } from './local-sync.ts'
import { actOn, probe } from './remote-actions.ts'
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_UPLOAD_TIMEOUT_MS,
  save
} from './replication-context.ts'
import { remoteBackoff } from './schedule.ts'
import type { RemoteContext, ReplicationComponents, ReplicationInit } from './replication-context.ts'
import type { RemoteHealth, RemoteRecord, RemoteState } from '../store/replication-schema.ts'

/** Replicas acted on per step of a pass. */
const DUE_BATCH = 100
/** The longest sleep: a pass now and then finds what no notice announced. */
const IDLE_PASS_MS = 60_000
/** The shortest gap between passes, however fast change notices arrive. */
const MIN_GAP_MS = 200
/** Looking for local requests that went costs a read of every requestid: at most this often. */
const GONE_CHECK_MS = 1000
/** A healthy remote's last contact is written at most this often. */
const CONTACT_WRITE_MS = 60_000

export interface RemoteWorker {
  /** A pass soon; `pinsChanged`: local records changed (look for deleted and replaced ones). */
  wake(pinsChanged?: boolean): void
  stop(): Promise<void>
}

export function startRemoteWorker (
  components: ReplicationComponents,
  init: ReplicationInit,
  remoteId: string
): RemoteWorker {
  const now = components.now ?? Date.now
  const stopping = new AbortController()
  let wakeRequested = false
  let wakeUp = () => {}
  let pinsChanged = true
  let lastGoneCheck = -Infinity

  async function pass (): Promise<number> {
    const remote = await components.store.remote(remoteId)
    if (remote === undefined) return Infinity
    const context: RemoteContext = {
      components,
      remote,
      state: await components.store.state(remoteId) ?? initialState(remote),
      now,
      requestTimeoutMs: init.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      uploadTimeoutMs: init.uploadTimeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS,
      concurrency: init.concurrency ?? DEFAULT_CONCURRENCY,
      signal: stopping.signal
    }
    const checkGone = pinsChanged && now() - lastGoneCheck >= GONE_CHECK_MS
    if (checkGone) {
      pinsChanged = false
      lastGoneCheck = now()
    }
    await syncLocal(context, checkGone)

    const health = context.state.health
    // Stopped by a 401 for this very token: nothing is sent until the person sets another (a new revision).
    if (health.state === 'unauthorized' && health.revision === remote.revision) return Infinity
    if (health.state !== 'unauthorized' && (health.retryAt ?? 0) > now()) return health.retryAt as number
    let acted = false
    for (;;) {
      const due = await components.store.due(remoteId, now(), DUE_BATCH)
      if (due.length === 0) break
      acted = true
      try {
        await actOn(context, due)
      } catch (error) {
        return await failed(context, error)
      }
      await succeeded(context)
      if (due.length < DUE_BATCH) break
    }
    // In trouble and nothing due: one small request tells whether the trouble is over (or the new token works).
    if (!acted && health.state !== 'ok') {
      try {
        await probe(context)
      } catch (error) {
        return await failed(context, error)
      }
      await succeeded(context)
    }
    return await components.store.nextDue(remoteId) ?? Infinity
  }

  async function loop (): Promise<void> {
    while (!stopping.signal.aborted) {
      wakeRequested = false
      const started = now()
      let next: number
      try {
        next = await pass()
      } catch (error) {
        if (stopping.signal.aborted) break
        // Local trouble (IndexedDB): said, and tried again shortly.
        console.error(
          `replication to remote ${remoteId}: a pass failed: ${error instanceof Error ? error.message : String(error)}`
        )
        next = now() + 5000
      }
      if (stopping.signal.aborted) break
      // A look for deleted and replaced local requests was put off: it comes as soon as it may.
      if (pinsChanged) next = Math.min(next, lastGoneCheck + GONE_CHECK_MS)
      const gap = Math.max(MIN_GAP_MS - (now() - started), 0)
      const sleep = wakeRequested ? gap : Math.max(gap, Math.min(next - now(), IDLE_PASS_MS))
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, sleep)
        wakeUp = () => {
          clearTimeout(timer)
          // Still the minimum gap: a burst of notices is one pass.
          setTimeout(resolve, gap)
        }
      })
      wakeUp = () => {}
    }
  }
  const running = loop()

  return {
    wake (changed = false) {
      if (changed) pinsChanged = true
      wakeRequested = true
      wakeUp()
    },
    async stop () {
      stopping.abort()
      wakeUp()
      await running
    }
  }
}

function initialState (remote: RemoteRecord): RemoteState {
  return {
    remoteId: remote.id,
    scannedUpTo: -Infinity,
    scopeKey: '',
    endpointRevision: remote.endpointRevision,
    health: { state: 'ok', failures: 0 }
  }
}

/** The whole remote failed: back off (longer each time, or as long as it asked), or stop on a 401. */
async function failed (context: RemoteContext, error: unknown): Promise<number> {
  if (error instanceof ReplicationStoppedError) return Infinity
  const now = context.now()
  const previous = context.state.health
  const since = previous.state === 'ok' ? now : previous.since ?? now
  let health: RemoteHealth
  if (error instanceof RemoteUnauthorizedError) {
    health = {
      ...withoutRetry(previous),
      state: 'unauthorized',
      message: error.message,
      since,
      failures: previous.failures + 1,
      revision: context.remote.revision
    }
  } else if (error instanceof RemoteUnavailableError || error instanceof RemoteRefusedError) {
    // A 4XX to a list or a probe (not about one pin): the service does not take what this client asks; backed off too.
    const failures = previous.state === 'unauthorized' ? 1 : previous.failures + 1
    const retryAt = now +
      Math.max(remoteBackoff(failures), error instanceof RemoteUnavailableError ? error.retryAfterMs ?? 0 : 0)
    const state = error instanceof RemoteUnavailableError && error.kind === 'cors'
      ? 'cors'
      : error instanceof RemoteUnavailableError && (error.kind === 'network' || error.kind === 'timeout')
      ? 'unreachable'
      : 'failing'
    health = { ...previous, state, message: error.message, since, failures, retryAt }
  } else {
    throw error
  }
  context.state = { ...context.state, health }
  await save(context, [], [], true)
  return health.state === 'unauthorized' ? Infinity : health.retryAt as number
}

/** The remote answered: any trouble is over. */
async function succeeded (context: RemoteContext): Promise<void> {
  const now = context.now()
  const previous = context.state.health
  if (
    previous.state === 'ok' && previous.failures === 0 && now - (previous.lastContact ?? -Infinity) < CONTACT_WRITE_MS
  ) return
  context.state = { ...context.state, health: { state: 'ok', failures: 0, lastContact: now } }
  await save(context, [], [], true)
}

function withoutRetry (health: RemoteHealth): RemoteHealth {
  const { retryAt: _retryAt, ...rest } = health
  return rest
}
