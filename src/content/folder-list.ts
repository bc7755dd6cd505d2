import * as dagPb from '@ipld/dag-pb'
import { exporter } from 'ipfs-unixfs-exporter'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { ContentNotHeldError, NoSuchEntryError, NotAFolderError } from './errors.ts'
import { heldBlocks } from './held-blocks.ts'
import type { ReadableStorage, UnixFSDirectoryEntry, UnixFSEntry } from 'ipfs-unixfs-exporter'
import type { CID } from 'multiformats/cid'

/** Entries per page unless asked otherwise, and the most one page may hold. */
export const DEFAULT_PAGE_SIZE = 100
export const MAX_PAGE_SIZE = 1000

/** What a CID (or a path below it) names: a file (UnixFS, raw or identity), a folder, or an IPLD object. */
export type ContentKind = 'file' | 'folder' | 'object'

export interface ContentStat {
  /** The CID the path leads to (the root itself without a path). */
  cid: string
  kind: ContentKind
  /** A file's length in bytes; undefined for folders and objects. */
  size: number | undefined
}

export interface FolderEntry {
  name: string
  cid: string
  /** `unknown`: the entry's first block is not held here, so what it is cannot be told. */
  kind: ContentKind | 'unknown'
  /** A file's length in bytes; for anything else, the size of its whole DAG as the folder records it. */
  size: number
}

export interface FolderPage {
  /** The folder's own CID. */
  cid: string
  /** The folder's path below the root, without leading or trailing slashes (`''` for the root). */
  path: string
  /** Every entry of the folder, of which this page holds `entries`, from `offset`, sorted by name. */
  total: number
  offset: number
  entries: FolderEntry[]
}

export interface ListOptions {
  /** The first entry to return, counted in name order. Default 0. */
  offset?: number
  /** Entries to return, at most `MAX_PAGE_SIZE`. Default `DEFAULT_PAGE_SIZE`. */
  limit?: number
  signal?: AbortSignal
}

const byName = new Intl.Collator('en').compare

/** What `path` below `root` is, read from local blocks only. */
export async function statContent (
  blockstore: ReadableStorage,
  root: CID,
  path: string,
  signal?: AbortSignal
): Promise<ContentStat> {
  const entry = await resolve(blockstore, root, path, signal)
  const kind = kindOf(entry)
  return { cid: entry.cid.toString(), kind, size: kind === 'file' ? Number(entry.size) : undefined }
}

/**
 * One page of a folder's entries, sorted by name. The folder's links are read (for a sharded folder, its shard
 * blocks), then only the first block of each entry on the page, to tell files from folders: a folder of 10,000
 * entries costs a page of reads, not 10,000.
 */
export async function listFolder (
  blockstore: ReadableStorage,
  root: CID,
  path: string,
  options: ListOptions = {}
): Promise<FolderPage> {
  const offset = options.offset ?? 0
  const limit = options.limit ?? DEFAULT_PAGE_SIZE
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new TypeError(`offset must be a whole number of at least 0; got ${offset}`)
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new TypeError(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}; got ${limit}`)
  }
  const folder = await resolve(blockstore, root, path, options.signal)
  if (folder.type !== 'directory') throw new NotAFolderError(where(root, path), kindOf(folder))
  // The exporter's offset/length skip the wrong entries of a sharded folder (16.2.2): page here instead.
  const links: UnixFSDirectoryEntry[] = []
  for await (const link of folder.entries(options.signal === undefined ? {} : { signal: options.signal })) {
    links.push(link)
  }
  links.sort((a, b) => byName(a.name, b.name))
  const page = links.slice(offset, offset + limit)
  const store = heldBlocks(blockstore)
  return {
    cid: folder.cid.toString(),
    path: segmentsOf(path).join('/'),
    total: links.length,
    offset,
    entries: await Promise.all(page.map(async (link) => describe(store, link, options.signal)))
  }
}

async function resolve (
  blockstore: ReadableStorage,
  root: CID,
  path: string,
  signal?: AbortSignal
): Promise<UnixFSEntry> {
  const segments = segmentsOf(path)
  const target = [root.toString(), ...segments.map((segment) => segment.replace(/\//g, '\\/'))].join('/')
  try {
    return await exporter(target, heldBlocks(blockstore), signal === undefined ? {} : { signal })
  } catch (error) {
    const name = (error as Error).name
    if (name === 'NotFoundError' || name === 'BadPathError') throw new NoSuchEntryError(where(root, path))
    throw error
  }
}

/** A folder entry's kind and size, from its first block at most; raw and identity entries need no read. */
async function describe (
  store: ReadableStorage,
  link: UnixFSDirectoryEntry,
  signal?: AbortSignal
): Promise<FolderEntry> {
  const base = { name: link.name, cid: link.cid.toString(), size: Number(link.size) }
  if (link.cid.multihash.code === identity.code) {
    return { ...base, kind: 'file', size: link.cid.multihash.digest.length }
  }
  if (link.cid.code === raw.code) return { ...base, kind: 'file' }
  if (link.cid.code !== dagPb.code) return { ...base, kind: 'object' }
  try {
    const entry = await exporter(link.cid, store, signal === undefined ? {} : { signal })
    const kind = kindOf(entry)
    return kind === 'file' ? { ...base, kind, size: Number(entry.size) } : { ...base, kind }
  } catch (error) {
    if (error instanceof ContentNotHeldError) return { ...base, kind: 'unknown' }
    throw error
  }
}

function kindOf (entry: UnixFSEntry): ContentKind {
  if (entry.type === 'directory') return 'folder'
  return entry.type === 'object' ? 'object' : 'file'
}

function segmentsOf (path: string): string[] {
  return path.split('/').filter((segment) => segment !== '')
}

function where (root: CID, path: string): string {
  return [root.toString(), ...segmentsOf(path)].join('/')
}
