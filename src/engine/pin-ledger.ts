import * as cborg from 'cborg'
import { openDB } from 'idb'
import { base36 } from 'multiformats/bases/base36'
import { CID } from 'multiformats/cid'
import { equals } from 'multiformats/bytes'
import type { IDBPDatabase, IDBPObjectStore } from 'idb'

/** Helia's record of a block held by pins: how many roots hold it, and which. */
interface PinnedBlock {
  pinCount: number
  pinnedBy: Uint8Array[]
}

/**
 * Helia's pins, kept in Helia's own datastore layout (so `helia.pins.ls/get/isPinned` read them) but written
 * by the engine: each DAG is pinned or unpinned in one IndexedDB transaction.
 *
 * Why not `helia.pins.add/rm` (Helia 7.1.15): its `rm` keeps the removed root in each block's `pinnedBy`
 * and drops every other, so a DAG pinned again later is not counted on the blocks it shares, and those
 * blocks are collected under it; its per-block read-modify-write in separate transactions loses counts
 * when two DAGs pin at once; and it costs three transactions per block. Here a DAG's blocks and its pin
 * change together or not at all, IndexedDB serialises the transactions, and `pinCount` is `pinnedBy`'s size.
 */
export interface PinLedger {
  /** Records `root` as pinned, holding every block in `blocks` (the whole DAG, all local). No-op if pinned. */
  pin(root: CID, blocks: Iterable<CID>): Promise<void>
  /** Removes the pin of `root` from every block in `blocks` (its DAG as stored). No-op if not pinned. */
  unpin(root: CID, blocks: Iterable<CID>): Promise<void>
  isPinned(root: CID): Promise<boolean>
  /** Whether any pin holds this block. */
  holds(block: CID): Promise<boolean>
  /** Whether the block records were last rebuilt by this version of the ledger (see `rebuild`). */
  isCurrent(): Promise<boolean>
  /** Every pinned root. */
  roots(): Promise<CID[]>
  /**
   * Rewrites every block record from `dags` (each pinned root with its blocks as stored) in one transaction,
   * and marks the records current. Records written by Helia's own `pins.rm` may name the wrong roots.
   */
  rebuild(dags: Array<{ root: CID, blocks: Iterable<CID> }>): Promise<void>
  close(): void
}

const PIN_PREFIX = '/pin/'
const BLOCK_PREFIX = '/pinned-block/'
/** Not a key Helia reads: which ledger version last rebuilt the block records. */
const VERSION_KEY = '/pin-ledger/version'
const VERSION = 1
const below = (prefix: string) => IDBKeyRange.bound(prefix, `${prefix}\uffff`)

type Store = IDBPObjectStore<unknown, [string], string, 'readwrite'>

/** Opens a connection to datastore-idb's database `location` (the store Helia's datastore uses; it must exist). */
export async function openPinLedger (location: string): Promise<PinLedger> {
  const db: IDBPDatabase = await openDB(location)
  const pinKey = (root: CID) => `${PIN_PREFIX}${root.toV1().toString(base36)}`
  const blockKey = (block: CID) => `${BLOCK_PREFIX}${base36.encode(block.multihash.bytes)}`

  /** Distinct block keys: a DAG may link one block many times (repeated chunks), it is counted once. */
  const keysOf = (blocks: Iterable<CID>) => new Set([...blocks].map(blockKey))

  async function change (root: CID, blocks: Iterable<CID>, pinning: boolean): Promise<void> {
    const keys = keysOf(blocks)
    const tx = db.transaction(location, 'readwrite')
    // Watched from the start: if a request fails first, the transaction's own failure is the same one.
    tx.done.catch(() => {})
    const store = tx.store as unknown as Store
    const pinned = await store.getKey(pinKey(root)) !== undefined
    if (pinned === pinning) {
      await tx.done
      return
    }
    // Every request is issued before any is awaited: the transaction stays open and they run in order.
    const updates = [...keys].map(async (key) => {
      const record = decode(await store.get(key))
      const others = record.pinnedBy.filter((by) => !equals(by, root.bytes))
      const pinnedBy = pinning ? [...others, root.bytes] : others
      if (pinnedBy.length === 0) await store.delete(key)
      else await store.put(cborg.encode({ pinCount: pinnedBy.length, pinnedBy } satisfies PinnedBlock), key)
    })
    const own = pinning
      ? store.put(cborg.encode({ depth: Infinity, metadata: {} }), pinKey(root))
      : store.delete(pinKey(root))
    try {
      await Promise.all([...updates, own])
    } catch (error) {
      // A record that cannot be read (or written) leaves the whole DAG as it was.
      tx.abort()
      await tx.done.catch(() => {})
      throw error
    }
    await tx.done
  }

  return {
    pin: async (root, blocks) => change(root, blocks, true),
    unpin: async (root, blocks) => change(root, blocks, false),
    isPinned: async (root) => await db.getKey(location, pinKey(root)) !== undefined,
    holds: async (block) => await db.getKey(location, blockKey(block)) !== undefined,
    isCurrent: async () => {
      const version = await db.get(location, VERSION_KEY)
      return version instanceof Uint8Array && cborg.decode(version) === VERSION
    },
    roots: async () =>
      (await db.getAllKeys(location, below(PIN_PREFIX)))
        .map((key) => CID.parse(String(key).slice(PIN_PREFIX.length), base36)),
    async rebuild (dags) {
      const holders = new Map<string, Uint8Array[]>()
      for (const { root, blocks } of dags) {
        for (const key of keysOf(blocks)) holders.set(key, [...holders.get(key) ?? [], root.bytes])
      }
      const tx = db.transaction(location, 'readwrite')
      const store = tx.store as unknown as Store
      const writes = [
        store.delete(below(BLOCK_PREFIX) as unknown as string),
        ...[...holders].map(async ([key, pinnedBy]) =>
          store.put(cborg.encode({ pinCount: pinnedBy.length, pinnedBy } satisfies PinnedBlock), key)
        ),
        store.put(cborg.encode(VERSION), VERSION_KEY)
      ]
      await Promise.all([...writes, tx.done])
    },
    close: () => {
      db.close()
    }
  }
}

function decode (value: unknown): PinnedBlock {
  if (!(value instanceof Uint8Array)) return { pinCount: 0, pinnedBy: [] }
  const record = cborg.decode(value) as Partial<PinnedBlock>
  return { pinCount: record.pinCount ?? 0, pinnedBy: record.pinnedBy ?? [] }
}
