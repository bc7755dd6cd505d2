import { BaseBlockstore } from 'blockstore-core'
import { openDB } from 'idb'
import { base32upper } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import * as Digest from 'multiformats/hashes/digest'
import { StorageFullError, isQuotaError } from './storage-room.ts'
import { readBlock } from '../blocks/read-block.ts'
import type { AbortOptions } from '@libp2p/interface'
import type { IDBBlockstore } from 'blockstore-idb'
import type { IDBPDatabase } from 'idb'
import type { Pair } from 'interface-blockstore'

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
  readonly #refusedListeners = new Set<() => void>()

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

  /** Every block stored, by multihash (as raw CIDs: the store keeps no codec), read a batch of keys at a time. */
  async * storedBlocks (batch = 1000): AsyncGenerator<CID> {
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
    return () => { this.#refusedListeners.delete(listener) }
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
        await this.#write(batch)
        for (const { done } of batch) done.resolve()
      } catch (error) {
        if (!isQuotaError(error)) {
          for (const { done } of batch) done.reject(error)
          continue
        }
        for (const listener of this.#refusedListeners) listener()
        // One pin's big blocks must not fail another pin's small one that shared the transaction: each alone.
        for (const put of batch) {
          try {
            if (batch.length === 1) throw error
            await this.#write([put])
            put.done.resolve()
          } catch (single) {
            put.done.reject(isQuotaError(single) ? new StorageFullError(undefined, { cause: single }) : single)
          }
        }
      }
    }
    this.#flushing = false
  }

  async #write (puts: PendingPut[]): Promise<void> {
    const tx = this.#db.transaction(this.#storeName, 'readwrite')
    // Each request's failure is the transaction's: `done` reports it once (unwatched, they would be uncaught).
    for (const { key, bytes } of puts) tx.store.put(bytes, key).catch(() => {})
    await tx.done
  }
}
