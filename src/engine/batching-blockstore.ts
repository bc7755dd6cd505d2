import { BaseBlockstore } from 'blockstore-core'
import { openDB } from 'idb'
import { base32upper } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import { StorageFullError, isQuotaError } from './storage-room.ts'
import { createWriteBatcher } from '../store/write-batcher.ts'
import { readBlock } from '../blocks/read-block.ts'
import type { AbortOptions } from '@libp2p/interface'
import type { IDBBlockstore } from 'blockstore-idb'
import type { IDBPDatabase } from 'idb'
import type { Pair } from 'interface-blockstore'

/**
 * blockstore-idb writes every block in its own IndexedDB transaction, and Chromium runs a store's write
 * transactions one after another (~5 ms each): fetching many blocks at once (BLOCK_CONCURRENCY in
 * fetch-dag.ts) then waits on the disk. This store writes the blocks that arrive together in one transaction,
 * in blockstore-idb's own layout (so its reads, and every earlier block, stay valid), and answers reads
 * through it. A put resolves only once its transaction has committed.
 */
export class BatchingBlockstore extends BaseBlockstore {
  readonly #inner: IDBBlockstore
  readonly #db: IDBPDatabase
  readonly #storeName: string
  readonly #refusedListeners = new Set<() => void>()
  // One macrotask later: every block that arrived meanwhile shares the transaction. A shared transaction the
  // browser refuses is written again block by block, so one pin's big blocks do not fail another's small one.
  readonly #putOne = createWriteBatcher<{ key: string, bytes: Uint8Array }, void>(async (puts) => this.#write(puts), {
    start: 'next-task'
  })

  private constructor (inner: IDBBlockstore, db: IDBPDatabase, storeName: string) {
    super()
    this.#inner = inner
    this.#db = db
    this.#storeName = storeName
  }

  /** Opens a second connection to the database `inner` uses (it must be open), for the batched writes. */
  static async over (inner: IDBBlockstore, location: string): Promise<BatchingBlockstore> {
    const db = await openDB(location)
    return new BatchingBlockstore(inner, db, location)
  }

  override async put (
    cid: CID,
    value: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    options?: AbortOptions
  ): Promise<CID> {
    const bytes = value instanceof Uint8Array ? value : await readBlock(value)
    options?.signal?.throwIfAborted()
    // blockstore-idb's key: '/' + the multihash in upper-case base32 (with its multibase prefix).
    await this.#putOne({ key: `/${base32upper.encode(cid.multihash.bytes)}`, bytes })
    return cid
  }

  override get (cid: CID, options?: AbortOptions): AsyncGenerator<Uint8Array> | Generator<Uint8Array> {
    return this.#inner.get(cid, options)
  }

  override async has (cid: CID, options?: AbortOptions): Promise<boolean> {
    return this.#inner.has(cid, options)
  }

  override async delete (cid: CID, options?: AbortOptions): Promise<void> {
    await this.#inner.delete(cid, options)
  }

  override getAll (options?: AbortOptions): AsyncGenerator<Pair> | Generator<Pair> {
    return this.#inner.getAll(options)
  }

  /** Every block stored, by multihash (as raw CIDs: the store keeps no codec), read a batch of keys at a time. */
  async *storedBlocks (batch = 1000): AsyncGenerator<CID> {
    let after: string | undefined
    for (;;) {
      const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true)
      const keys = await this.#db.getAllKeys(this.#storeName, range, batch) as string[]
      for (const key of keys) yield CID.createV1(raw.code, Digest.decode(base32upper.decode(key.slice(1))))
      if (keys.length < batch) return
      after = keys.at(-1)
    }
  }

  /** Told each time the browser refuses a block for lack of storage. */
  onRefused (listener: () => void): () => void {
    this.#refusedListeners.add(listener)
    return () => {
      this.#refusedListeners.delete(listener)
    }
  }

  close (): void {
    this.#db.close()
  }

  /** Writes blocks in one transaction; a refusal for lack of storage is told, and becomes a StorageFullError. */
  async #write (puts: Array<{ key: string, bytes: Uint8Array }>): Promise<void[]> {
    try {
      const tx = this.#db.transaction(this.#storeName, 'readwrite')
      // Each request's failure is the transaction's: `done` reports it once (unwatched, they would be uncaught).
      for (const { key, bytes } of puts) tx.store.put(bytes, key).catch(() => {})
      await tx.done
      return puts.map(() => undefined)
    } catch (error) {
      if (!isQuotaError(error)) throw error
      for (const listener of this.#refusedListeners) listener()
      throw new StorageFullError(undefined, { cause: error })
    }
  }
}
