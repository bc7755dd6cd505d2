import * as dagPb from '@ipld/dag-pb'
import { MemoryBlockstore } from 'blockstore-core'
import { importer } from 'ipfs-unixfs-importer'
import { beforeAll, describe, expect, test } from 'vitest'
import { readBlock } from '../../src/blocks/read-block.ts'
import { ContentNotHeldError, NoSuchEntryError, NotAFolderError } from '../../src/content/errors.ts'
import { listFolder, statContent } from '../../src/content/folder-list.ts'
import type { CID } from 'multiformats/cid'

const text = (s: string) => new TextEncoder().encode(s)

async function add (
  blockstore: MemoryBlockstore,
  files: Array<{ path: string, content?: Uint8Array }>,
  options: Record<string, unknown> = {}
): Promise<CID> {
  let root: CID | undefined
  for await (
    const entry of importer(files, blockstore, { cidVersion: 1, rawLeaves: true, wrapWithDirectory: true, ...options })
  ) root = entry.cid
  return root!
}

/** A store that counts the blocks read from it. */
function counting (blockstore: MemoryBlockstore) {
  const counter = {
    reads: 0,
    get: (cid: CID, options?: object) => {
      counter.reads++
      return blockstore.get(cid, options)
    }
  }
  return counter
}

/** The dag-pb blocks of a sharded folder whose entries are raw blocks: its shards. */
async function shardBlocks (root: CID): Promise<number> {
  const node = dagPb.decode(await readBlock(blockstore.get(root)))
  let count = 1
  for (const link of node.Links) if (link.Hash.code === dagPb.code) count += await shardBlocks(link.Hash)
  return count
}

const NAMES = Array.from({ length: 2000 }, (_, i) => `entry-${String(i).padStart(4, '0')}.txt`)
let blockstore: MemoryBlockstore
let folder: CID
let sharded: CID

beforeAll(async () => {
  blockstore = new MemoryBlockstore()
  folder = await add(blockstore, [
    { path: 'b.txt', content: text('bee') },
    { path: 'A big file.bin', content: new Uint8Array(300_000) },
    { path: 'docs/readme.md', content: text('# hi') },
    { path: 'docs/deeper/c.txt', content: text('c') },
    { path: 'empty' }
  ], { chunker: undefined })
  // Shuffled on import, so that hash order and name order differ.
  const shuffled = [...NAMES].sort((a, b) => (a.split('').reverse().join('') < b.split('').reverse().join('') ? -1 : 1))
  sharded = await add(blockstore, shuffled.map((path) => ({ path, content: text(path) })), {
    shardSplitThresholdBytes: 1000
  })
})

describe('listFolder', () => {
  test('a folder: entries by name, each with its kind, a file with its length, a folder with its DAG size', async () => {
    const page = await listFolder(blockstore, folder, '')
    expect(page.total).toBe(4)
    expect(page.offset).toBe(0)
    expect(page.path).toBe('')
    expect(page.cid).toBe(folder.toString())
    expect(page.entries.map((entry) => [entry.name, entry.kind])).toEqual([
      ['A big file.bin', 'file'],
      ['b.txt', 'file'],
      ['docs', 'folder'],
      ['empty', 'folder']
    ])
    expect(page.entries[0]!.size).toBe(300_000)
    expect(page.entries[1]!.size).toBe(3)
    expect(page.entries[2]!.size).toBeGreaterThan(4)
  })

  test('a sub-folder, by path (slashes around it ignored)', async () => {
    const page = await listFolder(blockstore, folder, '/docs/')
    expect(page.path).toBe('docs')
    expect(page.entries.map((entry) => [entry.name, entry.kind])).toEqual([['deeper', 'folder'], ['readme.md', 'file']])
    const deeper = await listFolder(blockstore, folder, 'docs/deeper')
    expect(deeper.entries.map((entry) => entry.name)).toEqual(['c.txt'])
    expect(deeper.cid).toBe(page.entries[0]!.cid)
  })

  test('a sharded folder of 2,000 entries: pages in name order that add up to every entry once', async () => {
    const seen: string[] = []
    for (let offset = 0;; offset += 300) {
      const page = await listFolder(blockstore, sharded, '', { offset, limit: 300 })
      expect(page.total).toBe(2000)
      if (page.entries.length === 0) break
      expect(page.entries.every((entry) => entry.kind === 'file')).toBe(true)
      seen.push(...page.entries.map((entry) => entry.name))
    }
    expect(seen).toEqual(NAMES)
  })

  test('a page reads the folder\'s own blocks and one block per entry listed, never the rest', async () => {
    const store = counting(blockstore)
    const page = await listFolder(store, sharded, '', { limit: 10 })
    expect(page.entries).toHaveLength(10)
    // Raw leaves: the entries need no read at all; only the shard blocks are read, each once (the root twice:
    // the exporter reads it to resolve the folder, then again to list it).
    expect(store.reads).toBe(await shardBlocks(sharded) + 1)
    const plain = counting(blockstore)
    await listFolder(plain, folder, '', { limit: 2, offset: 2 })
    // The folder's block, then the two sub-folders' first blocks.
    expect(plain.reads).toBe(3)
  })

  test('a file is not a folder; a missing name; a bad page', async () => {
    await expect(listFolder(blockstore, folder, 'b.txt')).rejects.toThrow(NotAFolderError)
    await expect(listFolder(blockstore, folder, 'b.txt')).rejects.toThrow(`${folder}/b.txt is a file, not a folder`)
    await expect(listFolder(blockstore, folder, 'nope/x')).rejects.toThrow(NoSuchEntryError)
    await expect(listFolder(blockstore, folder, '', { limit: 0 })).rejects.toThrow(TypeError)
    await expect(listFolder(blockstore, folder, '', { limit: 1001 })).rejects.toThrow(TypeError)
    await expect(listFolder(blockstore, folder, '', { offset: -1 })).rejects.toThrow(TypeError)
  })

  test('what is not held is said so: the folder itself, or an entry whose first block is missing', async () => {
    const partial = new MemoryBlockstore()
    const root = await add(partial, [{ path: 'sub/x.txt', content: text('x') }, { path: 'y.txt', content: text('y') }])
    const listed = await listFolder(partial, root, '')
    const sub = listed.entries.find((entry) => entry.name === 'sub')!
    await partial.delete((await import('multiformats/cid')).CID.parse(sub.cid))
    const after = await listFolder(partial, root, '')
    expect(after.entries.map((entry) => [entry.name, entry.kind])).toEqual([['sub', 'unknown'], ['y.txt', 'file']])
    await expect(listFolder(partial, root, 'sub')).rejects.toThrow(ContentNotHeldError)
    await expect(listFolder(new MemoryBlockstore(), root, '')).rejects.toThrow(`${root} is not held by this node`)
  })
})

describe('statContent', () => {
  test('a folder, a file with its length, a path inside a sharded folder', async () => {
    expect(await statContent(blockstore, folder, '')).toEqual({
      cid: folder.toString(),
      kind: 'folder',
      size: undefined
    })
    expect(await statContent(blockstore, folder, 'A big file.bin')).toMatchObject({ kind: 'file', size: 300_000 })
    expect(await statContent(blockstore, sharded, 'entry-1234.txt')).toMatchObject({ kind: 'file', size: 14 })
    await expect(statContent(blockstore, folder, 'docs/none')).rejects.toThrow(NoSuchEntryError)
  })
})
