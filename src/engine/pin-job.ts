import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import { BLOCK_CONCURRENCY, fetchDag } from './fetch-dag.ts'
import { onRequest } from './network-tap.ts'
import { stallWatch } from './stall-watch.ts'
import { gaveUpInfo, workingInfo } from './status-text.ts'
import { roomWatch } from './room-watch.ts'
import { PinNeedsStorageError, isQuotaError, storageRoom } from './storage-room.ts'
import type { EngineNode } from './engine-node.ts'
import type { BlockSource, DagProgress, WalkedDag } from './fetch-dag.ts'
import type { SourceReport } from './source-report.ts'
import type { GaveUp } from './status-text.ts'
import type { HeldDag } from '../store/engine-store.ts'
import type { Multiaddr } from '@multiformats/multiaddr'

export { StalledError, NothingLeftError } from './stall-watch.ts'

/** Waits between attempts when no provider delivers: content may appear later, until the deadline. */
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000]
/**
 * An attempt that receives no block for this long is given up and started afresh: Helia's bitswap never
 * asks again for a block whose answer was lost (a provider's send timed out), so a want can wait forever.
 */
export const STALL_TIMEOUT_MS = 30_000
/** Progress is written to the records at most this often. */
export const PROGRESS_INTERVAL_MS = 500
/** How long dialling one libp2p origin may take. */
const DIAL_TIMEOUT_MS = 10_000

/** Errors that no retry can mend: the CID's codec or hash is unknown to this node. */
const PERMANENT_ERRORS = new Set(['UnknownCodecError', 'UnknownHashAlgorithmError', 'InvalidCodecError'])

export interface PinJobInit {
  cid: CID
  origins: Multiaddr[]
  signal: AbortSignal
  deadlineMs: number
  /** What the job learns of each source (made by the caller from the settings and the pin's origins). */
  report: SourceReport
  /** New `info` for the records: progress, sources, deadline, and what the job waits for. */
  onProgress(info: Record<string, string>): void
  /** How long an attempt may go without a block before it is started afresh. Default: STALL_TIMEOUT_MS. */
  stallMs?: number
  /**
   * Told when the job starts and stops waiting between attempts (its fetch slot is free meanwhile); the job
   * goes on fetching only once the promise it returns on `false` settles (a collection may be running).
   */
  onWaiting?(waiting: boolean): void | Promise<void>
  /** Bytes fetched so far, as they grow. */
  onFetched?(bytes: number): void
  /**
   * The browser refused a block of this DAG for lack of storage: true gives the pin up (it is the one that
   * takes the room), false tries again shortly (another pin is given up, and its blocks collected).
   * Default: give up.
   */
  onStorageFull?(fetchedBytes: number): boolean
}

/** After a refusal that another pin caused, the wait before asking for the blocks again. */
const STORAGE_RETRY_MS = 1000

/** Thrown when the deadline passed before every block arrived; says who was asked and what they said. */
export class PinTimeoutError extends Error {
  override name = 'PinTimeoutError'
  constructor (readonly gaveUp: GaveUp, cid: CID) {
    super(gaveUpInfo(gaveUp, cid.toString()).status_details)
  }
}

/**
 * Fetches every block of a DAG (retrying until the deadline), then pins it once every block is local.
 * Blocks are counted towards a pin only once all of them are here, so a job cut short leaves no half-pin.
 * Meanwhile it reports, in plain words, what each source did and what it waits for.
 */
export async function runPinJob (node: EngineNode, init: PinJobInit): Promise<HeldDag> {
  const { cid, origins, signal, deadlineMs, report, onWaiting, stallMs = STALL_TIMEOUT_MS } = init
  const started = Date.now()
  const deadline = AbortSignal.timeout(deadlineMs)
  const combined = AbortSignal.any([signal, deadline])
  let progress: DagProgress = { blocks: 0, bytes: 0, known: 1 }
  let nextAttempt: number | undefined
  const writer = throttled(() => {
    if (!signal.aborted) {
      init.onProgress(
        workingInfo({
          progress,
          sources: report.sources,
          deadline: started + deadlineMs,
          ...(nextAttempt === undefined ? {} : { nextAttempt })
        })
      )
    }
  }, PROGRESS_INTERVAL_MS)
  const gaveUp = (): PinTimeoutError =>
    new PinTimeoutError({ progress, sources: report.sources, afterMs: deadlineMs, missing: report.missing() }, cid)
  // Requests are this pin's when they ask for a block it wants (see source-report.ts).
  const stopHearing = onRequest((event) => {
    report.heard(event)
  })
  const stopReporting = report.onChange(() => {
    writer.request()
  })

  try {
    for (let attempt = 0;; attempt++) {
      report.startAttempt()
      nextAttempt = undefined
      writer.now()
      // With libp2p loaded, routing may name peers the report does not see: only the stall ends such an attempt.
      const nothingLeft = () =>
        report.exhausted() &&
        !(node.hasLibp2p &&
          report.sources.some((source) => source.state.is === 'providers' && source.state.count !== 0))
      const stall = stallWatch(stallMs, nothingLeft)
      const stopChecking = report.onChange(() => {
        stall.check()
      })
      const room = roomWatch(node, cid)
      const attemptSignal = AbortSignal.any([combined, stall.signal, room.signal])
      try {
        if (node.hasLibp2p) dialOrigins(node, report, origins, attemptSignal)
        const dag = await fetchAttempt(node, cid, {
          origins,
          signal: attemptSignal,
          report,
          onProgress: (latest) => {
            stall.touch()
            progress = { ...latest }
            room.check(progress.bytes)
            init.onFetched?.(progress.bytes)
            writer.request()
          }
        })
        stall.stop()
        // Not cancellable: one transaction over blocks that are all local now.
        await node.ledger.pin(cid, dag.cids)
        return { cidKey: cid.toString(), blocks: dag.blocks, bytes: dag.bytes, pinnedAt: Date.now() }
      } catch (error) {
        stall.stop()
        if (signal.aborted) throw signal.reason
        if (deadline.aborted) throw gaveUp()
        if (PERMANENT_ERRORS.has((error as Error).name)) throw error
        if (error instanceof PinNeedsStorageError) throw error
        const refused = isQuotaError(error) || room.signal.aborted
        if (refused && (init.onStorageFull?.(progress.bytes) ?? true)) {
          throw new PinNeedsStorageError(progress.bytes, room.declaredBytes, await storageRoom())
        }
        if (!refused && !report.sources.some((source) => source.state.is !== 'not-allowed')) {
          // Nowhere to look (no gateway, router or origin that settings allow): asking again changes nothing.
          // The job waits, its slot free, until the deadline or until new settings restart it.
          writer.now()
          onWaiting?.(true)
          await sleep(started + deadlineMs - Date.now(), combined).catch(() => {})
          await onWaiting?.(false)
          if (signal.aborted) throw signal.reason
          throw gaveUp()
        }
        const delay = refused
          ? STORAGE_RETRY_MS
          : RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] as number
        nextAttempt = Math.min(Date.now() + delay, started + deadlineMs)
        writer.now()
        onWaiting?.(true)
        await sleep(delay, combined).catch(() => {})
        await onWaiting?.(false)
        if (signal.aborted) throw signal.reason
        if (deadline.aborted) throw gaveUp()
      } finally {
        stopChecking()
        room.stop()
      }
    }
  } finally {
    stopHearing()
    stopReporting()
    writer.cancel()
  }
}

interface AttemptInit {
  origins: Multiaddr[]
  signal: AbortSignal
  report: SourceReport
  onProgress(progress: DagProgress): void
}

/**
 * One attempt at a whole DAG: trustless gateways first, a whole DAG a request; the walk then checks it is all here,
 * and fetches the rest block by block (from every source: gateways, routing, origins, bitswap).
 */
async function fetchAttempt (
  node: EngineNode,
  cid: CID,
  { origins, signal, report, onProgress }: AttemptInit
): Promise<WalkedDag> {
  const session = node.helia.blockstore.createSession(cid, { signal, providers: origins })
  try {
    let streamed: DagProgress = { blocks: 0, bytes: 0 }
    const cars = await node.cars?.fetch(cid, {
      gateways: carGateways(report),
      signal,
      listener: report,
      onProgress: (latest) => {
        streamed = latest
        onProgress(latest)
      }
    })
    // The walk counts again from the start: what it shows never falls below what the streams brought.
    return await fetchDag(cid, wanting(session, report), {
      getCodec: node.helia.getCodec,
      signal,
      concurrency: BLOCK_CONCURRENCY,
      onProgress: (walked) => {
        onProgress(atLeast(walked, streamed))
      },
      ...(cars === undefined ? {} : { leafSize: cars.leafSize })
    })
  } finally {
    session.close()
  }
}

/** The session as the walk sees it, telling the report which blocks are being asked for. */
function wanting (session: BlockSource, report: SourceReport): BlockSource {
  return {
    async *get (cid, options) {
      report.want(cid)
      let arrived = false
      try {
        yield* session.get(cid, options)
        arrived = true
      } finally {
        report.unwant(cid, arrived)
      }
    }
  }
}

/** The gateways a pin's CARs are asked from, before routing: its origin gateways, then those in Settings. */
function carGateways (report: SourceReport): string[] {
  const usable = report.sources.filter((source) => source.state.is !== 'not-allowed' && source.url !== undefined)
  return ['origin', 'gateway'].flatMap((kind) =>
    usable.filter((source) => source.kind === kind).map((source) => source.url as string)
  )
}

/** Progress that is at least `floor`, field by field. */
function atLeast (progress: DagProgress, floor: DagProgress): DagProgress {
  return {
    blocks: Math.max(progress.blocks, floor.blocks),
    bytes: Math.max(progress.bytes, floor.bytes),
    known: Math.max(progress.known ?? 0, floor.known ?? 0)
  }
}

/** Dials the pin's libp2p origins (bitswap dials them too; libp2p shares the connection) to learn what happens. */
function dialOrigins (node: EngineNode, report: SourceReport, origins: Multiaddr[], signal: AbortSignal): void {
  for (const origin of origins) {
    const source = report.sources.find((candidate) =>
      candidate.kind === 'peer' && candidate.address === origin.toString()
    )
    if (source === undefined || source.state.is === 'not-allowed') continue
    node.dial(origin, { signal: AbortSignal.any([signal, AbortSignal.timeout(DIAL_TIMEOUT_MS)]) }).then(
      () => {
        report.dialed(origin)
      },
      (error: unknown) => {
        if (!signal.aborted) report.dialed(origin, error)
      }
    )
  }
}

/** Runs `write` at most once per `ms`, and always once more after the last request (the latest state lands). */
function throttled (write: () => void, ms: number): { request(): void, now(): void, cancel(): void } {
  let last = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const run = () => {
    clearTimeout(timer)
    timer = undefined
    last = Date.now()
    write()
  }
  return {
    request () {
      if (timer !== undefined) return
      timer = setTimeout(run, Math.max(0, last + ms - Date.now()))
    },
    now: run,
    cancel () {
      clearTimeout(timer)
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

async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(signal.reason)
    }, { once: true })
  })
}
