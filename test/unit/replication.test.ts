import 'fake-indexeddb/auto'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { CID } from 'multiformats/cid'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { startTestRemote } from '../fixtures/pinning-remote.ts'
import { randomBytes } from '../fixtures/random-bytes.ts'
import { refusingPort } from '../fixtures/refusing-port.ts'
import { TEST_PEER_ID } from '../support/node-service.ts'
import { eventually, startReplicationHarness } from '../support/replication-harness.ts'
import { REPLICA_MARKER } from '../../src/replication/replication-context.ts'
import { readBlock } from '../../src/blocks/read-block.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { TestRemote } from '../fixtures/pinning-remote.ts'
import type { ReplicationHarness } from '../support/replication-harness.ts'
import type { IDBBlockstore } from 'blockstore-idb'

const KEY = 'remote:helia'
let network: IpfsNetwork
let remote: TestRemote
let harness: ReplicationHarness | undefined
const remotes: TestRemote[] = []

beforeAll(async () => {
  network = await startIpfsNetwork()
  remote = await startTestRemote({ gateway: network.gatewayUrl })
})
afterAll(async () => {
  await remote.stop()
  for (const other of remotes) await other.stop()
  await network.stop()
})
afterEach(async () => {
  await harness?.stop()
  harness = undefined
  remote.setMode('ok')
  remote.setDelay(0)
  remote.refusePins(undefined)
})

async function start (init = {}) {
  harness = await startReplicationHarness(init)
  return harness
}

/** The remote pins this node made for a local request (found by the marker). */
function remotePinsOf (target: TestRemote, requestid: string) {
  return target.pins().filter((pin) => pin.pin.meta?.[REPLICA_MARKER] === `${TEST_PEER_ID}/${requestid}`)
}

async function infoOf (h: ReplicationHarness, requestid: string, key = KEY) {
  return (await h.core.pins.get(requestid)).info[key]
}

/** Imports bytes into the harness's blockstore as UnixFS (CIDv1, raw leaves): content no one else has. */
async function importLocally (blockstore: IDBBlockstore, bytes: Uint8Array): Promise<CID> {
  let root: CID | undefined
  for await (
    const entry of importer([{ content: bytes }], blockstore, {
      cidVersion: 1,
      rawLeaves: true,
      chunker: fixedSize({ chunkSize: 256 * 1024 })
    })
  ) root = entry.cid
  return root as CID
}

describe('replication to a remote pinning service', { timeout: 60_000 }, () => {
  test('keeps one remote pin per local pin, with name, meta and the marker, follows it to pinned and says so in info', async () => {
    const h = await start()
    const files = await Promise.all([1, 2, 3].map(async (seed) => network.addRandomFile(200_000 + seed, 100 + seed)))
    const local = await Promise.all(
      files.map(async (file, i) =>
        h.core.pins.add({ cid: file.cid, name: `file ${i}`, meta: { app: 'notes', n: String(i) } })
      )
    )
    const added = await h.remotes.add({ label: 'helia', endpoint: remote.url, token: remote.token })
    expect(added).toMatchObject({
      label: 'helia',
      endpoint: remote.url,
      pins: 'all',
      tokenHint: expect.stringMatching(/^remo….{3}$/)
    })
    expect(JSON.stringify(added)).not.toContain(remote.token)

    for (const [i, status] of local.entries()) {
      await eventually(
        async () => (await infoOf(h, status.requestid))?.startsWith('pinned'),
        20_000,
        `pin ${i} pinned remotely`
      )
      const made = remotePinsOf(remote, status.requestid)
      expect(made).toHaveLength(1)
      expect(made[0]).toMatchObject({
        status: 'pinned',
        pin: { cid: status.pin.cid, name: `file ${i}`, meta: { app: 'notes', n: String(i) } }
      })
      expect(await h.remotes.statusOf(status.requestid)).toEqual([
        expect.objectContaining({
          label: 'helia',
          stage: 'pinned',
          remoteStatus: 'pinned',
          remoteRequestid: made[0]?.requestid
        })
      ])
    }
    // The remote really fetched every block, by CID, from the network's gateway.
    for (const file of files) expect(await remote.helia.pins.isPinned(CID.parse(file.cid))).toBe(true)
    expect((await h.remotes.list())[0]).toMatchObject({
      health: { state: 'ok' },
      counts: { pinned: 3, working: 0, problem: 0, removing: 0 }
    })
  })

  test('replace and delete propagate (the new remote pin is asked for before the old one goes); keepRemotePins keeps them', async () => {
    const h = await start()
    const [a, b, c, d] = await Promise.all([11, 12, 13, 14].map(async (seed) => network.addRandomFile(50_000, seed)))
    const pinA = await h.core.pins.add({ cid: a!.cid, name: 'a' })
    const pinB = await h.core.pins.add({ cid: b!.cid, name: 'b' })
    const service = await h.remotes.add({ label: 'helia', endpoint: remote.url, token: remote.token })
    await eventually(async () =>
      (await infoOf(h, pinA.requestid))?.startsWith('pinned') && (await infoOf(h, pinB.requestid))?.startsWith('pinned')
    )
    const oldRemote = remotePinsOf(remote, pinA.requestid)[0]!

    const replaced = await h.core.pins.replace(pinA.requestid, { cid: c!.cid, name: 'a, second version' })
    // The remote forgets the pin before it unpins the blocks and logs the DELETE: wait for the log entry too.
    const deleteOfOld = (entry: { method: string, path: string }) =>
      entry.method === 'DELETE' && entry.path === `/pins/${oldRemote.requestid}`
    await eventually(async () =>
      remotePinsOf(remote, replaced.requestid)[0]?.status === 'pinned' && remote.pins().every((pin) =>
        pin.requestid !== oldRemote.requestid
      ) && remote.log.some(deleteOfOld)
    )
    const postNew = remote.log.findIndex((entry) =>
      entry.made === remotePinsOf(remote, replaced.requestid)[0]?.requestid
    )
    const deleteOld = remote.log.findIndex(deleteOfOld)
    expect(postNew).toBeGreaterThan(-1)
    expect(deleteOld).toBeGreaterThan(postNew)

    await h.core.pins.remove(pinB.requestid)
    await eventually(async () => remotePinsOf(remote, pinB.requestid).length === 0)

    await h.remotes.update(service.id, { keepRemotePins: true })
    const pinD = await h.core.pins.add({ cid: d!.cid, name: 'd' })
    await eventually(async () => (await infoOf(h, pinD.requestid))?.startsWith('pinned'))
    await h.core.pins.remove(pinD.requestid)
    await eventually(async () => (await h.remotes.list())[0]?.counts.pinned === 1, 10_000, 'the replica of d forgotten')
    expect(remotePinsOf(remote, pinD.requestid)).toHaveLength(1)
  })

  test('a POST whose answer is lost (timeout) never makes a second remote pin: the marker finds the first', async () => {
    const h = await start({ requestTimeoutMs: 400 })
    const logged = remote.log.length
    const files = await Promise.all([21, 22, 23, 24].map(async (seed) => network.addRandomFile(20_000, seed)))
    remote.setDelay(900) // the remote pins at once and answers too late
    const local = await h.core.pins.addMany(files.map((file) => ({ cid: file.cid })))
    const service = await h.remotes.add({ label: 'helia', endpoint: remote.url, token: remote.token })
    await eventually(async () => (await h.remotes.list())[0]?.health.state === 'unreachable')
    expect((await h.remotes.list())[0]?.health.message).toMatch(/did not answer within 0 s|did not answer within 1 s/)
    await eventually(async () => remote.log.slice(logged).filter((entry) => entry.method === 'POST').length >= 1)
    remote.setDelay(0)
    h.advance(60_000) // past the backoff
    for (const status of local) {
      await eventually(
        async () => (await infoOf(h, status.requestid))?.startsWith('pinned'),
        20_000,
        `${status.requestid} pinned`
      )
    }
    for (const status of local) expect(remotePinsOf(remote, status.requestid)).toHaveLength(1)
    expect(remote.log.slice(logged).filter((entry) => entry.method === 'POST')).toHaveLength(local.length)
    expect((await h.remotes.list()).find((item) => item.id === service.id)?.health.state).toBe('ok')
  })

  test('a 401 stops every request until a new token is set, which resumes it', async () => {
    const h = await start()
    const file = await network.addRandomFile(10_000, 31)
    const local = await h.core.pins.add({ cid: file.cid })
    const service = await h.remotes.add({ label: 'helia', endpoint: remote.url, token: 'not-the-right-token' })
    const stopped = await eventually(async () =>
      (await h.remotes.list()).find((item) => item.health.state === 'unauthorized')
    )
    expect(stopped.health.message).toMatch(
      /refused the access token \(401: UNAUTHORIZED: The access token is missing or not valid\): set a new token/
    )
    const asked = h.requests.length
    h.advance(3_600_000)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(h.requests.length).toBe(asked)
    expect(JSON.stringify(await h.remotes.list())).not.toContain('not-the-right-token')

    await h.remotes.update(service.id, { token: remote.token })
    await eventually(async () => (await infoOf(h, local.requestid))?.startsWith('pinned'))
    expect((await h.remotes.list())[0]?.health.state).toBe('ok')
  })

  test('a remote that fails (500) for hours: growing backoff up to 5 min, a clear state, and it resumes', async () => {
    const h = await start()
    const file = await network.addRandomFile(10_000, 41)
    const local = await h.core.pins.add({ cid: file.cid, name: 'kept through the outage' })
    remote.setMode('error')
    await h.remotes.add({ label: 'helia', endpoint: remote.url, token: remote.token })
    const first = await eventually(async () => (await h.remotes.list()).find((item) => item.health.state === 'failing'))
    expect(first.health.message).toBe(
      `${new URL(remote.url).host} failed to answer POST /pins (500: INTERNAL_SERVER_ERROR: The database is down)`
    )
    const waits: number[] = []
    // Three hours of failures, in steps of 15 min of the replication's clock.
    for (let step = 0; step < 12; step++) {
      const before = (await h.remotes.list())[0]!
      h.advance(15 * 60_000)
      const after = await eventually(async () => {
        const now = (await h.remotes.list())[0]!
        return now.health.retryAt !== before.health.retryAt ? now : undefined
      })
      waits.push(Date.parse(after.health.retryAt!) - h.now())
      expect(after.health).toMatchObject({ state: 'failing', since: first.health.since })
    }
    // Each try waits longer than the one before, up to five minutes, and never more.
    for (let i = 1; i < waits.length; i++) {
      expect(waits[i]).toBeGreaterThanOrEqual(Math.min((waits[i - 1] ?? 0) - 100, 290_000))
    }
    expect(Math.max(...waits)).toBeLessThanOrEqual(300_000)
    expect(waits.at(-1)).toBeGreaterThan(290_000)
    // The pin says why it is not there yet, in the remote's words.
    expect(await infoOf(h, local.requestid)).toMatch(
      /^not sent yet: 127\.0\.0\.1:\d+ failed to answer (GET|POST) \/pins \(500: INTERNAL_SERVER_ERROR: The database is down\)$/
    )

    remote.setMode('ok')
    h.advance(10 * 60_000)
    await eventually(async () => (await infoOf(h, local.requestid))?.startsWith('pinned'))
    expect((await h.remotes.list())[0]?.health).toEqual({ state: 'ok', lastContact: expect.any(String) })
  })

  test('a remote that cannot be reached, or never answers, is told apart and retried', async () => {
    const h = await start({ requestTimeoutMs: 500 })
    await h.core.pins.add({ cid: (await network.addRandomFile(1000, 51)).cid })
    const closed = `http://127.0.0.1:${await refusingPort()}`
    const down = await h.remotes.add({ label: 'down', endpoint: closed, token: 'whatever-token-1' })
    const silent = await startTestRemote({ gateway: network.gatewayUrl })
    remotes.push(silent)
    silent.setMode('silent')
    const mute = await h.remotes.add({ label: 'mute', endpoint: silent.url, token: silent.token })
    const states = await eventually(async () => {
      const list = await h.remotes.list()
      const a = list.find((item) => item.id === down.id)
      const b = list.find((item) => item.id === mute.id)
      return a?.health.state === 'unreachable' && b?.health.state === 'unreachable' ? { a, b } : undefined
    })
    expect(states.a.health.message).toMatch(
      /^127\.0\.0\.1:\d+ could not be reached \(.*ECONNREFUSED.*\): the service is down, the address is wrong, or the network is off$/
    )
    expect(states.b.health.message).toMatch(/^127\.0\.0\.1:\d+ did not answer within 1 s$/)
  })

  test('a 4XX shows the remote\'s own reason on the pin, and the other pins go on', async () => {
    const h = await start()
    const file = await network.addRandomFile(1000, 61)
    const local = await h.core.pins.add({ cid: file.cid, name: 'too many' })
    remote.refusePins({ status: 409, reason: 'INSUFFICIENT_FUNDS', details: 'Your plan holds no more pins' })
    await h.remotes.add({ label: 'helia', endpoint: remote.url, token: remote.token })
    const text = await eventually(async () => {
      const info = await infoOf(h, local.requestid)
      return info?.startsWith('refused') === true ? info : undefined
    })
    expect(text).toBe(
      `refused: ${new URL(remote.url).host} refused POST /pins (409: INSUFFICIENT_FUNDS: Your plan holds no more pins)`
    )
    expect(await h.remotes.statusOf(local.requestid)).toEqual([
      expect.objectContaining({ stage: 'problem', phase: 'rejected' })
    ])
    expect((await h.remotes.list())[0]?.health.state).toBe('ok')
  })

  test('a service that refuses the status queries (400) is backed off as a whole, with its reason', async () => {
    const h = await start()
    const local = await h.core.pins.add({ cid: (await network.addRandomFile(1000, 65)).cid })
    await h.remotes.add({ label: 'helia', endpoint: remote.url, token: remote.token })
    await eventually(async () => (await infoOf(h, local.requestid))?.startsWith('pinned'))
    remote.setMode('no-lists')
    h.advance(2 * 3_600_000) // the next status check is due
    const failing = await eventually(async () =>
      (await h.remotes.list()).find((item) => item.health.state === 'failing')
    )
    expect(failing.health.message).toBe(
      `${new URL(remote.url).host} refused GET /pins (400: BAD_REQUEST: This service does not filter by cid)`
    )
    expect(Date.parse(failing.health.retryAt!)).toBeGreaterThan(h.now())
    remote.setMode('ok')
    h.advance(60_000)
    await eventually(async () => (await h.remotes.list())[0]?.health.state === 'ok')
  })

  test('only pins matching the meta filter are kept there; widening the filter adds the others', async () => {
    const h = await start()
    const [x, y] = await Promise.all([71, 72].map(async (seed) => network.addRandomFile(1000, seed)))
    const kept = await h.core.pins.add({ cid: x!.cid, meta: { backup: 'yes' } })
    const other = await h.core.pins.add({ cid: y!.cid, meta: { backup: 'no' } })
    const service = await h.remotes.add({
      label: 'helia',
      endpoint: remote.url,
      token: remote.token,
      pins: { meta: { backup: 'yes' } }
    })
    await eventually(async () => (await infoOf(h, kept.requestid))?.startsWith('pinned'))
    expect(remotePinsOf(remote, other.requestid)).toHaveLength(0)
    expect(await infoOf(h, other.requestid)).toBeUndefined()
    await h.remotes.update(service.id, { pins: 'all' })
    await eventually(async () => (await infoOf(h, other.requestid))?.startsWith('pinned'))
    await h.remotes.update(service.id, { pins: { meta: { backup: 'no' } } })
    await eventually(async () =>
      remotePinsOf(remote, kept.requestid).length === 0 && await infoOf(h, kept.requestid) === undefined
    )
    expect(remotePinsOf(remote, other.requestid)).toHaveLength(1)
  })

  test('renaming a service renames its info key; removing it forgets its state and leaves its remote pins', async () => {
    const h = await start()
    const local = await h.core.pins.add({ cid: (await network.addRandomFile(1000, 81)).cid })
    const service = await h.remotes.add({ label: 'helia', endpoint: remote.url, token: remote.token })
    await eventually(async () => (await infoOf(h, local.requestid))?.startsWith('pinned'))
    await h.remotes.update(service.id, { label: 'archive' })
    expect(await infoOf(h, local.requestid)).toBeUndefined()
    expect(await infoOf(h, local.requestid, 'remote:archive')).toMatch(/^pinned/)
    await h.remotes.remove(service.id)
    expect(await infoOf(h, local.requestid, 'remote:archive')).toBeUndefined()
    expect(await h.remotes.statusOf(local.requestid)).toEqual([])
    expect(remotePinsOf(remote, local.requestid)).toHaveLength(1)
  })
})

describe('content only this node has', { timeout: 60_000 }, () => {
  test('is uploaded as a CAR first (IPFS Cluster /add?format=car, Kubo dag/import), then pinned by CID, block-exact', async () => {
    const h = await start()
    const cluster = await startTestRemote({ gateway: network.gatewayUrl, uploadAuthorization: 'Basic dXNlcjpwYXNz' })
    const kubo = await startTestRemote({ gateway: network.gatewayUrl, uploadAuthorization: 'Bearer kubo-secret' })
    remotes.push(cluster, kubo)
    const blockstore = await h.blockstore()
    const bytes = randomBytes(1_300_000, 91)
    const root = await importLocally(blockstore, bytes)
    const local = await h.core.pins.add({ cid: root.toString(), name: 'only here' })
    await h.remotes.add({
      label: 'cluster',
      endpoint: cluster.url,
      token: cluster.token,
      upload: { kind: 'ipfs-cluster', url: cluster.url, authorization: 'Basic dXNlcjpwYXNz' }
    })
    const kuboService = await h.remotes.add({
      label: 'kubo',
      endpoint: kubo.url,
      token: kubo.token,
      upload: { kind: 'kubo', url: kubo.url, authorization: 'Bearer wrong' }
    })
    expect(JSON.stringify(await h.remotes.list())).not.toContain('dXNlcjpwYXNz')

    // The upload waits until this node holds the whole DAG (the engine pins it; here the test says so).
    await eventually(async () =>
      (await infoOf(h, local.requestid, 'remote:cluster'))?.includes('waiting for this node to hold the content')
    )
    await h.engineStore.putHeld({ cidKey: root.toString(), blocks: 6, bytes: bytes.length, pinnedAt: Date.now() })
    await h.engineStore.setStatus(root.toString(), ['queued'], 'pinned', { dag_size: String(bytes.length) })

    await eventually(async () =>
      (await h.remotes.list()).find((item) => item.label === 'kubo')?.health.state === 'unauthorized'
    )
    expect((await h.remotes.list()).find((item) => item.label === 'kubo')?.health.message).toMatch(
      /refused the upload to \/api\/v0\/dag\/import \(403: Kubo RPC Access Denied/
    )
    await h.remotes.update(kuboService.id, {
      upload: { kind: 'kubo', url: kubo.url, authorization: 'Bearer kubo-secret' }
    })

    for (const [target, label] of [[cluster, 'cluster'], [kubo, 'kubo']] as const) {
      await eventually(
        async () => (await infoOf(h, local.requestid, `remote:${label}`))?.startsWith('pinned'),
        20_000,
        `${label} pinned`
      )
      const upload = target.uploads.at(-1)
      expect(upload).toMatchObject({ root: root.toString(), field: 'file', filename: `${root}.car` })
      // Every block the remote holds for this DAG is the node's own block, byte for byte.
      for await (const { cid } of blockstore.getAll()) {
        const ours = await readBlock(blockstore.get(cid))
        const theirs = await readBlock(target.blockstore.get(cid))
        expect(Buffer.compare(Buffer.from(ours), Buffer.from(theirs)), `${label} block ${cid}`).toBe(0)
      }
      expect(await target.helia.pins.isPinned(root)).toBe(true)
    }
    expect(cluster.uploads.at(-1)?.query).toEqual({ format: 'car', 'stream-channels': 'false', name: 'only here' })
    expect(kubo.uploads.at(-1)?.query).toEqual({ 'pin-roots': 'false', stats: 'true' })
    // Neither remote asked the network's gateway for this DAG: the blocks came with the upload.
    expect(network.blockRequests(root.toString())).toBe(0)
  })
})
