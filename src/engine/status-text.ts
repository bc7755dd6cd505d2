import type { DagProgress } from './fetch-dag.ts'
import type { HeldDag } from '../store/engine-store.ts'

import { formatBytes } from '../format-bytes.ts'

function blocks (count: number): string {
  return count === 1 ? '1 block' : `${count} blocks`
}

/** `info` while fetching: the spec's status_details plus machine-readable progress. */
export function fetchingInfo (progress: DagProgress): Record<string, string> {
  return {
    status_details: `Fetching: ${blocks(progress.blocks)}, ${formatBytes(progress.bytes)}`,
    blocks_fetched: String(progress.blocks),
    bytes_fetched: String(progress.bytes)
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
