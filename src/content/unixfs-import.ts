import { importer } from 'ipfs-unixfs-importer'
import { blobChunks } from './read-blob.ts'
import type { ImportCandidate } from 'ipfs-unixfs-importer'
import type { Blockstore } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

/** A file, or an empty folder (no `file`), at a path relative to what the person picked. */
export interface ImportFile {
  path: string
  file?: Blob
}

export interface ImportedEntry {
  path: string
  cid: string
  size: number
}

/**
 * UnixFS import, loaded on first use (the importer is not needed to answer the API): CIDv1, raw leaves,
 * 1 MiB chunks (the unixfs-v1-2025 profile). One file alone keeps its own CID; several files or a folder
 * are wrapped in a directory that keeps their relative paths.
 */
export async function importUnixfs (
  files: ImportFile[],
  blockstore: Pick<Blockstore, 'put'>,
  options: { onRead(bytes: number): void, signal?: AbortSignal }
): Promise<{ root: CID, entries: ImportedEntry[] }> {
  const single = files.length === 1 && files[0]?.file !== undefined && !files[0].path.includes('/')
  const candidates: ImportCandidate[] = files.map(({ path, file }) =>
    file === undefined
      ? { path }
      : { path, content: blobChunks(file, options.onRead, options.signal) }
  )
  const entries: ImportedEntry[] = []
  let root: CID | undefined
  const importing = importer(candidates, blockstore, {
    profile: 'unixfs-v1-2025',
    cidVersion: 1,
    rawLeaves: true,
    wrapWithDirectory: !single,
    ...(options.signal === undefined ? {} : { signal: options.signal })
  })
  for await (const entry of importing) {
    options.signal?.throwIfAborted()
    root = entry.cid
    entries.push({ path: entry.path ?? '', cid: entry.cid.toString(), size: Number(entry.size) })
  }
  if (root === undefined) throw new Error('Nothing was imported: no files were given')
  return { root, entries }
}
