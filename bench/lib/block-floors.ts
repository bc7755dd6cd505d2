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
export async function fetchBlocks (page: Page, gatewayUrl: string, cids: string[], concurrency: number, { inWorker = false } = {}): Promise<FloorTiming> {
  return page.evaluate(async ({ gatewayUrl, cids, concurrency, inWorker }) => {
    const fetchAll = async ({ gatewayUrl, cids, concurrency }: { gatewayUrl: string, cids: string[], concurrency: number }) => {
      const t0 = performance.now()
      let next = 0
      let bytes = 0
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < cids.length) {
          const cid = cids[next++]
          const response = await fetch(`${gatewayUrl}/ipfs/${cid}?format=raw`, { headers: { Accept: 'application/vnd.ipld.raw' } })
          if (!response.ok) throw new Error(`gateway answered ${response.status} for ${cid}`)
          // Awaited first: `bytes += await …` reads `bytes` before the await, and concurrent loops lose updates.
          const length = (await response.arrayBuffer()).byteLength
          bytes += length
        }
      }))
      return { ms: performance.now() - t0, bytes }
    }
    if (!inWorker) return fetchAll({ gatewayUrl, cids, concurrency })
    const source = `const fetchAll = ${fetchAll.toString()}; onmessage = async (e) => { try { postMessage(await fetchAll(e.data)) } catch (error) { postMessage({ error: String(error) }) } }`
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })))
    try {
      const result = await new Promise<{ ms: number, bytes: number, error?: string }>((resolve, reject) => {
        worker.onmessage = (event) => { resolve(event.data) }
        worker.onerror = (event) => { reject(new Error(event.message)) }
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
export async function writeBlocksToIdb (page: Page, gatewayUrl: string, cids: string[], concurrency: number): Promise<FloorTiming> {
  return page.evaluate(async ({ gatewayUrl, cids, concurrency }) => {
    const blocks = await Promise.all(cids.map(async (cid) => {
      const response = await fetch(`${gatewayUrl}/ipfs/${cid}?format=raw`, { headers: { Accept: 'application/vnd.ipld.raw' } })
      if (!response.ok) throw new Error(`gateway answered ${response.status} for ${cid}`)
      return { cid, bytes: new Uint8Array(await response.arrayBuffer()) }
    }))
    const name = `bench-blocks-${Math.random().toString(36).slice(2)}`
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(name, 1)
      open.onupgradeneeded = () => { open.result.createObjectStore('blocks') }
      open.onsuccess = () => { resolve(open.result) }
      open.onerror = () => { reject(open.error) }
    })
    const put = async (cid: string, bytes: Uint8Array) => new Promise<void>((resolve, reject) => {
      const tx = db.transaction('blocks', 'readwrite')
      tx.objectStore('blocks').put(bytes, cid)
      tx.oncomplete = () => { resolve() }
      tx.onerror = () => { reject(tx.error) }
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
    await new Promise((resolve) => { indexedDB.deleteDatabase(name).onsuccess = resolve })
    return { ms, bytes: blocks.reduce((sum, block) => sum + block.bytes.length, 0) }
  }, { gatewayUrl, cids, concurrency })
}
