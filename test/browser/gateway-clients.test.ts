import { createHash } from 'node:crypto'
import { CarReader } from '@ipld/car'
import { unixfs } from '@helia/unixfs'
import { importer } from 'ipfs-unixfs-importer'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { gatewayOnlyHelia } from '../fixtures/gateway-only-helia.ts'
import { fetchWithVerifiedFetch } from '../gateway-clients/verified-fetch-client.ts'
import { launchBrowser } from '../support/chromium.ts'
import { startPageBridge } from '../support/page-bridge.ts'
import { openServicePage } from '../support/service-page.ts'
import { someBytes } from '../support/ui-content.ts'
import type { BrowserSession } from '../support/chromium.ts'
import type { PageBridge } from '../support/page-bridge.ts'
import type { MemoryBlockstore } from 'blockstore-core'
import type { Page } from 'playwright-core'

/**
 * Real IPFS clients fetch from the page's gateway through a loopback bridge that replays each request inside
 * the page (so it goes through the service worker): Node Helia's trustless-gateway block broker, @helia/verified-fetch,
 * and @ipld/car's reader. Each checks every block against its CID.
 */
const BIG = 50 * 1024 * 1024
const FILES = 1000
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const fileName = (i: number) => `${String(i).padStart(4, '0')}.txt`
const fileBytes = (i: number) => someBytes(500 + (i * 37) % 1500, 1000 + i)

let browser: BrowserSession
let page: Page
let bridge: PageBridge
let bigCid: string
let folder: { root: string, cids: Set<string> }
const bigBytes = someBytes(BIG, 11)

/** The blocks of content imported as the page imports it. */
async function imported (
  candidates: Array<{ path?: string, content: Uint8Array }>,
  wrap: boolean
): Promise<{ root: string, cids: Set<string> }> {
  const cids = new Set<string>()
  const store = {
    put: async (cid: CID) => {
      cids.add(cid.toString())
      return cid
    }
  }
  let root: CID | undefined
  for await (
    const entry of importer(candidates, store as unknown as MemoryBlockstore, {
      profile: 'unixfs-v1-2025',
      cidVersion: 1,
      rawLeaves: true,
      wrapWithDirectory: wrap
    })
  ) root = entry.cid
  return { root: root!.toString(), cids }
}

beforeAll(async () => {
  browser = await launchBrowser()
  page = await openServicePage(browser.context)
  // Made in the page with the same generator as in Node (50 MiB would be slow to send in).
  const roots = await page.evaluate(async ({ big, files }) => {
    const make = (size: number, seed: number) => {
      const bytes = new Uint8Array(size)
      let state = seed * 2654435761 >>> 0
      for (let i = 0; i < size; i++) {
        state = (state * 1664525 + 1013904223) >>> 0
        bytes[i] = state >>> 24
      }
      return bytes
    }
    const service = window.pinningService!
    const one = await service.imports.importFiles([{ path: 'big.bin', file: new Blob([make(big, 11)]) }])
    const many = await service.imports.importFiles(
      Array.from(
        { length: files },
        (_, i) => ({
          path: `folder/${String(i).padStart(4, '0')}.txt`,
          file: new Blob([make(500 + (i * 37) % 1500, 1000 + i)])
        })
      )
    )
    for (const request of [one.pins[0]!, many.pins[0]!]) {
      while ((await service.pins.get(request.requestid)).status !== 'pinned') {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    return { big: one.cid, folder: many.cid }
  }, { big: BIG, files: FILES })
  bigCid = roots.big
  folder = await imported(
    Array.from({ length: FILES }, (_, i) => ({ path: `folder/${fileName(i)}`, content: fileBytes(i) })),
    true
  )
  expect(roots.folder).toBe(folder.root)
  bridge = await startPageBridge(page)
}, 180_000)

afterAll(async () => {
  await bridge?.close()
  await browser?.dispose()
})

test(
  'Node Helia, with the page as its only trustless gateway, fetches a 50 MiB file and a 1,000-file folder, every block verified',
  async () => {
    const { helia, blockstore } = await gatewayOnlyHelia(bridge.origin)
    try {
      for (const root of [bigCid, folder.root]) {
        for await (const pinned of helia.pins.add(CID.parse(root), { signal: AbortSignal.timeout(120_000) })) {
          void pinned
        }
      }
      const held = new Set<string>()
      for await (const { cid } of blockstore.getAll()) held.add(cid.multihash.toString())
      const expected = new Set(
        [...folder.cids, ...(await imported([{ content: bigBytes }], false)).cids].map((cid) =>
          CID.parse(cid).multihash.toString()
        )
      )
      expect(held).toEqual(expected)
      const parts: Uint8Array[] = []
      for await (const chunk of unixfs(helia).cat(CID.parse(bigCid), { offline: true })) parts.push(chunk)
      expect(sha256(Buffer.concat(parts))).toBe(sha256(bigBytes))
    } finally {
      await helia.stop()
    }
  },
  240_000
)

test('@helia/verified-fetch in Node, pointed at the page as its gateway, returns the same bytes', async () => {
  const folderFile = 500
  const run = await fetchWithVerifiedFetch(bridge.origin, [
    `ipfs://${bigCid}`,
    `ipfs://${folder.root}/folder/${fileName(folderFile)}`
  ])
  expect(run.outbound).toEqual([])
  expect(run.answers.map(({ status, length, sha256 }) => ({ status, length, sha256 }))).toEqual([
    { status: 200, length: BIG, sha256: sha256(bigBytes) },
    { status: 200, length: fileBytes(folderFile).length, sha256: sha256(fileBytes(folderFile)) }
  ])
}, 240_000)

test('@ipld/car reads the folder\'s CAR: exactly its blocks, each hashing to its CID', async () => {
  const response = await fetch(`${bridge.origin}/ipfs/${folder.root}?format=car`)
  expect(response.headers.get('content-type')).toBe('application/vnd.ipld.car; version=1; order=dfs; dups=n')
  const reader = await CarReader.fromBytes(new Uint8Array(await response.arrayBuffer()))
  expect((await reader.getRoots()).map(String)).toEqual([folder.root])
  const seen = new Set<string>()
  for await (const block of reader.blocks()) {
    expect(createHash('sha256').update(block.bytes).digest('hex')).toBe(
      Buffer.from(block.cid.multihash.digest).toString('hex')
    )
    seen.add(block.cid.toString())
  }
  expect(seen).toEqual(folder.cids)
})
