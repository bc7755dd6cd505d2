import { base32upper } from 'multiformats/bases/base32'
import { CID } from 'multiformats/cid'
import { expect } from 'vitest'
import { dagBlocks } from '../fixtures/dag-blocks.ts'
import { fetchInPage } from './service-page.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { EngineConfig } from '../../src/index.ts'
import type { Page } from 'playwright-core'

/** Engine settings that reach only the network in a box (routing; gateways and peers it names). */
export function networkSettings (network: IpfsNetwork, changes: Partial<EngineConfig> = {}): Partial<EngineConfig> {
  return {
    gateways: [],
    routers: [network.routingUrl],
    allowInsecure: true,
    libp2p: 'auto',
    pinTimeoutMs: 60_000,
    ...changes
  }
}

export async function postPin (page: Page, token: string, pin: Record<string, unknown>): Promise<any> {
  const response = await fetchInPage(page, '/api/v1/pins', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: JSON.stringify(pin)
  })
  if (response.status !== 202) throw new Error(`POST /pins answered ${response.status}: ${response.body}`)
  return JSON.parse(response.body)
}

export async function getPin (page: Page, token: string, requestid: string): Promise<any> {
  const response = await fetchInPage(page, `/api/v1/pins/${requestid}`, {
    headers: { Authorization: `Bearer ${token}` }
  })
  return { httpStatus: response.status, ...JSON.parse(response.body) }
}

/** Polls GET /pins/{id} (as Kubo does) until the status is one of `wanted`; fails on any other end state. */
export async function waitForStatus (
  page: Page,
  token: string,
  requestid: string,
  wanted: string | string[],
  timeoutMs = 45_000
): Promise<any> {
  const states = Array.isArray(wanted) ? wanted : [wanted]
  const until = Date.now() + timeoutMs
  let last: any
  while (Date.now() < until) {
    last = await getPin(page, token, requestid)
    if (states.includes(last.status)) return last
    if (last.status === 'failed' || last.httpStatus !== 200) {
      throw new Error(`pin ${requestid} ended ${JSON.stringify(last)}, wanted ${states.join('|')}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`pin ${requestid} still ${JSON.stringify(last)} after ${timeoutMs} ms, wanted ${states.join('|')}`)
}

export { dagBlocks }

/** The node's stored blocks, as blockstore-idb keys them (by multihash), read straight from IndexedDB. */
export async function storedBlocks (page: Page): Promise<string[]> {
  const keys = await page.evaluate(async () =>
    new Promise<string[]>((resolve, reject) => {
      const request = indexedDB.open('in-page-pinning-service-blocks')
      request.onerror = () => {
        reject(request.error)
      }
      request.onsuccess = () => {
        const db = request.result
        const name = db.objectStoreNames[0]!
        const all = db.transaction(name).objectStore(name).getAllKeys()
        all.onsuccess = () => {
          resolve(all.result.map(String))
          db.close()
        }
        all.onerror = () => {
          reject(all.error)
        }
      }
    })
  )
  return keys.sort()
}

const keyOf = (cid: string) => `/${base32upper.encode(CID.parse(cid).multihash.bytes)}`

/** Exactly the blocks of these DAGs are stored (waiting for a collection): none lost under a pin, none left over. */
export async function expectStoredExactly (page: Page, network: IpfsNetwork, roots: string[]): Promise<void> {
  const wanted = new Set((await Promise.all(roots.map(async (root) => dagBlocks(network, root)))).flat().map(keyOf))
  await expect.poll(async () => storedBlocks(page), { timeout: 20_000 }).toEqual([...wanted].sort())
}

/** Which of these blocks the page's node stores locally. */
export async function blocksHeld (page: Page, cids: string[]): Promise<string[]> {
  return page.evaluate(async (cids) => {
    const held: string[] = []
    for (const cid of cids) if (await window.pinningService!.content.has(cid)) held.push(cid)
    return held
  }, cids)
}

/** SHA-256 (hex) of a file read back from the page's own storage, never the network. */
export async function sha256InPage (page: Page, cid: string): Promise<string> {
  return page.evaluate(async (cid) => {
    const parts: Uint8Array[] = []
    for await (const chunk of window.pinningService!.content.read(cid)) parts.push(chunk)
    const digest = await crypto.subtle.digest('SHA-256', await new Blob(parts as BlobPart[]).arrayBuffer())
    return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
  }, cid)
}
