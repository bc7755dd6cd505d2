import { walkPath } from 'ipfs-unixfs-exporter'
import { recordingBlockstore } from './block-reader.ts'
import { GatewayError, NoSuchPathError } from './errors.ts'
import type { GatewayBlockstore } from './block-reader.ts'
import type { ContentPath } from './content-path.ts'
import type { CID } from 'multiformats/cid'

export interface ResolvedPath {
  /** What the path names. */
  target: CID
  /** One CID per path segment, root first (for X-Ipfs-Roots). */
  roots: CID[]
  /** Every block read to get there, in order: what a client needs to verify the path itself. */
  blocksRead: CID[]
}

/** Walks the path through UnixFS directories (sharded too) and DAG-CBOR/DAG-JSON links, from local blocks only. */
export async function resolvePath (
  blockstore: GatewayBlockstore,
  path: ContentPath,
  signal?: AbortSignal
): Promise<ResolvedPath> {
  if (path.segments.length === 0) return { target: path.cid, roots: [path.cid], blocksRead: [] }
  const { store, read } = recordingBlockstore(blockstore, signal)
  let last: { cid: CID, roots: CID[], remainder: string[] } | undefined
  const walked = path.segments.map((segment) => segment.replace(/\//g, '\\/')).join('/')
  try {
    for await (const entry of walkPath(`${path.cid}/${walked}`, store, signal === undefined ? {} : { signal })) {
      last = entry
    }
  } catch (error) {
    if (error instanceof GatewayError) throw error
    const name = (error as Error).name
    if (name === 'NotFoundError' || name === 'BadPathError') {
      throw new NoSuchPathError(where(path, last), missingSegment(path, last))
    }
    if (name === 'NoResolverError') {
      throw new GatewayError(501, `${where(path, last)} is in a format this gateway cannot walk into`)
    }
    throw error
  }
  if (last === undefined) throw new NoSuchPathError(path.cidText, path.segments[0] ?? '')
  if (last.remainder.length > 0) {
    throw new NoSuchPathError(where(path, last), last.remainder[0] as string)
  }
  return { target: last.cid, roots: last.roots, blocksRead: read }
}

function where (path: ContentPath, last: { roots: CID[] } | undefined): string {
  const depth = Math.max(0, (last?.roots.length ?? 1) - 1)
  return ['/ipfs', path.cidText, ...path.segments.slice(0, depth)].join('/')
}

function missingSegment (path: ContentPath, last: { roots: CID[] } | undefined): string {
  return path.segments[Math.max(0, (last?.roots.length ?? 1) - 1)] ?? ''
}
