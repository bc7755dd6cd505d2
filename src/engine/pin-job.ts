import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import { fetchDag } from './fetch-dag.ts'
import { fetchingInfo } from './status-text.ts'
import type { EngineNode } from './engine-node.ts'
import type { DagProgress } from './fetch-dag.ts'
import type { HeldDag } from '../store/engine-store.ts'
import type { Multiaddr } from '@multiformats/multiaddr'

/** Blocks fetched at once within one DAG. */
export const BLOCK_CONCURRENCY = 16
/** Waits between attempts when no provider delivers: content may appear later, until the deadline. */
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000]
/**
 * An attempt that receives no block for this long is given up and started afresh: Helia's bitswap never
 * asks again for a block whose answer was lost (a provider's send timed out), so a want can wait forever.
 */
export const STALL_TIMEOUT_MS = 30_000
/** Progress is written to the records at most this often. */
export const PROGRESS_INTERVAL_MS = 500

/** Errors that no retry can mend: the CID's codec or hash is unknown to this node. */
const PERMANENT_ERRORS = new Set(['UnknownCodecError', 'UnknownHashAlgorithmError', 'InvalidCodecError'])

export interface PinJobInit {
  cid: CID
  origins: Multiaddr[]
  signal: AbortSignal
  deadlineMs: number
  onProgress(info: Record<string, string>): void
  /** How long an attempt may go without a block before it is started afresh. Default: STALL_TIMEOUT_MS. */
  stallMs?: number
  /**
   * Told when the job starts and stops waiting between attempts (its fetch slot is free meanwhile); the job
   * goes on fetching only once the promise it returns on `false` settles (a collection may be running).
   */
  onWaiting?(waiting: boolean): void | Promise<void>
}

/** Thrown when the deadline passed before every block arrived. */
export class PinTimeoutError extends Error {
  override name = 'PinTimeoutError'
}

/** An attempt that went too long without a block. */
export class StalledError extends Error {
  override name = 'StalledError'
}

/** An abort signal that fires once `touch()` has not been called for `ms`. */
function stallWatch (ms: number): { signal: AbortSignal, touch(): void, stop(): void } {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const touch = () => {
    clearTimeout(timer)
    timer = setTimeout(() => { controller.abort(new StalledError(`no block arrived for ${Math.round(ms / 1000)} s`)) }, ms)
  }
  touch()
  return { signal: controller.signal, touch, stop: () => { clearTimeout(timer) } }
}

/**
 * Fetches every block of a DAG (retrying until the deadline), then pins it once every block is local.
 * Blocks are counted towards a pin only once all of them are here, so a job cut short leaves no half-pin.
 */
export async function runPinJob (node: EngineNode, { cid, origins, signal, deadlineMs, onProgress, onWaiting, stallMs = STALL_TIMEOUT_MS }: PinJobInit): Promise<HeldDag> {
  const deadline = AbortSignal.timeout(deadlineMs)
  const combined = AbortSignal.any([signal, deadline])
  let lastError: unknown
  let lastProgress: DagProgress = { blocks: 0, bytes: 0 }
  let lastReport = 0
  const report = (progress: DagProgress) => {
    lastProgress = progress
    const now = Date.now()
    if (now - lastReport < PROGRESS_INTERVAL_MS) return
    lastReport = now
    onProgress(fetchingInfo(progress))
  }

  for (let attempt = 0; ; attempt++) {
    const stall = stallWatch(stallMs)
    const attemptSignal = AbortSignal.any([combined, stall.signal])
    try {
      const session = node.helia.blockstore.createSession(cid, { signal: attemptSignal, providers: origins })
      try {
        const onBlock = (progress: DagProgress) => {
          stall.touch()
          report(progress)
        }
        const dag = await fetchDag(cid, session, { getCodec: node.helia.getCodec, signal: attemptSignal, concurrency: BLOCK_CONCURRENCY, onProgress: onBlock })
        stall.stop()
        // Not cancellable: one transaction over blocks that are all local now.
        await node.ledger.pin(cid, dag.cids)
        return { cidKey: cid.toString(), blocks: dag.blocks, bytes: dag.bytes, pinnedAt: Date.now() }
      } finally {
        session.close()
      }
    } catch (error) {
      stall.stop()
      if (stall.signal.aborted && !combined.aborted) error = stall.signal.reason
      if (signal.aborted) throw signal.reason
      if (deadline.aborted) throw timeoutError(deadlineMs, lastProgress, lastError ?? error)
      if (PERMANENT_ERRORS.has((error as Error).name)) throw error
      lastError = error
      const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] as number
      onProgress({ ...fetchingInfo(lastProgress), status_details: `Looking for providers (attempt ${attempt + 1} failed: ${describe(error)}); retrying in ${delay / 1000} s` })
      onWaiting?.(true)
      await sleep(delay, combined).catch(() => {})
      await onWaiting?.(false)
      if (signal.aborted) throw signal.reason
      if (deadline.aborted) throw timeoutError(deadlineMs, lastProgress, lastError)
    }
  }
}

/** Origins as multiaddrs (they were validated on input; an unparsable one is skipped, never fatal). */
export function parseOrigins (origins: string[]): Multiaddr[] {
  return origins.flatMap((origin) => {
    try {
      return [multiaddr(origin)]
    } catch {
      return []
    }
  })
}

/** Whether an origin is a libp2p peer address (dialled with bitswap) rather than an HTTP gateway. */
export function isLibp2pOrigin (origin: Multiaddr): boolean {
  const names = origin.getComponents().map((component) => component.name)
  return !names.includes('http') && !names.includes('https')
}

export function cidOf (cidKey: string): CID {
  return CID.parse(cidKey)
}

function timeoutError (deadlineMs: number, progress: DagProgress, cause: unknown): PinTimeoutError {
  const got = progress.blocks === 0 ? 'no block arrived' : `only ${progress.blocks} blocks arrived`
  const why = cause === undefined ? '' : ` (last error: ${describe(cause)})`
  return new PinTimeoutError(`Timed out after ${Math.round(deadlineMs / 1000)} s: ${got}; no provider delivered the whole DAG${why}`)
}

function describe (error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(signal.reason)
    }, { once: true })
  })
}
