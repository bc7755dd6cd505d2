import { afterEach, describe, expect, test } from 'vitest'
import { concatBytes } from '../../src/blocks/read-block.ts'
import { randomBytes, startReconcilerHarness } from '../support/reconciler-harness.ts'
import type { ReconcilerHarness } from '../support/reconciler-harness.ts'
import type { PinState } from '../../src/service/types.ts'
import type { CID } from 'multiformats/cid'

let h: ReconcilerHarness | undefined
afterEach(async () => {
  await h?.stop()
  h = undefined
})

async function eventually<T> (
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

async function statusOf (requestid: string): Promise<PinState> {
  return (await h!.core.pins.get(requestid)).status
}

async function untilStatus (requestid: string, status: PinState): Promise<void> {
  await eventually(async () => await statusOf(requestid) === status, `${requestid} ${status}`)
}

async function storedBlocks (blocks: CID[]): Promise<number> {
  const node = await h!.node()
  let count = 0
  for (const cid of blocks) if (await node.blockstore.has(cid)) count++
  return count
}

describe('the reconciler through its components (Node, no network)', () => {
  test('wake and job: a new request is fetched, pinned and recorded as held; its status goes queued, pinning, pinned', async () => {
    h = await startReconcilerHarness()
    const file = await h.addFile(5000, 1)
    let release = () => {}
    h.plan(file.root, {
      kind: 'hold',
      release: new Promise((resolve) => {
        release = resolve
      })
    })
    const { requestid } = await h.core.pins.add({ cid: file.root.toString() })
    await untilStatus(requestid, 'pinning')
    expect((await h.core.pins.get(requestid)).info.status_details).toBe(`Fetching ${file.root.toString()}`)
    release()
    await untilStatus(requestid, 'pinned')
    expect(await h.store.held(file.root.toString())).toMatchObject({ blocks: file.blocks.length })
    expect(await storedBlocks(file.blocks)).toBe(file.blocks.length)
    expect(await (await h.node()).ledger.isPinned(file.root)).toBe(true)
  })

  test('job slots: at most `concurrency` fetch at once, and a job waiting between attempts gives its slot to the next', async () => {
    h = await startReconcilerHarness({ concurrency: 2 })
    const files = await Promise.all([1, 2, 3, 4].map(async (seed) => h!.addFile(2000, 10 + seed)))
    const releases: Array<() => void> = []
    for (const file of files.slice(0, 3)) {
      h.plan(file.root, {
        kind: 'hold',
        release: new Promise((resolve) => {
          releases.push(resolve)
        })
      })
    }
    let provided = () => {}
    h.plan(files[3]!.root, {
      kind: 'wait',
      until: new Promise((resolve) => {
        provided = resolve
      })
    })
    // The waiting one first: it starts, waits, and frees its slot for the others.
    const waiting = await h.core.pins.add({ cid: files[3]!.root.toString() })
    await eventually(
      async () => h!.signals.has(files[3]!.root.toString()) && h!.fetching.size === 0,
      'the fourth pin waits'
    )
    const held = await h.core.pins.addMany(files.slice(0, 3).map((file) => ({ cid: file.root.toString() })))
    await eventually(async () => h!.fetching.size === 2, 'two fetches')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(h.fetching.size).toBe(2)
    for (const release of releases) release()
    for (const status of held) await untilStatus(status.requestid, 'pinned')
    expect(h.mostAtOnce).toBe(2)
    provided()
    await untilStatus(waiting.requestid, 'pinned')
  })

  test('job: a fetch that fails leaves the request failed with the reason, and what it fetched is released', async () => {
    h = await startReconcilerHarness()
    const file = await h.addFile(3000, 2)
    h.plan(file.root, { kind: 'fail', message: 'no provider answered' })
    const { requestid } = await h.core.pins.add({ cid: file.root.toString() })
    await untilStatus(requestid, 'failed')
    expect((await h.core.pins.get(requestid)).info.status_details).toContain('no provider answered')
    await eventually(async () => (await h!.store.dirty(10)).length === 0, 'the failure released')
    expect(await h.store.held(file.root.toString())).toBeUndefined()
  })

  test('release and collection: a deleted pin is unpinned and its blocks deleted, except those another pin holds', async () => {
    h = await startReconcilerHarness()
    // Two files whose first KiB is the same: they share that block.
    const common = randomBytes(1024, 3)
    const first = await h.addBytes(concatBytes([common, randomBytes(2048, 4)]))
    const second = await h.addBytes(concatBytes([common, randomBytes(2048, 5)]))
    const sharedBlock = first.blocks.filter((cid) => second.blocks.some((other) => other.equals(cid)))
    expect(sharedBlock).toHaveLength(1)
    const a = await h.core.pins.add({ cid: first.root.toString() })
    const b = await h.core.pins.add({ cid: second.root.toString() })
    const bAgain = await h.core.pins.add({ cid: second.root.toString(), name: 'the same CID twice' })
    for (const { requestid } of [a, b, bAgain]) await untilStatus(requestid, 'pinned')

    await h.core.pins.remove(a.requestid)
    await eventually(async () => await storedBlocks(first.blocks) === 1, 'the first file\'s own blocks collected')
    expect(await storedBlocks(sharedBlock)).toBe(1)
    expect(await storedBlocks(second.blocks)).toBe(second.blocks.length)
    expect(await (await h.node()).ledger.isPinned(first.root)).toBe(false)
    expect(await h.store.held(first.root.toString())).toBeUndefined()

    // One of two requests for a CID goes: the DAG stays.
    await h.core.pins.remove(b.requestid)
    await eventually(async () => (await h!.store.dirty(10)).length === 0, 'the notice handled')
    expect(await storedBlocks(second.blocks)).toBe(second.blocks.length)
    expect(await h.store.held(second.root.toString())).toBeDefined()
  })

  test('release: deleting a request whose fetch runs cuts the fetch; nothing of it is kept and its status is not written again', async () => {
    h = await startReconcilerHarness()
    const file = await h.addFile(3000, 5)
    h.plan(file.root, { kind: 'hold', release: new Promise(() => {}) })
    const { requestid } = await h.core.pins.add({ cid: file.root.toString() })
    await untilStatus(requestid, 'pinning')
    await h.core.pins.remove(requestid)
    await eventually(async () => h!.signals.get(file.root.toString())?.aborted === true, 'the fetch cut')
    await eventually(async () => (await h!.store.dirty(10)).length === 0, 'the release done')
    expect(await h.store.held(file.root.toString())).toBeUndefined()
    expect(await h.store.recordsOf(file.root.toString())).toEqual([])
  })

  test('collection waits while an import holds the lock (its blocks have no request yet), then runs', async () => {
    h = await startReconcilerHarness()
    const file = await h.addFile(3000, 6)
    const { requestid } = await h.core.pins.add({ cid: file.root.toString() })
    await untilStatus(requestid, 'pinned')
    const endImport = h.holdImport()
    await h.core.pins.remove(requestid)
    await eventually(async () => h!.collectionsPutOff > 0, 'the collection put off')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(await storedBlocks(file.blocks)).toBe(file.blocks.length)
    endImport()
    await eventually(async () => await storedBlocks(file.blocks) === 0, 'collected once the import ended')
  })

  test('stop: cuts running fetches, which stay pinning and resume with the next engine', async () => {
    h = await startReconcilerHarness()
    const file = await h.addFile(2000, 7)
    h.plan(file.root, { kind: 'hold', release: new Promise(() => {}) })
    const { requestid } = await h.core.pins.add({ cid: file.root.toString() })
    await untilStatus(requestid, 'pinning')
    await h.reconciler.stop()
    expect(h.signals.get(file.root.toString())?.aborted).toBe(true)
    expect(await statusOf(requestid)).toBe('pinning')
  })
})
