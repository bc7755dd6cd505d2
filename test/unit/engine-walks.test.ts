import { MemoryBlockstore } from 'blockstore-core'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { base16 } from 'multiformats/bases/base16'
import * as dagPb from '@ipld/dag-pb'
import * as raw from 'multiformats/codecs/raw'
import { describe, expect, test } from 'vitest'
import { collectDag } from '../../src/engine/collect-garbage.ts'
import { fetchDag } from '../../src/engine/fetch-dag.ts'
import type { CodecLoader } from '@helia/interface'
import type { CID } from 'multiformats/cid'

const getCodec: CodecLoader = async (code) => {
  if (code === dagPb.code) return dagPb as any
  if (code === raw.code) return raw as any
  throw Object.assign(new Error(`no codec ${code}`), { name: 'UnknownCodecError' })
}

async function addFiles (blockstore: MemoryBlockstore, files: Record<string, Uint8Array>): Promise<CID> {
  let root: CID | undefined
  const entries = Object.entries(files).map(([path, content]) => ({ path, content }))
  for await (
    const entry of importer(entries, blockstore, {
      chunker: fixedSize({ chunkSize: 1024 }),
      rawLeaves: true,
      cidVersion: 1,
      wrapWithDirectory: true
    })
  ) root = entry.cid
  return root as CID
}

/** MemoryBlockstore keys blocks by multihash (getAll gives them back as raw CIDs), so compare multihashes. */
const hashOf = (cid: CID) => base16.encode(cid.multihash.bytes)

async function allCids (blockstore: MemoryBlockstore): Promise<string[]> {
  const hashes: string[] = []
  for await (const { cid } of blockstore.getAll()) hashes.push(hashOf(cid))
  return hashes.sort()
}

const bytes = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * seed + seed) % 251)

describe('fetchDag', () => {
  test('reads every distinct block once, never more than `concurrency` at a time, and sizes the DAG', async () => {
    const source = new MemoryBlockstore()
    const root = await addFiles(source, { 'a.bin': bytes(10_000, 3), 'b.bin': bytes(10_000, 3), 'c.txt': bytes(50, 5) })
    const reads = new Map<string, number>()
    let inFlight = 0
    let peak = 0
    const slow = {
      async *get (cid: CID) {
        reads.set(hashOf(cid), (reads.get(hashOf(cid)) ?? 0) + 1)
        peak = Math.max(peak, ++inFlight)
        await new Promise((resolve) => setTimeout(resolve, 2))
        inFlight--
        yield* source.get(cid)
      }
    }
    const progress: number[] = []
    const size = await fetchDag(root, slow, {
      getCodec,
      signal: new AbortController().signal,
      concurrency: 4,
      onProgress: (p) => progress.push(p.blocks)
    })
    const stored = await allCids(source)
    expect([...reads.keys()].sort()).toEqual(stored)
    expect([...reads.values()].every((count) => count === 1)).toBe(true)
    expect(size.blocks).toBe(stored.length)
    expect(size.cids.map(hashOf).sort()).toEqual(stored)
    let total = 0
    for await (const { bytes: chunks } of source.getAll()) for await (const chunk of chunks) total += chunk.length
    expect(size.bytes).toBe(total)
    expect(peak).toBeLessThanOrEqual(4)
    expect(peak).toBeGreaterThan(1)
    expect(progress.at(-1)).toBe(stored.length)
  })

  test('a walk of what is stored lists the blocks it finds and skips the missing ones and their subtrees', async () => {
    const source = new MemoryBlockstore()
    const root = await addFiles(source, { 'a.bin': bytes(5_000, 3), 'b.bin': bytes(5_000, 9) })
    const all = await fetchDag(root, source, { getCodec, signal: new AbortController().signal, concurrency: 2 })
    // Drop one file's root: its leaves are stored but cannot be reached any more.
    const fileRoot = all.cids.find((cid) => cid.code === dagPb.code && !cid.equals(root)) as CID
    await source.delete(fileRoot)
    const found = await fetchDag(root, source, {
      getCodec,
      signal: new AbortController().signal,
      concurrency: 2,
      isMissing: async (cid) => !await source.has(cid)
    })
    expect(found.cids.map(hashOf)).not.toContain(hashOf(fileRoot))
    expect(found.blocks).toBeLessThan(all.blocks - 1)
    expect(found.cids.map(hashOf)).toContain(hashOf(root))
  })

  test('stops when aborted, asking for nothing more, and rejects when a block cannot be had', async () => {
    const source = new MemoryBlockstore()
    const root = await addFiles(source, { 'a.bin': bytes(20_000, 7) })
    const controller = new AbortController()
    let requested = 0
    // Like a session: a pending request rejects when its signal aborts.
    const waiting = {
      async *get (_cid: CID, options?: { signal?: AbortSignal }): AsyncGenerator<Uint8Array> {
        requested++
        await new Promise((_resolve, reject) =>
          options?.signal?.addEventListener('abort', () => {
            reject(options.signal?.reason)
          })
        )
      }
    }
    const walk = fetchDag(root, waiting, { getCodec, signal: controller.signal, concurrency: 2 })
    controller.abort(new Error('released'))
    await expect(walk).rejects.toThrow('released')
    expect(requested).toBe(1)

    const failing = {
      async *get (): AsyncGenerator<Uint8Array> {
        throw new Error('no provider')
      }
    }
    await expect(fetchDag(root, failing, { getCodec, signal: new AbortController().signal, concurrency: 2 })).rejects
      .toThrow('no provider')
  })
})

describe('collectDag', () => {
  test('deletes the released DAG\'s unpinned blocks and keeps every block a pinned DAG shares', async () => {
    const blockstore = new MemoryBlockstore()
    const shared = bytes(8_000, 11)
    const released = await addFiles(blockstore, { 'shared.bin': shared, 'only-released.bin': bytes(4_000, 13) })
    const kept = await addFiles(blockstore, { 'shared.bin': shared, 'only-kept.bin': bytes(4_000, 17) })
    const before = await allCids(blockstore)
    // Blocks reachable from `kept` are pinned: find them by walking only `kept`.
    const reachable = new Set<string>()
    const walker = {
      async *get (cid: CID) {
        reachable.add(hashOf(cid))
        yield* blockstore.get(cid)
      }
    }
    await fetchDag(kept, walker, { getCodec, signal: new AbortController().signal, concurrency: 1 })
    expect(reachable.size).toBeGreaterThan(8)

    const freed = await collectDag(released, {
      blockstore,
      isPinned: async (cid) => reachable.has(hashOf(cid)),
      getCodec
    })
    expect(await allCids(blockstore)).toEqual([...reachable].sort())
    expect(freed.blocks).toBe(before.length - reachable.size)
  })

  test('walks a partial DAG (a fetch cut short) without fetching anything', async () => {
    const full = new MemoryBlockstore()
    const root = await addFiles(full, { 'a.bin': bytes(6_000, 19) })
    const partial = new MemoryBlockstore()
    let copied = 0
    for await (const { cid, bytes: chunks } of full.getAll()) {
      if (copied++ % 2 === 0 || cid.equals(root)) { for await (const chunk of chunks) await partial.put(cid, chunk) }
    }
    await collectDag(root, { blockstore: partial, isPinned: async () => false, getCodec })
    // Blocks whose parent was missing cannot be reached from the root: only what the walk could reach goes.
    expect(await partial.has(root)).toBe(false)
  })
})
