import { notEnoughStorage } from './storage-room.ts'
import { formatBytes } from '../format-bytes.ts'
import { SOURCE_NOUNS, formatDuration, sourceLine, summarize } from './source-text.ts'
import type { DagProgress } from './fetch-dag.ts'
import type { PinNeedsStorageError } from './storage-room.ts'
import type { Source, SourceKind } from './source-report.ts'
import type { HeldDag } from '../store/engine-store.ts'

/**
 * The words and figures the engine writes to a pin's `info` (the spec's free-form map): `status_details` is
 * one plain sentence; the other keys let a page show more (see the README's list of info keys).
 */

function blocks (count: number): string {
  return count === 1 ? '1 block' : `${count} blocks`
}

/** A job's state as `info` shows it while the pin is `pinning`. */
export interface JobView {
  progress: DagProgress
  sources: readonly Source[]
  /** When the job gives up (ms since the epoch). */
  deadline: number
  /** Set while it waits between attempts: when it asks again (never later than the deadline). */
  nextAttempt?: number
  now?: number
}

/** `info` while pinning: what it is doing or waiting for, how far it got, and until when it tries. */
export function workingInfo (view: JobView): Record<string, string> {
  const info: Record<string, string> = {
    status_details: workingDetails(view),
    blocks_fetched: String(view.progress.blocks),
    bytes_fetched: String(view.progress.bytes),
    blocks_known: String(Math.max(view.progress.known ?? 0, view.progress.blocks)),
    deadline: new Date(view.deadline).toISOString()
  }
  if (view.sources.length > 0) info.sources = view.sources.map(sourceLine).join('\n')
  if (view.nextAttempt !== undefined) info.next_attempt = new Date(view.nextAttempt).toISOString()
  return info
}

function workingDetails ({ progress, sources, nextAttempt, deadline, now = Date.now() }: JobView): string {
  const fetched = `${blocks(progress.blocks)}, ${formatBytes(progress.bytes)}`
  if (nextAttempt === undefined && progress.blocks > 0) return `Fetching: ${fetched}`
  const again = nextAttempt === undefined
    ? ''
    : nextAttempt < deadline
    ? ` Trying again in ${formatDuration(nextAttempt - now)}.`
    : ' No time is left for another try.'
  if (sources.length === 0) return `${NOWHERE}.${again}`
  const usable = sources.filter((source) => source.state.is !== 'not-allowed')
  if (usable.length === 0) return `Nowhere it may look: ${summarize(sources)}.${again}`
  if (nextAttempt !== undefined) {
    const lead = progress.blocks > 0 ? `Fetched ${fetched} so far; the rest was not found yet` : 'Not found yet'
    return `${lead}: ${summarize(sources)}.${again}`
  }
  if (usable.every((source) => source.state.is === 'not-asked')) return `Asking ${counted(usable)}.`
  return `Looking for it: ${summarize(sources)}.`
}

const NOWHERE = 'Nowhere to look: Settings list no gateways or routers, and the pin names no origins'

/** "2 gateways, 1 router and 1 origin peer". */
function counted (sources: readonly Source[]): string {
  const counts = new Map<SourceKind, number>()
  for (const source of sources) counts.set(source.kind, (counts.get(source.kind) ?? 0) + 1)
  const parts = [...counts].map(([kind, count]) => `${count} ${SOURCE_NOUNS[kind][count === 1 ? 0 : 1]}`)
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
}

/** What a job that ran out of time leaves behind: who was asked and what they said. */
export interface GaveUp {
  progress: DagProgress
  sources: readonly Source[]
  afterMs: number
  /** Blocks still missing (CIDv1 strings); the root when nothing arrived. */
  missing: readonly string[]
}

/** `info` of a pin that failed at its deadline; names the CID as this request sent it. */
export function gaveUpInfo ({ progress, sources, afterMs, missing }: GaveUp, cid: string): Record<string, string> {
  const after = `Gave up on ${cid} after ${formatDuration(afterMs)}`
  let got = 'nothing arrived'
  if (progress.blocks > 0) {
    const first = missing[0]
    const still = first === undefined
      ? ''
      : missing.length === 1
      ? `, but the block ${first} inside it never did`
      : `, but ${missing.length} blocks inside it never did (such as ${first})`
    got = `${blocks(progress.blocks)} (${formatBytes(progress.bytes)}) arrived${still}`
  }
  const tried = sources.length === 0 ? ` ${NOWHERE}.` : ` What was tried: ${summarize(sources)}.`
  const info: Record<string, string> = {
    status_details: `${after}: ${got}.${tried}`,
    blocks_fetched: String(progress.blocks),
    bytes_fetched: String(progress.bytes)
  }
  if (sources.length > 0) info.sources = sources.map(sourceLine).join('\n')
  return info
}

/** Errors that no retry mends, in words. */
const CANNOT: Record<string, string> = {
  UnknownCodecError: 'its blocks use a data format this node cannot read',
  InvalidCodecError: 'its blocks use a data format this node cannot read',
  UnknownHashAlgorithmError: 'it uses a hash function this node does not know',
  QuotaExceededError: 'the browser refused to store more: this site\'s storage is full (see Storage)'
}

/** `info` of a pin that failed for another reason than time; names the CID as this request sent it. */
export function cannotPinInfo (error: unknown, cid: string): Record<string, string> {
  const name = (error as Error)?.name ?? ''
  const message = error instanceof Error ? error.message : String(error)
  const why = CANNOT[name]
  return {
    status_details: why === undefined
      ? `Could not pin ${cid}: ${message}`
      : `Could not pin ${cid}: ${why} (${message}).`
  }
}

/** `info` of a pin given up for lack of storage: the room the browser allows, and what the DAG needs. */
export function noStorageInfo (error: PinNeedsStorageError): Record<string, string> {
  return {
    status_details: notEnoughStorage(error),
    bytes_fetched: String(error.fetchedBytes),
    ...(error.neededBytes === undefined ? {} : { dag_size_declared: String(error.neededBytes) })
  }
}

/** `info` once pinned: dag_size as the spec suggests, and the block count. */
export function pinnedInfo (dag: HeldDag): Record<string, string> {
  return {
    status_details: `Pinned: ${blocks(dag.blocks)}, ${formatBytes(dag.bytes)}`,
    dag_size: String(dag.bytes),
    blocks: String(dag.blocks)
  }
}
