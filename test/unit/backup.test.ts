import 'fake-indexeddb/auto'
import { createHash } from 'node:crypto'
import { car } from '@helia/car'
import { unixfs } from '@helia/unixfs'
import { CarReader } from '@ipld/car/reader'
import { IDBBlockstore } from 'blockstore-idb'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { createHeliaLight } from 'helia'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { CID } from 'multiformats/cid'
import { describe, expect, test } from 'vitest'
import { randomBytes } from '../fixtures/random-bytes.ts'
import { TEST_PEER_ID } from '../support/node-service.ts'
import { createBackups } from '../../src/backup/backups.ts'
import { readBlock } from '../../src/blocks/read-block.ts'
import { blockstoreName } from '../../src/config.ts'
import { carStream } from '../../src/gateway/car-stream.ts'
import { PEER_ID_SETTING } from '../../src/identity/peer-id.ts'
import { createServiceCore } from '../../src/service-core.ts'
import { createIdbBackupStore } from '../../src/store/backup-store.ts'
import { connectServiceDatabase } from '../../src/store/database.ts'
import { createIdbEngineStore } from '../../src/store/engine-store.ts'
import type { Pin } from '../../src/service/types.ts'

let profiles = 0

/** A profile as the page sees it (fake-indexeddb): its records, its blockstore, its backups. */
async function openProfile () {
  const databaseName = `backup-${process.pid}-${++profiles}`
  const connection = connectServiceDatabase(databaseName)
  await (await connection.open()).put('settings', TEST_PEER_ID, PEER_ID_SETTING)
  const core = createServiceCore({ connection, notify: () => {} })
  const backup = createBackups({
    databaseName,
    store: createIdbBackupStore(connection),
    pins: core.pins,
    gatewayUrl: (cid) => `http://service.test/ipfs/${cid}`
  })
  const blockstore = new IDBBlockstore(blockstoreName(databaseName))
  await blockstore.open()
  return { databaseName, connection, core, backup, blockstore, engine: createIdbEngineStore(connection) }
}
type Profile = Awaited<ReturnType<typeof openProfile>>

/** Imports bytes as UnixFS and records it pinned, as the engine does once every block is here. */
async function pinContent (profile: Profile, bytes: Uint8Array, pin: Omit<Pin, 'cid'>) {
  let root: CID | undefined
  for await (
    const entry of importer([{ content: bytes }], profile.blockstore, {
      cidVersion: 1,
      rawLeaves: true,
      chunker: fixedSize({ chunkSize: 64 * 1024 })
    })
  ) root = entry.cid
  const status = await profile.core.pins.add({ cid: root!.toString(), ...pin })
  await profile.engine.putHeld({ cidKey: root!.toString(), blocks: 1, bytes: bytes.length, pinnedAt: Date.now() })
  await profile.engine.setStatus(root!.toString(), ['queued'], 'pinned', { dag_size: String(bytes.length) })
  return { root: root!, status }
}

/** The backup CAR as the service worker streams it: the gateway's CAR of the manifest, dag-scope=all. */
async function carOf (profile: Profile, manifest: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  for await (
    const chunk of carStream(profile.blockstore, CID.parse(manifest), {
      pathBlocks: [],
      target: CID.parse(manifest),
      scope: 'all',
      dups: 'n'
    })
  ) chunks.push(chunk)
  return new Uint8Array(Buffer.concat(chunks))
}

async function allRecords (profile: Profile) {
  const { results } = await profile.core.pins.list({ statuses: ['queued', 'pinning', 'pinned', 'failed'], limit: 1000 })
  return results.map(({ pin }) => pin).sort((a, b) => a.cid.localeCompare(b.cid))
}

describe('backup and restore', { timeout: 60_000 }, () => {
  test('a backup CAR imports into Node Helia with @helia/car: every block and the UnixFS bytes match', async () => {
    const a = await openProfile()
    const bytes = randomBytes(700_000, 1)
    const { root } = await pinContent(a, bytes, { name: 'notes.bin', meta: { app: 'notes' } })
    await a.core.pins.add({ cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy', name: 'never fetched' })
    const made = await a.backup.create()
    expect(made).toMatchObject({
      pins: 2,
      withContent: 1,
      contentBytes: bytes.length,
      url: `http://service.test/ipfs/${made.manifest}?format=car&filename=${made.filename}`
    })

    const helia = createHeliaLight({ blockstore: new MemoryBlockstore(), datastore: new MemoryDatastore() })
    await helia.start()
    const reader = await CarReader.fromBytes(await carOf(a, made.manifest))
    expect((await reader.getRoots()).map(String)).toEqual([made.manifest])
    await car(helia).import(reader)
    let blocks = 0
    for await (const { cid } of a.blockstore.getAll()) {
      const ours = await readBlock(a.blockstore.get(cid))
      const theirs = await readBlock(helia.blockstore.get(cid, { offline: true }))
      expect(Buffer.compare(Buffer.from(ours), Buffer.from(theirs))).toBe(0)
      blocks++
    }
    expect(blocks).toBeGreaterThan(10)
    const read: Uint8Array[] = []
    for await (const chunk of unixfs(helia).cat(root, { offline: true })) read.push(chunk)
    expect(createHash('sha256').update(Buffer.concat(read)).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex')
    )
    await helia.stop()
  })

  test('restore into a fresh profile recreates the records and the content; restoring twice changes nothing', async () => {
    const a = await openProfile()
    const first = await pinContent(a, randomBytes(300_000, 2), {
      name: 'photo',
      meta: { album: 'summer', n: '1' },
      origins: ['/ip4/127.0.0.1/tcp/8080/http']
    })
    const second = await pinContent(a, randomBytes(90_000, 3), {})
    await a.core.pins.add({
      cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
      name: 'waiting',
      meta: { album: 'summer' }
    })
    const bytes = await carOf(a, (await a.backup.create()).manifest)

    const b = await openProfile()
    const report = await b.backup.restore(new Blob([bytes as BlobPart]))
    expect(report).toMatchObject({ pins: 3, restored: 3, skipped: 0, withContent: 2 })
    expect(await allRecords(b)).toEqual(await allRecords(a))
    // Every content block arrived; the manifest's own (DAG-CBOR) blocks were not kept.
    const carBlocks: CID[] = []
    for await (const { cid } of (await CarReader.fromBytes(bytes)).blocks()) carBlocks.push(cid)
    const content = carBlocks.filter((cid) => cid.code !== 0x71)
    expect(content.map(String)).toEqual(expect.arrayContaining([first.root.toString(), second.root.toString()]))
    for (const cid of carBlocks) expect(await b.blockstore.has(cid), `${cid}`).toBe(cid.code !== 0x71)
    expect(report).toMatchObject({ blocks: carBlocks.length, newBlocks: content.length })

    const again = await b.backup.restore(new Blob([bytes as BlobPart]))
    expect(again).toMatchObject({ pins: 3, restored: 0, skipped: 3, newBlocks: 0, requestids: [] })
    expect((await b.core.pins.list({ statuses: ['queued', 'pinning', 'pinned', 'failed'], limit: 1000 })).count).toBe(3)
  })

  test('a CAR that is not a backup, or a damaged one, restores nothing and leaves no block behind', async () => {
    const a = await openProfile()
    const { root } = await pinContent(a, randomBytes(100_000, 4), { name: 'x' })
    const plain = await carOf(a, root.toString())
    const b = await openProfile()
    await expect(b.backup.restore(new Blob([plain as BlobPart]))).rejects.toThrow(/not a backup of this service/)
    const backup = await carOf(a, (await a.backup.create()).manifest)
    const damaged = backup.slice()
    damaged[damaged.length - 10] = (damaged[damaged.length - 10] ?? 0) ^ 0xff
    await expect(b.backup.restore(new Blob([damaged as BlobPart]))).rejects.toThrow(/does not match its CID/)
    let blocksLeft = 0
    for await (const _ of b.blockstore.getAll()) blocksLeft++
    expect(blocksLeft).toBe(0)
    expect((await b.core.pins.list({ statuses: ['queued', 'pinning', 'pinned', 'failed'], limit: 10 })).count).toBe(0)
  })

  test('a selection by meta or by request id backs up only those pins', async () => {
    const a = await openProfile()
    const one = await pinContent(a, randomBytes(10_000, 5), { meta: { album: 'summer' } })
    await pinContent(a, randomBytes(10_000, 6), { meta: { album: 'winter' } })
    expect(await a.backup.create({ meta: { album: 'summer' } })).toMatchObject({ pins: 1, withContent: 1 })
    expect(await a.backup.create({ requestids: [one.status.requestid] })).toMatchObject({ pins: 1 })
    await expect(a.backup.create({ requestids: ['nope'] })).rejects.toThrow(/No pin request with requestid "nope"/)
    await expect(a.backup.create({ statuses: [] })).rejects.toThrow(/statuses must be a non-empty list/)
  })
})
