import { BaseBlockstore } from 'blockstore-core'
import { openDB } from 'idb'
import { base32upper } from 'multiformats/bases/base32'
import { readBlock } from '../blocks/read-block.ts'
import type { AbortOptions } from '@libp2p/interface'
import type { IDBBlockstore } from 'blockstore-idb'
import type { IDBPDatabase } from 'idb'
import type { Pair } from 'interface-blockstore'
import type { CID } from 'multiformats/cid'

interface PendingPut {
  key: string
  bytes: Uint8Array
  done: PromiseWithResolvers<void>
}

/**
 * blockstore-idb writes every block in its own IndexedDB transaction, and Chromium runs a store's write
 * transactions one after another (~5 ms each): fetching 8 blocks at a time then waits on the disk. This
 * store writes the blocks that arrive together in one transaction, in blockstore-idb's own layout (so
 * its reads, and every earlier block, stay valid), and answers reads through it. A put resolves only
 * once its transaction has committed.
 */
export class BatchingBlockstore extends BaseBlockstore {
  readonly #inner: IDBBlockstore
  readonly #db: IDBPDatabase
  readonly #storeName: string
  #pending: PendingPut[] = []
  #flushing = false

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

  override async put (cid: CID, value: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, options?: AbortOptions): Promise<CID> {
    const bytes = value instanceof Uint8Array ? value : await readBlock(value)
    options?.signal?.throwIfAborted()
    const done = Promise.withResolvers<void>()
    // blockstore-idb's key: '/' + the multihash in upper-case base32 (with its multibase prefix).
    this.#pending.push({ key: `/${base32upper.encode(cid.multihash.bytes)}`, bytes, done })
    this.#flushSoon()
    await done.promise
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

  close (): void {
    this.#db.close()
  }

  #flushSoon (): void {
    if (this.#flushing) return
    this.#flushing = true
    // One macrotask later: every block that arrived meanwhile shares the transaction.
    setTimeout(() => { void this.#flush() }, 0)
  }

  async #flush (): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending
      this.#pending = []
      try {
        const tx = this.#db.transaction(this.#storeName, 'readwrite')
        for (const { key, bytes } of batch) void tx.store.put(bytes, key)
        await tx.done
        for (const { done } of batch) done.resolve()
      } catch (error) {
        for (const { done } of batch) done.reject(error)
      }
    }
    this.#flushing = false
  }
}
