import type { Page } from 'playwright-core'

/** One read from inside the page: time to the first chunk of the body, time to its end, its length. */
export interface Read {
  status: number
  firstByteMs: number
  ms: number
  bytes: number
}

/**
 * Fetches each URL in turn from inside the page (relative ones through the service worker), reading the body as
 * a stream: the time to its first chunk and to its end. `cache: 'no-store'`, so no HTTP cache answers.
 */
export async function readUrls (page: Page, urls: string[], headers: Record<string, string> = {}): Promise<Read[]> {
  return page.evaluate(async ({ urls, headers }) => {
    const reads = []
    for (const url of urls) {
      const t0 = performance.now()
      const response = await fetch(url, { cache: 'no-store', headers })
      const reader = (response.body as ReadableStream<Uint8Array>).getReader()
      let first = Number.NaN
      let bytes = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (Number.isNaN(first)) first = performance.now() - t0
        if (done) break
        bytes += value.byteLength
      }
      reads.push({ status: response.status, firstByteMs: first, ms: performance.now() - t0, bytes })
    }
    return reads
  }, { urls, headers })
}

/**
 * The raw IndexedDB read floor: every key read straight from the blockstore's database in the page, `concurrency`
 * at a time, one readonly transaction per block (as blockstore-idb reads), the bytes dropped.
 */
export async function readIdbKeys (
  page: Page,
  database: string,
  keys: string[],
  concurrency: number
): Promise<{ ms: number, bytes: number }> {
  return page.evaluate(async ({ database, keys, concurrency }) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(database)
      open.onsuccess = () => {
        resolve(open.result)
      }
      open.onerror = () => {
        reject(open.error)
      }
    })
    try {
      const get = async (key: string) =>
        new Promise<Uint8Array>((resolve, reject) => {
          const request = db.transaction(database, 'readonly').objectStore(database).get(key)
          request.onsuccess = () => {
            resolve(request.result as Uint8Array)
          }
          request.onerror = () => {
            reject(request.error)
          }
        })
      const t0 = performance.now()
      let next = 0
      let bytes = 0
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < keys.length) {
          const value = await get(keys[next++] as string)
          if (value === undefined) throw new Error('a block is missing from the blockstore')
          bytes += value.byteLength
        }
      }))
      return { ms: performance.now() - t0, bytes }
    } finally {
      db.close()
    }
  }, { database, keys, concurrency })
}

/** Imports files the page fetches from the bytes server, waits until the import's pin is pinned. */
export async function importFromServer (
  page: Page,
  bytesOrigin: string,
  files: Array<{ path: string, size: number, seed: number }>,
  timeoutMs: number
): Promise<{ cid: string, ms: number }> {
  return page.evaluate(async ({ bytesOrigin, files, timeoutMs }) => {
    const service = window.pinningService!
    const t0 = performance.now()
    const picked = []
    for (const { path, size, seed } of files) {
      const response = await fetch(`${bytesOrigin}/random?size=${size}&seed=${seed}`)
      picked.push({ path, file: await response.blob() })
    }
    const imported = await service.imports.importFiles(picked, { reuse: false })
    const requestid = imported.pins[0]!.requestid
    while ((await service.pins.get(requestid)).status !== 'pinned') {
      if (performance.now() - t0 > timeoutMs) {
        throw new Error(`import ${imported.cid} was not pinned in ${timeoutMs} ms`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    return { cid: imported.cid, ms: performance.now() - t0 }
  }, { bytesOrigin, files, timeoutMs })
}
