import { MemoryBlockstore } from 'blockstore-core'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { afterEach, expect, test } from 'vitest'
import { roomWatch } from '../../src/engine/room-watch.ts'
import {
  PinNeedsStorageError,
  RECORDS_RESERVE_BYTES,
  StorageFullError,
  notEnoughStorage
} from '../../src/engine/storage-room.ts'
import type { CID } from 'multiformats/cid'

const MiB = 1024 * 1024
const realStorage = Object.getOwnPropertyDescriptor(navigator, 'storage')
afterEach(() => {
  if (realStorage === undefined) delete (navigator as { storage?: unknown }).storage
  else Object.defineProperty(navigator, 'storage', realStorage)
})

/** The browser's storage figures, as a test decides them. */
function figures (quota: number, usage: number): void {
  Object.defineProperty(navigator, 'storage', {
    configurable: true,
    value: { estimate: async () => ({ quota, usage }) }
  })
}

async function dagOf (size: number): Promise<{ blockstore: MemoryBlockstore, root: CID }> {
  const blockstore = new MemoryBlockstore()
  let root: CID | undefined
  for await (
    const entry of importer([{ content: new Uint8Array(size).map((_, i) => i % 251) }], blockstore, {
      chunker: fixedSize({ chunkSize: MiB }),
      rawLeaves: true,
      cidVersion: 1
    })
  ) root = entry.cid
  return { blockstore, root: root! }
}

const settled = async (signal: AbortSignal) => {
  for (let i = 0; i < 50 && !signal.aborted; i++) await new Promise((resolve) => setTimeout(resolve, 2))
}

test('a DAG whose root declares more than the room left is given up as soon as the root is here', async () => {
  const { blockstore, root } = await dagOf(60 * MiB)
  figures(30 * MiB, 2 * MiB)
  const watch = roomWatch({ blockstore: blockstore as never }, root)
  watch.check(1000)
  await settled(watch.signal)
  expect(watch.signal.reason).toBeInstanceOf(PinNeedsStorageError)
  const reason = watch.signal.reason as PinNeedsStorageError
  expect(reason.neededBytes).toBeGreaterThan(60 * MiB)
  expect(notEnoughStorage(reason)).toBe(
    'Not enough storage: The browser allows 30 MiB for this site and 2.0 MiB are used; this DAG needs at least 60 MiB. Free space by deleting pins, or ask the browser to keep more for this site (Storage).'
  )
})

test('a DAG that fits goes on; once the room runs out while it arrives, the attempt stops before the browser refuses', async () => {
  // Its root says how big it is: once the room left is less than what is still to come, it cannot fit.
  const { blockstore, root } = await dagOf(10 * MiB)
  figures(100 * MiB, 10 * MiB)
  const watch = roomWatch({ blockstore: blockstore as never }, root)
  watch.check(MiB)
  await settled(watch.signal)
  expect(watch.signal.aborted).toBe(false)
  figures(100 * MiB, 100 * MiB - RECORDS_RESERVE_BYTES + 1)
  watch.check(2 * MiB) // not due yet: read again only every few MiB
  await settled(watch.signal)
  expect(watch.signal.aborted).toBe(false)
  watch.check(10 * MiB)
  await settled(watch.signal)
  expect(watch.signal.reason).toBeInstanceOf(PinNeedsStorageError)
})

test('a DAG that says nothing of its size is stopped when the site\'s room has run out', async () => {
  const { blockstore } = await dagOf(MiB)
  const dagCbor = await import('@ipld/dag-cbor')
  const { sha256 } = await import('multiformats/hashes/sha2')
  const { CID } = await import('multiformats/cid')
  const bytes = dagCbor.encode({ note: 'links to anything' })
  const root = CID.createV1(dagCbor.code, await sha256.digest(bytes))
  await blockstore.put(root, bytes)
  figures(100 * MiB, 100 * MiB - RECORDS_RESERVE_BYTES + 1)
  const watch = roomWatch({ blockstore: blockstore as never }, root)
  watch.check(1000)
  await settled(watch.signal)
  expect(watch.signal.reason).toBeInstanceOf(StorageFullError)
})
