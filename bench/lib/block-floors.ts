import { createWriteBatcher } from '../../src/store/write-batcher.ts'
import type { Page } from 'playwright-core'

export interface FloorTiming {
  ms: number
  bytes: number
}

/**
 * Fetches every block from the gateway (`GET /ipfs/{cid}?format=raw`), `concurrency` at a time, and drops
 * the bytes: what the network and the browser's fetch can do, with nothing stored or verified. With
 * `inWorker`, the fetches run in a dedicated Worker of the page, as the engine's do (a Worker of a
 * controlled page is a client of its service worker too).
 */
export async function fetchBlocks (
  page: Page,
  gatewayUrl: string,
  cids: string[],
  concurrency: number,
  { inWorker = false } = {}
): Promise<FloorTiming> {
  return page.evaluate(async ({ gatewayUrl, cids, concurrency, inWorker }) => {
    const fetchAll = async (
      { gatewayUrl, cids, concurrency }: { gatewayUrl: string, cids: string[], concurrency: number }
    ) => {
      const t0 = performance.now()
      let next = 0
      let bytes = 0
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < cids.length) {
          const cid = cids[next++]
          const response = await fetch(`${gatewayUrl}/ipfs/${cid}?format=raw`, {
            headers: { Accept: 'application/vnd.ipld.raw' }
          })
          if (!response.ok) throw new Error(`gateway answered ${response.status} for ${cid}`)
          // Awaited first: `bytes += await …` reads `bytes` before the await, and concurrent loops lose updates.
          const length = (await response.arrayBuffer()).byteLength
          bytes += length
        }
      }))
      return { ms: performance.now() - t0, bytes }
    }
    if (!inWorker) return fetchAll({ gatewayUrl, cids, concurrency })
    const source =
      `const fetchAll = ${fetchAll.toString()}; onmessage = async (e) => { try { postMessage(await fetchAll(e.data)) } catch (error) { postMessage({ error: String(error) }) } }`
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })))
    try {
      const result = await new Promise<{ ms: number, bytes: number, error?: string }>((resolve, reject) => {
        worker.onmessage = (event) => {
          resolve(event.data)
        }
        worker.onerror = (event) => {
          reject(new Error(event.message))
        }
        worker.postMessage({ gatewayUrl, cids, concurrency })
      })
      if (result.error !== undefined) throw new Error(result.error)
      return result
    } finally {
      worker.terminate()
    }
  }, { gatewayUrl, cids, concurrency, inWorker })
}

/**
 * Fetches every block into memory (not timed), then times writing them into a fresh IndexedDB database,
 * one transaction per block with `concurrency` in flight (as a blockstore does as blocks arrive): the storage floor.
 */
export async function writeBlocksToIdb (
  page: Page,
  gatewayUrl: string,
  cids: string[],
  concurrency: number
): Promise<FloorTiming> {
  return page.evaluate(async ({ gatewayUrl, cids, concurrency }) => {
    const blocks = await Promise.all(cids.map(async (cid) => {
      const response = await fetch(`${gatewayUrl}/ipfs/${cid}?format=raw`, {
        headers: { Accept: 'application/vnd.ipld.raw' }
      })
      if (!response.ok) throw new Error(`gateway answered ${response.status} for ${cid}`)
      return { cid, bytes: new Uint8Array(await response.arrayBuffer()) }
    }))
    const name = `bench-blocks-${Math.random().toString(36).slice(2)}`
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name, 1)
      open.onupgradeneeded = () => {
        open.result.createObjectStore('blocks')
      }
      open.onsuccess = () => {
        resolve(open.result)
      }
      open.onerror = () => {
        reject(open.error)
      }
    })
    const put = async (cid: string, bytes: Uint8Array) =>
      new Promise<void>((resolve, reject) => {
        const tx = db.transaction('blocks', 'readwrite')
        tx.objectStore('blocks').put(bytes, cid)
        tx.oncomplete = () => {
          resolve()
        }
        tx.onerror = () => {
          reject(tx.error)
        }
      })
    const t0 = performance.now()
    let next = 0
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < blocks.length) {
        const block = blocks[next++]!
        await put(block.cid, block.bytes)
      }
    }))
    const ms = performance.now() - t0
    db.close()
    await new Promise((resolve) => {
      indexedDB.deleteDatabase(name).onsuccess = resolve
    })
    return { ms, bytes: blocks.reduce((sum, block) => sum + block.bytes.length, 0) }
  }, { gatewayUrl, cids, concurrency })
}

/**
 * The engine's own write batching (src/store/write-batcher.ts), as source for the page: the floors that write "the
 * way the engine writes" group the puts that arrive together into one transaction exactly as the engine's
 * BatchingBlockstore does (start 'next-task').
 */
const BATCHER_SOURCE = createWriteBatcher.toString()

/** Opens a fresh database, runs `body` with a batched put, reads every stored byte back (untimed), deletes it. */
const BATCHED_STORE_SOURCE = `async (batcherSource, body) => {
  const createWriteBatcher = new Function('return ' + batcherSource)()
  const name = 'bench-blocks-' + Math.random().toString(36).slice(2)
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1)
    open.onupgradeneeded = () => { open.result.createObjectStore('blocks') }
    open.onsuccess = () => { resolve(open.result) }
    open.onerror = () => { reject(open.error) }
  })
  const put = createWriteBatcher(async (items) => new Promise((resolve, reject) => {
    const tx = db.transaction('blocks', 'readwrite')
    for (const { key, bytes } of items) tx.objectStore('blocks').put(bytes, key)
    tx.oncomplete = () => { resolve(items.map(() => undefined)) }
    tx.onerror = () => { reject(tx.error) }
    tx.onabort = () => { reject(tx.error) }
  }), { start: 'next-task' })
  try {
    const timed = await body(put)
    const stored = await new Promise((resolve, reject) => {
      const request = db.transaction('blocks').objectStore('blocks').getAll()
      request.onsuccess = () => { resolve(request.result) }
      request.onerror = () => { reject(request.error) }
    })
    return { ...timed, bytes: stored.reduce((sum, bytes) => sum + bytes.byteLength, 0), stored: stored.length }
  } finally {
    db.close()
    await new Promise((resolve) => { indexedDB.deleteDatabase(name).onsuccess = resolve })
  }
}`

/**
 * Fetches every block into memory (not timed), then times writing them the way the engine does: `concurrency`
 * writers (as many blocks as the engine has in flight), each awaiting its put, through the engine's batcher, so
 * the blocks that arrive together share a transaction. Bytes: what the database holds afterwards.
 */
export async function writeBlocksBatched (
  page: Page,
  gatewayUrl: string,
  cids: string[],
  concurrency: number
): Promise<FloorTiming & { stored: number }> {
  return page.evaluate(async ({ gatewayUrl, cids, concurrency, batcherSource, storeSource }) => {
    const blocks = await Promise.all(cids.map(async (cid) => {
      const response = await fetch(`${gatewayUrl}/ipfs/${cid}?format=raw`, {
        headers: { Accept: 'application/vnd.ipld.raw' }
      })
      if (!response.ok) throw new Error(`gateway answered ${response.status} for ${cid}`)
      return { key: cid, bytes: new Uint8Array(await response.arrayBuffer()) }
    }))
    // eslint-disable-next-line no-new-func
    const withStore = new Function(`return ${storeSource}`)() as (
      source: string,
      body: (put: (item: { key: string, bytes: Uint8Array }) => Promise<void>) => Promise<{ ms: number }>
    ) => Promise<{ ms: number, bytes: number, stored: number }>
    return withStore(batcherSource, async (put) => {
      const t0 = performance.now()
      let next = 0
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < blocks.length) await put(blocks[next++]!)
      }))
      return { ms: performance.now() - t0 }
    })
  }, { gatewayUrl, cids, concurrency, batcherSource: BATCHER_SOURCE, storeSource: BATCHED_STORE_SOURCE })
}

/**
 * The CAR floor: one request for the whole DAG as a CAR (`?format=car`, dag-scope=all), each block's SHA-256
 * checked against its CID as it arrives (crypto.subtle), and written through the engine's batcher as it is
 * parsed. Timed from the request to the last write committed. What a pin could cost if the engine fetched CARs.
 */
export async function fetchCarAndWrite (
  page: Page,
  carGatewayUrl: string,
  root: string
): Promise<FloorTiming & { stored: number, blocks: number }> {
  return page.evaluate(async ({ carGatewayUrl, root, batcherSource, storeSource }) => {
    // eslint-disable-next-line no-new-func
    const withStore = new Function(`return ${storeSource}`)() as (
      source: string,
      body: (
        put: (item: { key: string, bytes: Uint8Array }) => Promise<void>
      ) => Promise<{ ms: number, blocks: number }>
    ) => Promise<{ ms: number, bytes: number, stored: number, blocks: number }>
    const varint = (bytes: Uint8Array, at: number): [number, number] => {
      let value = 0
      let shift = 0
      for (let i = at; i < bytes.length; i++) {
        const byte = bytes[i] as number
        value += (byte & 0x7f) * 2 ** shift
        if (byte < 0x80) return [value, i + 1 - at]
        shift += 7
      }
      return [Number.NaN, 0]
    }
    return withStore(batcherSource, async (put) => {
      const t0 = performance.now()
      const response = await fetch(`${carGatewayUrl}/ipfs/${root}?format=car`, {
        headers: { Accept: 'application/vnd.ipld.car' }
      })
      if (!response.ok) throw new Error(`CAR request answered ${response.status}`)
      const reader = (response.body as ReadableStream<Uint8Array>).getReader()
      // A growable buffer: bytes [start, end) are not parsed yet (copying the rest on every chunk would cost more than the floor).
      let buffer = new Uint8Array(4 * 1024 * 1024)
      let start = 0
      let end = 0
      let headerDone = false
      let blocks = 0
      const writes: Array<Promise<void>> = []
      const verify = async (cidBytes: Uint8Array, multihashAt: number, bytes: Uint8Array) => {
        const [code, codeLength] = varint(cidBytes, multihashAt)
        const [, lengthLength] = varint(cidBytes, multihashAt + codeLength)
        if (code !== 0x12) throw new Error(`hash 0x${code.toString(16)} is not SHA-256`)
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
        const expected = cidBytes.subarray(multihashAt + codeLength + lengthLength)
        if (digest.length !== expected.length || digest.some((b, i) => b !== expected[i])) {
          throw new Error('a block does not match its CID')
        }
      }
      for (;;) {
        const { done, value } = await reader.read()
        if (value !== undefined) {
          if (end + value.length > buffer.length) {
            const grown = new Uint8Array(Math.max(buffer.length, 2 * (end - start + value.length)))
            grown.set(buffer.subarray(start, end))
            buffer = grown
            end -= start
            start = 0
          }
          buffer.set(value, end)
          end += value.length
        }
        let at = start
        for (;;) {
          const view = buffer.subarray(0, end)
          const [length, lengthBytes] = varint(view, at)
          if (Number.isNaN(length) || end < at + lengthBytes + length) break
          const frame = buffer.subarray(at + lengthBytes, at + lengthBytes + length)
          at += lengthBytes + length
          if (!headerDone) {
            headerDone = true
            continue
          }
          // CIDv0 (a bare sha2-256 multihash) or CIDv1: version, codec, then the multihash.
          let cidLength: number
          let multihashAt: number
          if (frame[0] === 0x12 && frame[1] === 0x20) {
            cidLength = 34
            multihashAt = 0
          } else {
            const [, versionLength] = varint(frame, 0)
            const [, codecLength] = varint(frame, versionLength)
            multihashAt = versionLength + codecLength
            const [, hashCodeLength] = varint(frame, multihashAt)
            const [digestLength, digestLengthLength] = varint(frame, multihashAt + hashCodeLength)
            cidLength = multihashAt + hashCodeLength + digestLengthLength + digestLength
          }
          const cidBytes = frame.slice(0, cidLength)
          const bytes = frame.slice(cidLength)
          blocks++
          writes.push(
            verify(cidBytes, multihashAt, bytes).then(async () =>
              put({ key: Array.from(cidBytes, (b) => b.toString(16).padStart(2, '0')).join(''), bytes })
            )
          )
        }
        start = at
        if (done) break
      }
      await Promise.all(writes)
      return { ms: performance.now() - t0, blocks }
    })
  }, { carGatewayUrl, root, batcherSource: BATCHER_SOURCE, storeSource: BATCHED_STORE_SOURCE })
}
