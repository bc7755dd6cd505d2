import * as raw from 'multiformats/codecs/raw'
import { gatewayList } from './car-gateways.ts'
import { blockKey } from './car-into-store.ts'
import { requestCar } from './car-request.ts'
import { eachAtMost } from '../each-at-most.ts'
import { isStored, missingBelow } from './missing-below.ts'
import { isQuotaError } from './storage-room.ts'
import { createWriteWindow } from './write-window.ts'
import type { CarRun } from './car-into-store.ts'
import type { CarListener, CarRequestOutcome } from './car-request.ts'
import type { DagProgress } from './fetch-dag.ts'
import type { CodecLoader, HasherLoader } from '@helia/interface'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** CAR streams at once within one DAG (a browser opens six connections per host over HTTP/1.1). */
export const CAR_STREAMS = 4
/** Bytes of verified blocks waiting for their transaction, per DAG. */
const WRITE_WINDOW_BYTES = 16 * 1024 * 1024
/** Plans per DAG: each one after the first asks only for what the streams before it did not bring. */
const MAX_ROUNDS = 4
/** Cut-off streams after which a gateway is asked for no more CARs of this DAG (until the next attempt). */
const MAX_CUTS = 2

export interface CarFetcherComponents {
  blockstore: {
    has(cid: CID, options?: AbortOptions): Promise<boolean>
    get(cid: CID, options?: AbortOptions): Iterable<Uint8Array> | AsyncIterable<Uint8Array>
    /** Resolves once the block is committed (the batched store). */
    put(cid: CID, bytes: Uint8Array, options?: AbortOptions): Promise<unknown>
  }
  getHasher: HasherLoader
  getCodec: CodecLoader
  /** Gateways (http(s) origins) routing names as providers of a CID, as they are found. */
  findGateways(cid: CID, options: { signal: AbortSignal }): AsyncIterable<string>
}

export interface CarFetchInit {
  /** Gateways to ask first (http(s) origins), in order; routing is asked for more once they are used up. */
  gateways: readonly string[]
  signal: AbortSignal
  listener: CarListener
  /** Blocks and bytes written so far by this fetch. */
  onProgress(progress: DagProgress): void
}

/** What a fetch leaves for the walk that follows it. */
export interface CarFetch {
  /** The size of a raw block this fetch wrote (so the walk counts it without reading it back), or undefined. */
  leafSize(cid: CID): number | undefined
}

export interface CarFetcher {
  /**
   * Brings as much of a DAG as trustless gateways serve as CARs into the store, verifying every block as it
   * arrives: the whole DAG in one request when nothing of it is stored, and otherwise only what is missing (CARs of
   * the missing sub-DAGs; missing raw blocks are left to block requests, one request each either way). Never
   * fails for what a gateway does; the walk that follows fetches whatever is still missing, block by block.
   * Rejects when `signal` aborts (with its reason) or the store refuses a block; it settles only once no write
   * it started is in flight.
   */
  fetch(root: CID, init: CarFetchInit): Promise<CarFetch>
}

export function createCarFetcher (components: CarFetcherComponents): CarFetcher {
  const { blockstore, getHasher, getCodec } = components
  /** Gateways that answered a CAR request with something else: they are asked for blocks only, for the node's life. */
  const servesNoCars = new Set<string>()

  return {
    async fetch (root, { gateways: known, signal, listener, onProgress }) {
      const stop = new AbortController()
      const runSignal = AbortSignal.any([signal, stop.signal])
      const progress: DagProgress = { blocks: 0, bytes: 0 }
      const run: CarRun = {
        received: new Map(),
        expected: new Set(),
        writes: createWriteWindow(WRITE_WINDOW_BYTES),
        getHasher,
        getCodec,
        has: async (cid) => blockstore.has(cid),
        // Not cancellable: a block that verified is written, and waited for, whatever happens to the stream.
        put: async (cid, bytes) => blockstore.put(cid, bytes),
        onStored (bytes) {
          progress.blocks++
          progress.bytes += bytes
          progress.known = run.received.size + run.expected.size
          onProgress({ ...progress })
        }
      }
      const gateways = gatewayList(known, (lookupSignal) => lookUp(root, lookupSignal), runSignal)
      /** Gateways that failed in this fetch, and how many of their streams were cut off. */
      const failed = new Set<string>()
      const cuts = new Map<string, number>()

      /** Routing is asked for the root while this pin wants it, so that the report hears what the routers said. */
      async function* lookUp (cid: CID, lookupSignal: AbortSignal): AsyncGenerator<string> {
        listener.want(cid)
        try {
          yield* components.findGateways(cid, { signal: lookupSignal })
        } finally {
          listener.unwant(cid)
        }
      }

      /** What an answer says of its gateway: it serves no CARs, or is not asked again for this DAG. */
      function judge (gateway: string, outcome: CarRequestOutcome): void {
        if (outcome.is === 'no-cars') servesNoCars.add(gateway)
        if (outcome.is === 'bad-block') listener.streamed(gateway, false)
        // One that stalled is slow, not broken: it is not asked again for this DAG (the rest goes elsewhere).
        if (outcome.is === 'failed' || outcome.is === 'bad-block' || outcome.stalled === true) failed.add(gateway)
        if (outcome.is === 'cut') {
          const count = (cuts.get(gateway) ?? 0) + 1
          cuts.set(gateway, count)
          if (count >= MAX_CUTS || outcome.blocks === 0) failed.add(gateway)
        }
      }

      /** Asks the gateways in turn for a CAR of `target`, until one brings blocks or none is left. */
      async function fetchTarget (target: CID): Promise<void> {
        for (let index = 0;; index++) {
          const gateway = await gateways.at(index)
          runSignal.throwIfAborted()
          if (gateway === undefined) return
          if (servesNoCars.has(gateway) || failed.has(gateway)) continue
          const outcome = await requestCar(gateway, target, { run, signal: runSignal, listener })
          judge(gateway, outcome)
          // Once blocks arrived, what is still missing is planned again rather than asked of the next gateway whole.
          if (
            'blocks' in outcome && (outcome.blocks > 0 || outcome.is === 'complete' || outcome.is === 'stored-below')
          ) return
        }
      }

      /** What to ask for next: the root's whole DAG when the root is not stored, else the missing sub-DAGs. */
      async function plan (round: number): Promise<CID[]> {
        if (round === 0 && !await isStored(blockstore, root)) return [root]
        const missing = await missingBelow(root, { blockstore, getCodec, signal: runSignal })
        return missing.filter((cid) => cid.code !== raw.code)
      }

      try {
        for (let round = 0; round < MAX_ROUNDS; round++) {
          const targets = await plan(round)
          if (targets.length === 0) break
          const before = run.received.size
          await eachAtMost(CAR_STREAMS, targets, fetchTarget, stop)
          // Nothing new, or nothing missing: every block linked from one that arrived has arrived.
          if (run.received.size === before || run.expected.size === 0) break
        }
        await run.writes.settled()
        if (run.writes.failure !== undefined) throw run.writes.failure.error
      } catch (error) {
        stop.abort()
        await run.writes.settled()
        if (signal.aborted) throw signal.reason
        if (isQuotaError(error) || run.writes.failure !== undefined) throw run.writes.failure?.error ?? error
        // Anything else (a DAG this node cannot read, say) is the walk's to find and to say.
      } finally {
        gateways.stop()
        stop.abort()
      }
      const sizes = run.received
      return { leafSize: (cid) => cid.code === raw.code ? sizes.get(blockKey(cid)) : undefined }
    }
  }
}
