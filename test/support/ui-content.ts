import { createHash } from 'node:crypto'
import { CarWriter } from '@ipld/car/writer'
import { MemoryBlockstore } from 'blockstore-core'
import { importer } from 'ipfs-unixfs-importer'
import type { CID } from 'multiformats/cid'

/** The same import settings as the page's: the CIDs a person should get for the same bytes. */
const OPTIONS = { profile: 'unixfs-v1-2025', cidVersion: 1, rawLeaves: true } as const

/** Deterministic bytes that do not compress or repeat. */
export function someBytes (size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size)
  let state = seed * 2654435761 >>> 0
  for (let i = 0; i < size; i++) {
    state = (state * 1664525 + 1013904223) >>> 0
    bytes[i] = state >>> 24
  }
  return bytes
}

export function sha256Hex (bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** The root CID of these files imported as the page does (one file alone, or wrapped in a directory). */
export async function expectedCid (files: Record<string, Uint8Array>): Promise<string> {
  const entries = Object.entries(files)
  const wrap = entries.length !== 1 || entries[0]![0].includes('/')
  let root: CID | undefined
  for await (
    const entry of importer(entries.map(([path, content]) => ({ path, content })), new MemoryBlockstore(), {
      ...OPTIONS,
      wrapWithDirectory: wrap
    })
  ) root = entry.cid
  return root!.toString()
}

/** A CAR file of one UnixFS file, its root, and its blocks in the order written. */
export async function carOf (bytes: Uint8Array): Promise<{ car: Uint8Array, root: string, blocks: string[] }> {
  // Records each block with its real CID (a memory blockstore keys by multihash and forgets the codec).
  const written = new Map<string, { cid: CID, bytes: Uint8Array }>()
  const store = {
    put: async (cid: CID, block: Uint8Array) => {
      written.set(cid.toString(), { cid, bytes: block })
      return cid
    }
  }
  let root: CID | undefined
  for await (const entry of importer([{ content: bytes }], store, OPTIONS)) root = entry.cid
  const { writer, out } = CarWriter.create([root!])
  const collected = (async () => {
    const chunks: Uint8Array[] = []
    for await (const chunk of out) chunks.push(chunk)
    return new Uint8Array(Buffer.concat(chunks))
  })()
  for (const block of written.values()) await writer.put(block)
  await writer.close()
  return { car: await collected, root: root!.toString(), blocks: [...written.keys()] }
}

/** SHA-256 (hex) of what the page's node holds for `cid`, read from local storage only. */
export { sha256InPage as sha256Held } from './engine-helpers.ts'
