import { createUnsafe } from 'multiformats/block'
import { readBlock } from '../blocks/read-block.ts'
import type { CodecLoader } from '@helia/interface'
import type { AbortOptions } from '@libp2p/interface'
import type { CID } from 'multiformats/cid'

/** Blocks fetched at once within one DAG. */
export const BLOCK_CONCURRENCY = 16

export interface DagProgress {
  blocks: number
  bytes: number
  /** Blocks known so far (fetched, or linked from a fetched block); grows as blocks arrive. */
  known?: number
}

/** A walked DAG: its size, and every distinct block in it. */
export interface WalkedDag extends DagProgress {
  cids: CID[]
}

/** The part of a (session) blockstore the walk needs: Helia 7 yields a block's bytes in chunks. */
export interface BlockSource {
  get(cid: CID, options?: AbortOptions): Iterable<Uint8Array> | AsyncIterable<Uint8Array>
}

export interface FetchDagOptions {
  getCodec: CodecLoader
  signal: AbortSignal
  /** Blocks requested at once; Helia's own walkers fetch one at a time. */
  concurrency: number
  onProgress?(progress: DagProgress): void
  /** For walks of what is stored locally: blocks this says are missing are skipped, not fetched or failed. */
  isMissing?(cid: CID): Promise<boolean>
  /**
   * The size of a block known to be stored and to link to nothing (a raw block just written), or undefined:
   * such a block is counted without being read again.
   */
  leafSize?(cid: CID): number | undefined
}

/**
 * Walks a whole DAG through `source`, which stores every block it fetches, so that afterwards every block is
 * local. Each distinct block is read once; up to `concurrency` are in flight. Resolves to the DAG's size and
 * blocks; rejects (when aborted, or when a block cannot be had) only after every request in flight has settled.
 */
export async function fetchDag (root: CID, source: BlockSource, options: FetchDagOptions): Promise<WalkedDag> {
  const { getCodec, signal, concurrency, onProgress, isMissing, leafSize } = options
  const progress: DagProgress = { blocks: 0, bytes: 0 }
  const seen = new Set<string>([root.toString()])
  const cids: CID[] = []
  const pending: CID[] = [root]
  let active = 0

  const visit = async (cid: CID): Promise<CID[] | undefined> => {
    if (isMissing !== undefined && await isMissing(cid)) return undefined
    cids.push(cid)
    const size = leafSize?.(cid)
    if (size !== undefined) {
      progress.blocks++
      progress.bytes += size
      return []
    }
    const bytes = await readBlock(source.get(cid, { signal }))
    const block = createUnsafe({ cid, bytes, codec: await getCodec(cid.code) })
    progress.blocks++
    progress.bytes += bytes.length
    return [...block.links()].map(([, link]) => link)
  }

  return new Promise((resolve, reject) => {
    let failure: { error: unknown } | undefined
    // On failure no new block is asked for, and the promise settles only once every request in flight has:
    // a late block must not land in the blockstore after its DAG was released and collected.
    const settle = () => {
      if (failure !== undefined) {
        if (active === 0) reject(failure.error)
        return
      }
      if (signal.aborted) {
        failure = { error: signal.reason }
        settle()
        return
      }
      if (pending.length === 0 && active === 0) {
        resolve({ ...progress, cids })
        return
      }
      while (active < concurrency && pending.length > 0) {
        const cid = pending.shift() as CID
        active++
        visit(cid).then((links) => {
          active--
          for (const link of links ?? []) {
            const key = link.toString()
            if (seen.has(key)) continue
            seen.add(key)
            pending.push(link)
          }
          if (links !== undefined) {
            progress.known = seen.size
            onProgress?.(progress)
          }
          settle()
        }, (error: unknown) => {
          active--
          failure ??= { error }
          settle()
        })
      }
    }
    settle()
  })
}
