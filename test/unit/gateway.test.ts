import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import * as dagPb from '@ipld/dag-pb'
import { CarReader } from '@ipld/car'
import { MemoryBlockstore } from 'blockstore-core'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { beforeAll, describe, expect, test } from 'vitest'
import { readBlock } from '../../src/blocks/read-block.ts'
import { createGateway } from '../../src/gateway/gateway.ts'
import { someBytes } from '../support/ui-content.ts'
import type { Gateway } from '../../src/gateway/gateway.ts'

const ORIGIN = 'http://service.test'
const HOSTILE = '<img src=x onerror=alert(1)>.txt'
const text = (s: string) => new TextEncoder().encode(s)

/** A store with a folder (text, a 5-chunk file, a sub-folder, a hostile name), a sharded folder and a DAG-CBOR node. */
async function fixture () {
  const blockstore = new MemoryBlockstore()
  const big = someBytes(5000, 7)
  const add = async (files: Array<{ path: string, content: Uint8Array }>, options: Record<string, unknown> = {}) => {
    let root: CID | undefined
    for await (
      const entry of importer(files, blockstore, {
        chunker: fixedSize({ chunkSize: 1000 }),
        rawLeaves: true,
        cidVersion: 1,
        wrapWithDirectory: true,
        ...options
      })
    ) root = entry.cid
    return root as CID
  }
  const folder = await add([
    { path: 'hello.txt', content: text('hello, gateway\n') },
    { path: 'big.bin', content: big },
    { path: 'sub/page.html', content: text('<!doctype html><title>x</title><p>hi</p>') },
    { path: HOSTILE, content: text('not a tag') }
  ])
  const site = await add([{ path: 'index.html', content: text('<!doctype html><p>home</p>') }, {
    path: 'about.txt',
    content: text('about')
  }])
  const shardedFiles = Array.from({ length: 60 }, (_, i) => ({ path: `file-${i}.txt`, content: text(`entry ${i}`) }))
  const sharded = await add(shardedFiles, { shardSplitThresholdBytes: 100 })
  const fileCid = (await import('ipfs-unixfs-exporter')).exporter
  const helloCid = (await fileCid(`${folder}/hello.txt`, blockstore)).cid
  const nodeBytes = dagCbor.encode({ title: 'a node', file: helloCid, list: [1, 2, 3] })
  const node = CID.createV1(dagCbor.code, await sha256.digest(nodeBytes))
  await blockstore.put(node, nodeBytes)
  return { blockstore, folder, site, sharded, node, helloCid, big }
}

/** The DAG's blocks in depth-first pre-order, each once, as the test itself reads them. */
async function preorder (root: CID): Promise<string[]> {
  const seen: string[] = []
  const visit = async (cid: CID): Promise<void> => {
    if (seen.includes(cid.toString())) return
    seen.push(cid.toString())
    if (cid.code !== dagPb.code) return
    const node = dagPb.decode(await readBlock(store.blockstore.get(cid)))
    for (const link of node.Links) await visit(link.Hash)
  }
  await visit(root)
  return seen
}

let store: Awaited<ReturnType<typeof fixture>>
let gateway: Gateway
beforeAll(async () => {
  store = await fixture()
  gateway = createGateway({ blockstore: async () => store.blockstore })
})

const get = async (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  gateway.handle(new Request(`${ORIGIN}${path}`, { method, headers }))
const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer())

async function carBlocks (response: Response): Promise<{ roots: string[], cids: string[] }> {
  const reader = await CarReader.fromBytes(await bytesOf(response))
  const cids: string[] = []
  for await (const { cid, bytes } of reader.blocks()) {
    // Every block must hash to its CID.
    expect(new Uint8Array((await sha256.digest(bytes)).digest)).toEqual(new Uint8Array(cid.multihash.digest))
    cids.push(cid.toString())
  }
  return { roots: (await reader.getRoots()).map(String), cids }
}

describe('trustless responses', () => {
  test('a raw block by format and by Accept, with the headers of the spec', async () => {
    const byFormat = await get(`/ipfs/${store.helloCid}?format=raw`)
    expect(byFormat.status).toBe(200)
    expect(new TextDecoder().decode(await bytesOf(byFormat))).toBe('hello, gateway\n')
    expect(Object.fromEntries(byFormat.headers)).toMatchObject({
      'content-type': 'application/vnd.ipld.raw',
      'content-disposition': `attachment; filename="${store.helloCid}.bin"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'public, max-age=29030400, immutable',
      etag: `"${store.helloCid}.raw"`
    })
    expect(byFormat.headers.get('content-location')).toBeNull()
    const byAccept = await get(`/ipfs/${store.helloCid}`, { Accept: 'application/vnd.ipld.raw' })
    expect(byAccept.headers.get('content-location')).toBe(`/ipfs/${store.helloCid}?format=raw`)
    // format wins over Accept.
    expect(
      (await get(`/ipfs/${store.helloCid}?format=raw`, { Accept: 'application/vnd.ipld.car' })).headers.get(
        'content-type'
      )
    ).toBe('application/vnd.ipld.raw')
    expect((await get(`/ipfs/${store.folder}/hello.txt?format=raw`)).status).toBe(400)
  })

  test('the bafkqaaa probe: an empty raw block and a CAR with it as root', async () => {
    const raw = await get('/ipfs/bafkqaaa?format=raw')
    expect(raw.status).toBe(200)
    expect((await bytesOf(raw)).length).toBe(0)
    const car = await get('/ipfs/bafkqaaa', { Accept: 'application/vnd.ipld.car' })
    expect(car.status).toBe(200)
    expect(await carBlocks(car)).toEqual({ roots: ['bafkqaaa'], cids: [] })
  })

  test('a whole folder as a CAR: every block once, depth first, each one hash-checked', async () => {
    const response = await get(`/ipfs/${store.folder}?format=car`)
    expect(response.headers.get('content-type')).toBe('application/vnd.ipld.car; version=1; order=dfs; dups=n')
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${store.folder}.car"`)
    const { roots, cids } = await carBlocks(response)
    expect(roots).toEqual([store.folder.toString()])
    expect(cids).toEqual(await preorder(store.folder))
  })

  test('dag-scope and entity-bytes: the path\'s blocks, then only what the scope needs', async () => {
    const entity = await carBlocks(await get(`/ipfs/${store.folder}/big.bin?format=car&dag-scope=entity`))
    const block = await carBlocks(await get(`/ipfs/${store.folder}/big.bin?format=car&dag-scope=block`))
    const range = await carBlocks(await get(`/ipfs/${store.folder}/big.bin?format=car&entity-bytes=1500:2499`))
    const tail = await carBlocks(await get(`/ipfs/${store.folder}/big.bin?format=car&entity-bytes=-10:*`))
    // big.bin: a root and 5 leaves of 1000 bytes, one level below the folder's root.
    expect(entity.cids.length).toBe(1 + 1 + 5)
    expect(block.cids.length).toBe(1 + 1)
    expect(range.cids.length).toBe(1 + 1 + 2)
    expect(tail.cids.length).toBe(1 + 1 + 1)
    expect(block.cids[0]).toBe(store.folder.toString())
    expect((await get(`/ipfs/${store.folder}/big.bin?format=car&entity-bytes=9000:*`)).status).toBe(400)
    expect((await get(`/ipfs/${store.folder}?format=car&dag-scope=most`)).status).toBe(400)
  })

  test('dups=y sends a block each time the walk meets it; etags differ per scope; If-None-Match gives 304', async () => {
    const twice = await get(`/ipfs/${store.folder}`, {
      Accept: 'application/vnd.ipld.car; version=1; order=dfs; dups=y'
    })
    expect(twice.headers.get('content-type')).toBe('application/vnd.ipld.car; version=1; order=dfs; dups=y')
    expect(twice.headers.get('content-location')).toBe(`/ipfs/${store.folder}?format=car`)
    const all = (await get(`/ipfs/${store.folder}?format=car`)).headers.get('etag')
    const one = (await get(`/ipfs/${store.folder}?format=car&dag-scope=block`)).headers.get('etag')
    expect(all).not.toBe(one)
    expect((await get(`/ipfs/${store.folder}?format=car`, { 'If-None-Match': all! })).status).toBe(304)
  })
})

describe('files and folders', () => {
  test('a file: type from its name, sniffed without one; ranges; 304; HEAD', async () => {
    const named = await get(`/ipfs/${store.folder}/hello.txt`)
    expect(named.status).toBe(200)
    expect(named.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(named.headers.get('x-ipfs-path')).toBe(`/ipfs/${store.folder}/hello.txt`)
    expect(named.headers.get('x-ipfs-roots')).toBe(`${store.folder},${store.helloCid}`)
    expect(named.headers.get('content-security-policy')).toMatch(/^sandbox /)
    expect(named.headers.get('content-security-policy')).not.toMatch(/allow-same-origin/)
    expect(await named.text()).toBe('hello, gateway\n')
    expect((await get(`/ipfs/${store.folder}/sub/page.html`)).headers.get('content-type')).toBe(
      'text/html; charset=utf-8'
    )
    // Under a bare CID the page is still recognised as HTML (and so sandboxed like any content).
    const page = await get(`/ipfs/${store.folder}/sub/page.html`)
    const pageCid = page.headers.get('x-ipfs-roots')!.split(',').at(-1)!
    expect((await get(`/ipfs/${pageCid}`)).headers.get('content-type')).toBe('text/html; charset=utf-8')

    const middle = await get(`/ipfs/${store.folder}/big.bin`, { Range: 'bytes=990-2009' })
    expect(middle.status).toBe(206)
    expect(middle.headers.get('content-range')).toBe('bytes 990-2009/5000')
    expect(await bytesOf(middle)).toEqual(store.big.subarray(990, 2010))
    const suffix = await get(`/ipfs/${store.folder}/big.bin`, { Range: 'bytes=-100' })
    expect(await bytesOf(suffix)).toEqual(store.big.subarray(4900))
    const open = await get(`/ipfs/${store.folder}/big.bin`, { Range: 'bytes=4000-' })
    expect(open.headers.get('content-length')).toBe('1000')
    const outside = await get(`/ipfs/${store.folder}/big.bin`, { Range: 'bytes=5000-' })
    expect(outside.status).toBe(416)
    expect(outside.headers.get('content-range')).toBe('bytes */5000')
    expect(await bytesOf(await get(`/ipfs/${store.folder}/big.bin`))).toEqual(store.big)

    const etag = named.headers.get('etag')!
    expect(etag).toBe(`"${store.helloCid}"`)
    expect((await get(`/ipfs/${store.folder}/hello.txt`, { 'If-None-Match': `W/${etag}` })).status).toBe(304)
    const head = await get(`/ipfs/${store.folder}/big.bin`, {}, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe('5000')
    expect(head.body).toBeNull()
  })

  test('filename and download set Content-Disposition in ASCII and UTF-8', async () => {
    const inline = await get(`/ipfs/${store.helloCid}?filename=${encodeURIComponent('tést.txt')}`)
    expect(inline.headers.get('content-disposition')).toBe(
      'inline; filename="t_st.txt"; filename*=UTF-8\'\'t%C3%A9st.txt'
    )
    expect(inline.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect((await get(`/ipfs/${store.folder}/hello.txt?download=true`)).headers.get('content-disposition')).toBe(
      'attachment; filename="hello.txt"'
    )
  })

  test('a folder: redirected to its slash, then listed with names as text; index.html when it has one', async () => {
    const bare = await get(`/ipfs/${store.folder}?x=1`)
    expect(bare.status).toBe(301)
    expect(bare.headers.get('location')).toBe(`/ipfs/${store.folder}/?x=1`)
    const listing = await get(`/ipfs/${store.folder}/`)
    expect(listing.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(listing.headers.get('content-security-policy')).not.toMatch(/allow-scripts|allow-same-origin/)
    const html = await listing.text()
    for (const name of ['hello.txt', 'big.bin', 'sub']) expect(html).toContain(`href="${name}"`)
    expect(html).not.toContain(HOSTILE)
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;.txt')
    expect(html).toContain(`href="${encodeURIComponent(HOSTILE)}"`)
    const site = await get(`/ipfs/${store.site}/`)
    expect(await site.text()).toBe('<!doctype html><p>home</p>')
    expect(site.headers.get('content-type')).toBe('text/html; charset=utf-8')
  })

  test('a sharded folder lists every entry and serves a path inside it', async () => {
    const html = await (await get(`/ipfs/${store.sharded}/`)).text()
    for (let i = 0; i < 60; i++) expect(html).toContain(`>file-${i}.txt<`)
    expect(await (await get(`/ipfs/${store.sharded}/file-42.txt`)).text()).toBe('entry 42')
    // The CAR of a sharded folder's entity carries its shards but none of its files.
    const { cids } = await carBlocks(await get(`/ipfs/${store.sharded}?format=car&dag-scope=entity`))
    expect(cids.length).toBeGreaterThan(1)
    expect(cids.length).toBeLessThan(60)
  })

  test('a DAG-CBOR node: as stored, converted, shown as a page to a browser, and walked through its links', async () => {
    const stored = await get(`/ipfs/${store.node}`)
    expect(stored.headers.get('content-type')).toBe('application/vnd.ipld.dag-cbor')
    expect(dagCbor.decode(await bytesOf(stored))).toMatchObject({ title: 'a node' })
    const asJson = await get(`/ipfs/${store.node}?format=dag-json`)
    expect(asJson.headers.get('content-type')).toBe('application/vnd.ipld.dag-json')
    expect(dagJson.decode(await bytesOf(asJson))).toMatchObject({ title: 'a node', list: [1, 2, 3] })
    const page = await get(`/ipfs/${store.node}`, { Accept: 'text/html,*/*' })
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toContain('&#34;title&#34;:&#34;a node&#34;')
    expect(await (await get(`/ipfs/${store.node}/file`)).text()).toBe('hello, gateway\n')
    expect((await get(`/ipfs/${store.node}/nothing`)).status).toBe(404)
  })
})

describe('streaming', () => {
  test('a client that goes away stops the reading: blocks are read as the body is pulled, not before', async () => {
    const reads: string[] = []
    const counting = {
      get: (cid: CID) => {
        reads.push(cid.toString())
        return store.blockstore.get(cid)
      },
      has: (cid: CID) => store.blockstore.has(cid)
    }
    const streaming = createGateway({ blockstore: async () => counting })
    let long: CID | undefined
    for await (
      const entry of importer([{ content: someBytes(60_000, 9) }], store.blockstore, {
        chunker: fixedSize({ chunkSize: 1000 }),
        rawLeaves: true,
        cidVersion: 1
      })
    ) long = entry.cid
    const response = await streaming.handle(new Request(`${ORIGIN}/ipfs/${long}`))
    const reader = response.body!.getReader()
    expect((await reader.read()).done).toBe(false)
    await reader.cancel()
    await new Promise((resolve) => setTimeout(resolve, 50))
    // 60 leaves: the first chunk, the sniffed head and a few read ahead, never the rest.
    expect(reads.length).toBeLessThan(30)
  })
})

describe('what cannot be served says why, in plain text', () => {
  test('not held, only-if-cached, bad CID, bad path, bad method, unsupported formats', async () => {
    const absent = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
    const missing = await get(`/ipfs/${absent}`)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await missing.text()).toContain('not held by this node')
    const cached = await get(`/ipfs/${absent}`, { 'Cache-Control': 'only-if-cached' })
    expect(cached.status).toBe(412)
    expect(await cached.text()).toBe('')
    expect((await get(`/ipfs/${store.helloCid}`, { 'Cache-Control': 'only-if-cached' })).status).toBe(200)
    expect((await get('/ipfs/not-a-cid')).status).toBe(400)
    expect((await get('/ipfs/')).status).toBe(400)
    const noEntry = await get(`/ipfs/${store.folder}/nope.txt`)
    expect(noEntry.status).toBe(404)
    expect(await noEntry.text()).toContain('"nope.txt"')
    expect((await get(`/ipfs/${store.folder}/hello.txt/deeper`)).status).toBe(404)
    expect((await get(`/ipfs/${store.helloCid}`, {}, 'POST')).status).toBe(405)
    expect((await get(`/ipfs/${store.folder}?format=tar`)).status).toBe(400)
    expect((await get(`/ipfs/${store.folder}`, { Accept: 'application/x-tar' })).status).toBe(406)
    expect((await get(`/ipfs/${store.helloCid}`, { 'Service-Worker': 'script' })).status).toBe(400)
  })
})
