import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { car } from '@helia/car'
import { unixfs } from '@helia/unixfs'
import { CarReader } from '@ipld/car/reader'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { createHeliaLight } from 'helia'
import { CID } from 'multiformats/cid'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { randomBytes } from '../fixtures/random-bytes.ts'
import { launchBrowser } from '../support/chromium.ts'
import { dagBlocks, networkSettings, sha256InPage } from '../support/engine-helpers.ts'
import { openServicePage } from '../support/service-page.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { BrowserSession } from '../support/chromium.ts'
import type { Pin, PinStatus } from '../../src/index.ts'
import type { Page } from 'playwright-core'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const ALL = ['queued', 'pinning', 'pinned', 'failed'] as const

let network: IpfsNetwork
const sessions: BrowserSession[] = []
beforeAll(async () => {
  network = await startIpfsNetwork()
})
afterAll(async () => {
  for (const session of sessions) await session.dispose()
  await network.stop()
})

async function newProfile (engine?: Parameters<typeof openServicePage>[1]): Promise<Page> {
  const session = await launchBrowser()
  sessions.push(session)
  return openServicePage(session.context, engine)
}

async function records (page: Page): Promise<PinStatus[]> {
  return page.evaluate(
    async (statuses) => (await window.pinningService!.pins.list({ statuses: [...statuses], limit: 1000 })).results,
    ALL
  )
}

async function collect (chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const all: Uint8Array[] = []
  for await (const chunk of chunks) all.push(chunk)
  return all
}

const comparable = (statuses: PinStatus[]) =>
  statuses.map(({ pin }) => pin).sort((a, b) => `${a.cid}${a.name ?? ''}`.localeCompare(`${b.cid}${b.name ?? ''}`))

/** Downloads a URL of the page as a person does (a link): the browser writes it to disk. */
async function download (page: Page, url: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate((href) => {
      // No download attribute: Chromium sends those past the service worker. The answer's Content-Disposition
      // (attachment) makes the navigation a download, and navigations do reach the worker.
      const link = Object.assign(document.createElement('a'), { href })
      document.body.append(link)
      link.click()
      link.remove()
    }, url)
  ])
  const path = await file.path()
  if (path === null) throw new Error(`the download failed: ${await file.failure()}`)
  return path
}

/** Restores a file from disk through a file input, as the page's Restore does. */
async function restore (page: Page, path: string) {
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', id: 'restore-input' })
    document.body.append(input)
  })
  await page.locator('#restore-input').setInputFiles(path)
  return page.evaluate(async () => {
    const input = document.querySelector<HTMLInputElement>('#restore-input')!
    const started = performance.now()
    const report = await window.pinningService!.backup.restore(input.files![0]!)
    input.remove()
    return { report, ms: performance.now() - started }
  })
}

test(
  'backup → Node Helia (@helia/car) and → a fresh profile: records and content identical, a second restore changes nothing',
  async () => {
    const files = [
      { bytes: randomBytes(1024 * 1024 + 17, 201), name: 'one.bin' },
      { bytes: randomBytes(4 * 1024 * 1024, 202), name: 'four.bin' },
      { bytes: randomBytes(16 * 1024 * 1024 + 5, 203), name: 'sixteen.bin' }
    ]
    const added = await Promise.all(files.map(async (file) => network.addBytes(file.bytes)))
    const a = await newProfile({ engine: networkSettings(network) })
    const pins: Pin[] = added.map((file, i) => ({
      cid: file.cid,
      name: files[i]!.name,
      meta: { album: 'trip', n: String(i) },
      origins: [network.gatewayMultiaddr]
    }))
    // Content only this browser has, and a pin whose content nobody provides (its record is backed up, not its content).
    const local = randomBytes(8 * 1024 * 1024, 204)
    const localCid = await a.evaluate(async ({ size }) => {
      // The same generator as Node's randomBytes (xorshift32), so that the page imports 8 MiB it made itself.
      const words = new Uint32Array(Math.ceil(size / 4))
      let x = 204
      for (let i = 0; i < words.length; i++) {
        x ^= x << 13
        x ^= x >>> 17
        x ^= x << 5
        words[i] = x >>> 0
      }
      const result = await window.pinningService!.imports.importFiles([{
        path: 'local-8mib.bin',
        file: new File([new Uint8Array(words.buffer, 0, size)], 'local-8mib.bin')
      }], { name: 'local 8 MiB' })
      return result.cid
    }, { size: local.length })
    await a.evaluate(async (pins) => window.pinningService!.pins.addMany(pins), [...pins, {
      cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
      name: 'nobody has this'
    }])
    await expect.poll(async () => (await records(a)).filter((status) => status.status === 'pinned').length, {
      timeout: 60_000
    }).toBe(4).catch(async (error: unknown) => {
      throw new Error(
        `${String(error)}: ${
          JSON.stringify(
            (await records(a)).map((status) => [status.pin.name, status.status, status.info.status_details])
          )
        }`
      )
    })

    const createStarted = Date.now()
    const made = await a.evaluate(async () => window.pinningService!.backup.create())
    const createMs = Date.now() - createStarted
    expect(made).toMatchObject({ pins: 5, withContent: 4 })
    const downloadStarted = Date.now()
    const path = await download(a, made.url)
    const downloadMs = Date.now() - downloadStarted
    const size = (await stat(path)).size

    // Node Helia imports the CAR with @helia/car: every block of every DAG arrives, and the files read back.
    const bytes = await readFile(path)
    const helia = createHeliaLight({ blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() })
    await helia.start()
    const reader = await CarReader.fromBytes(bytes)
    expect((await reader.getRoots()).map(String)).toEqual([made.manifest])
    await car(helia).import(reader)
    for (const file of added) {
      for (const cid of await dagBlocks(network, file.cid)) {
        const theirs = Buffer.concat(
          await collect(helia.blockstore.get(CID.parse(cid), { offline: true }) as AsyncIterable<Uint8Array>)
        )
        const ours = Buffer.concat(
          await collect(network.helia.blockstore.get(CID.parse(cid), { offline: true }) as AsyncIterable<Uint8Array>)
        )
        expect(theirs.equals(ours), `block ${cid}`).toBe(true)
      }
    }
    for (
      const [cid, expected] of [
        ...added.map((file, i) => [file.cid, sha256(files[i]!.bytes)] as const),
        [localCid, sha256(local)] as const
      ]
    ) {
      const read = Buffer.concat(await collect(unixfs(helia).cat(CID.parse(cid), { offline: true })))
      expect(sha256(read), cid).toBe(expected)
    }
    await helia.stop()

    // A fresh profile with no network at all: the records come back, the content from the file alone.
    const b = await newProfile()
    const first = await restore(b, path)
    expect(first.report).toMatchObject({ pins: 5, restored: 5, skipped: 0, withContent: 4 })
    expect(comparable(await records(b))).toEqual(comparable(await records(a)))
    await expect.poll(async () => (await records(b)).filter((status) => status.status === 'pinned').length, {
      timeout: 60_000
    }).toBe(4)
    for (
      const [cid, expected] of [
        ...added.map((file, i) => [file.cid, sha256(files[i]!.bytes)] as const),
        [localCid, sha256(local)] as const
      ]
    ) {
      expect(await sha256InPage(b, cid)).toBe(expected)
    }
    const second = await restore(b, path)
    expect(second.report).toMatchObject({ pins: 5, restored: 0, skipped: 5, newBlocks: 0 })
    expect(await records(b)).toHaveLength(5)
    for (const session of sessions) expect(session.blocked).toEqual([])

    const mib = (n: number) => (n / 1024 / 1024).toFixed(1)
    console.log(
      `backup: 5 pins, ${mib(made.contentBytes)} MiB of content → CAR of ${
        mib(size)
      } MiB (${first.report.blocks} blocks); ` +
        `manifest ${createMs} ms, download ${downloadMs} ms; restore into a fresh profile ${
          Math.round(first.ms)
        } ms, again ${Math.round(second.ms)} ms`
    )
  },
  180_000
)
