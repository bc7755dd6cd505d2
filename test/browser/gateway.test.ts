import { createHash } from 'node:crypto'
import { CarReader } from '@ipld/car'
import { MemoryBlockstore } from 'blockstore-core'
import { importer } from 'ipfs-unixfs-importer'
import { afterEach, expect, inject, test } from 'vitest'
import { launchBrowser } from '../support/chromium.ts'
import { fetchBytes, importInPage } from '../support/page-content.ts'
import { createToken, fetchInPage, openServicePage } from '../support/service-page.ts'
import { pngBytes, wavBytes } from '../support/media.ts'
import { someBytes } from '../support/ui-content.ts'
import type { BrowserSession } from '../support/chromium.ts'
import type { CID } from 'multiformats/cid'

/** Everything the node holds comes back by URL on the page's own origin, offline, from the service worker. */
let browser: BrowserSession | undefined
afterEach(async () => {
  await browser?.dispose()
  browser = undefined
})

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const HOSTILE = '<img src=x onerror="window.pwned=1">.txt'

/** The blocks of these files, imported in Node as the page imports them. */
async function blocksOf (files: Record<string, Uint8Array>): Promise<{ root: string, cids: Set<string> }> {
  const cids = new Set<string>()
  const store = {
    put: async (cid: CID) => {
      cids.add(cid.toString())
      return cid
    }
  }
  let root: CID | undefined
  for await (
    const entry of importer(
      Object.entries(files).map(([path, content]) => ({ path, content })),
      store as unknown as MemoryBlockstore,
      { profile: 'unixfs-v1-2025', cidVersion: 1, rawLeaves: true, wrapWithDirectory: true }
    )
  ) root = entry.cid
  return { root: root!.toString(), cids }
}

test('with the network off: files, ranges, raw blocks, CARs and listings, byte-exact against the source', async () => {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context)
  const big = someBytes(3 * 1024 * 1024 + 12_345, 4)
  const files = {
    'hello.txt': new TextEncoder().encode('hello from the node\n'),
    'big.bin': big,
    [`docs/${HOSTILE}`]: new TextEncoder().encode('hostile')
  }
  const imported = await importInPage(page, files)
  const expected = await blocksOf(files)
  expect(imported.cid).toBe(expected.root)
  await browser.context.setOffline(true)
  const base = `/ipfs/${imported.cid}`

  const whole = await fetchBytes(page, `${base}/big.bin`)
  expect(whole.status).toBe(200)
  expect(whole.headers['content-length']).toBe(String(big.length))
  expect(sha256(whole.bytes)).toBe(sha256(big))
  const middle = await fetchBytes(page, `${base}/big.bin`, { headers: { Range: 'bytes=1048000-2097999' } })
  expect(middle.status).toBe(206)
  expect(middle.headers['content-range']).toBe(`bytes 1048000-2097999/${big.length}`)
  expect(sha256(middle.bytes)).toBe(sha256(big.subarray(1048000, 2098000)))
  const text = await fetchInPage(page, `${base}/hello.txt`)
  expect(text.body).toBe('hello from the node\n')
  expect(text.headers['content-type']).toBe('text/plain; charset=utf-8')
  expect(text.headers['cache-control']).toBe('public, max-age=29030400, immutable')

  // A raw block hashes to its CID.
  const leaf = imported.entries['hello.txt']!
  const raw = await fetchBytes(page, `/ipfs/${leaf}?format=raw`)
  expect(raw.headers['content-type']).toBe('application/vnd.ipld.raw')
  expect(sha256(raw.bytes)).toBe(
    Buffer.from((await import('multiformats/cid')).CID.parse(leaf).multihash.digest).toString('hex')
  )

  // The folder's CAR holds exactly its blocks, each checked.
  const car = await fetchBytes(page, base, { headers: { Accept: 'application/vnd.ipld.car' } })
  expect(car.headers['content-type']).toBe('application/vnd.ipld.car; version=1; order=dfs; dups=n')
  const reader = await CarReader.fromBytes(car.bytes)
  const inCar = new Set<string>()
  for await (const block of reader.blocks()) {
    expect(createHash('sha256').update(block.bytes).digest('hex')).toBe(
      Buffer.from(block.cid.multihash.digest).toString('hex')
    )
    inCar.add(block.cid.toString())
  }
  expect(inCar).toEqual(expected.cids)

  const listing = await fetchInPage(page, `${base}/docs/`)
  expect(listing.headers['content-type']).toBe('text/html; charset=utf-8')
  expect(listing.body).not.toContain(HOSTILE)
  const notHeld = await fetchInPage(page, '/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy')
  expect(notHeld.status).toBe(404)
  expect(notHeld.headers['content-type']).toBe('text/plain; charset=utf-8')
  expect(
    (await fetchInPage(page, '/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy', {
      headers: { 'Cache-Control': 'only-if-cached' }
    })).status
  ).toBe(412)
  expect((await fetchInPage(page, '/ipfs/bafkqaaa?format=raw')).status).toBe(200)
})

test('an <img> loads and a <video> seeks, from the node alone', async () => {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context)
  // A PNG, and thirty seconds of WAV audio (which a <video> plays, and seeks in by byte ranges).
  const imported = await importInPage(page, {
    'media/dot.png': pngBytes(64, 48, [0x33, 0xaa, 0x77]),
    'media/tone.wav': wavBytes(30, 44_100)
  })
  await browser.context.setOffline(true)
  const ranges: string[] = []
  page.on('response', (response) => {
    if (response.url().includes('tone.wav') && response.status() === 206) {
      ranges.push(response.headers()['content-range'] ?? '')
    }
  })

  const image = await page.evaluate(async (src) => {
    const img = new Image()
    img.src = src
    await img.decode()
    return { width: img.naturalWidth, height: img.naturalHeight }
  }, `/ipfs/${imported.cid}/media/dot.png`)
  expect(image).toEqual({ width: 64, height: 48 })

  const seeked = await page.evaluate(async (src) => {
    const video = document.createElement('video')
    video.muted = true
    video.preload = 'metadata'
    video.src = src
    document.body.append(video)
    await new Promise((resolve, reject) => {
      video.onloadedmetadata = resolve
      video.onerror = () => {
        reject(new Error(`media error ${video.error?.code}: ${video.error?.message}`))
      }
    })
    const duration = video.duration
    video.currentTime = 25
    await new Promise((resolve) => {
      video.onseeked = resolve
    })
    return { duration, at: video.currentTime }
  }, `/ipfs/${imported.cid}/media/tone.wav`)
  expect(seeked.duration).toBeCloseTo(30, 0)
  expect(seeked.at).toBeCloseTo(25, 0)
  // The seek was a byte range from far into the file, not a download of all of it.
  expect(ranges.some((range) => Number(/^bytes (\d+)-/.exec(range)?.[1] ?? 0) > 1_000_000)).toBe(true)
})

test('a pinned page runs sandboxed: it cannot read the databases or the tokens, nor call the API', async () => {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context)
  const token = await createToken(page, 'kept secret')
  const spy = `<!doctype html><title>spy</title><pre id="out"></pre><script>
const report = {}
const out = () => { document.getElementById('out').textContent = JSON.stringify(report) }
try { report.origin = self.origin } catch (e) { report.origin = 'error' }
try { localStorage.length; report.localStorage = 'readable' } catch (e) { report.localStorage = e.name }
try { document.cookie; report.cookie = 'readable' } catch (e) { report.cookie = e.name }
const open = () => new Promise((resolve) => {
  try {
    const request = indexedDB.open('in-page-pinning-service')
    request.onsuccess = () => resolve('opened: ' + [...request.result.objectStoreNames].join(','))
    request.onerror = () => resolve('refused: ' + request.error.name)
  } catch (e) { resolve('refused: ' + e.name) }
})
Promise.all([
  open().then((r) => { report.indexedDB = r }),
  fetch('/api/v1/pins?status=queued,pinning,pinned,failed').then(async (r) => { report.api = r.status + ' ' + (await r.text()).slice(0, 40) }, (e) => { report.api = 'refused: ' + e.name }),
  fetch('/api/v1/pins', { method: 'POST', body: JSON.stringify({ cid: 'bafkqaaa', name: 'planted' }) }).then((r) => { report.post = r.status }, (e) => { report.post = 'refused: ' + e.name })
]).then(() => { report.done = true; out() })
</script>`
  const imported = await importInPage(page, { 'spy/index.html': spy })
  const tab = await browser.context.newPage()
  await tab.goto(new URL(`/ipfs/${imported.cid}/spy/`, inject('pageOrigin')).href)
  await tab.waitForFunction(() => document.getElementById('out')?.textContent?.includes('"done":true'))
  const report = JSON.parse((await tab.locator('#out').textContent())!)
  expect(report.origin).toBe('null')
  expect(report.localStorage).toBe('SecurityError')
  expect(report.indexedDB).toMatch(/^refused: SecurityError/)
  expect(report.api).toMatch(/^refused/)
  expect(String(report.post)).toMatch(/^refused|^401/)
  const pins = JSON.parse(
    (await fetchInPage(page, '/api/v1/pins?name=planted', { headers: { Authorization: `Bearer ${token}` } })).body
  )
  expect(pins.count).toBe(0)
})

test('a listing shows a hostile file name as text, and its link opens that file', async () => {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context)
  const imported = await importInPage(page, { [`box/${HOSTILE}`]: 'just text', 'box/plain.txt': 'plain' })
  const tab = await browser.context.newPage()
  await tab.goto(new URL(`/ipfs/${imported.cid}/box/`, inject('pageOrigin')).href)
  expect(await tab.evaluate(() => ({ images: document.images.length, pwned: 'pwned' in window }))).toEqual({
    images: 0,
    pwned: false
  })
  await tab.getByRole('link', { name: HOSTILE }).click()
  await tab.waitForURL(/%3Cimg/)
  expect(await tab.evaluate(() => document.body.textContent)).toBe('just text')
})
