import 'fake-indexeddb/auto'
import { beforeAll, describe, expect, test } from 'vitest'
import { randomCid } from '../support/cids.ts'
import { PIN_STATES } from '../../src/service/types.ts'
import { connectServiceDatabase } from '../../src/store/database.ts'
import { createIdbEngineStore } from '../../src/store/engine-store.ts'
import { createIdbPinStore } from '../../src/store/idb-pin-store.ts'
import type { PinDraft, PinQuery, PinRecord, PinState, TextMatch } from '../../src/service/types.ts'
import type { PinStore } from '../../src/service/pin-store.ts'

/** A tiny deterministic PRNG, so a failing case can be replayed. */
function random (seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
}

/** The model the indexed store must agree with, written independently of src/store. */
function modelQuery (records: PinRecord[], q: PinQuery) {
  const lower = (s: string) => s.toLowerCase()
  const nameOk = (name: string | undefined, value: string, match: TextMatch) =>
    name !== undefined && (
      match === 'exact'
        ? name === value
        : match === 'iexact'
        ? lower(name) === lower(value)
        : match === 'partial'
        ? name.includes(value)
        : lower(name).includes(lower(value))
    )
  const matches = records.filter((r) =>
    q.statuses.includes(r.status) &&
    (q.cidKeys === undefined || q.cidKeys.includes(r.cidKey)) &&
    (q.name === undefined || nameOk(r.pin.name, q.name.value, q.name.match)) &&
    (q.meta === undefined || Object.entries(q.meta).every(([k, v]) => r.pin.meta?.[k] === v)) &&
    (q.before === undefined || r.created < q.before) &&
    (q.after === undefined || r.created > q.after)
  )
  matches.sort((a, b) => b.created - a.created)
  return { count: matches.length, ids: matches.slice(0, q.limit).map((r) => r.requestid) }
}

describe('the IndexedDB pin store agrees with a brute-force model', () => {
  let store: PinStore
  /** The same records read in tiny batches, so that every scan crosses many batch boundaries. */
  let smallBatchStore: PinStore
  const records: PinRecord[] = []
  const cids: string[] = []
  const names = ['Report', 'report', 'REPORT.pdf', 'summary', 'x', '']
  const rnd = random(42)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T

  beforeAll(async () => {
    const connection = connectServiceDatabase('store-model-test')
    store = createIdbPinStore(connection)
    smallBatchStore = createIdbPinStore(connection, { scanBatch: 7 })
    for (let i = 0; i < 12; i++) cids.push(await randomCid())
    const drafts: PinDraft[] = []
    for (let i = 0; i < 400; i++) {
      const cid = pick(cids)
      const meta: Record<string, string> = {}
      if (rnd() < 0.6) meta.app = pick(['a', 'b', 'c'])
      if (rnd() < 0.4) meta.kind = pick(['x', 'y'])
      const pin = { cid, ...(rnd() < 0.8 ? { name: pick(names) } : {}), ...(rnd() < 0.9 ? { meta } : {}) }
      // Several records per millisecond, as under load: created must still be unique.
      drafts.push({ requestid: `r${i}`, status: pick(PIN_STATES), pin, cidKey: cid, info: {} })
    }
    const clock = (i: number) => 1_000_000 + Math.floor(i / 3)
    for (let i = 0; i < 300;) {
      if (i >= 100 && i < 200) {
        // Adds made at once (as concurrent POSTs) share transactions, and keep the order they were made in.
        records.push(
          ...await Promise.all(drafts.slice(i, i + 25).map(async (draft, j) => store.add(draft, clock(i + j))))
        )
        i += 25
      } else {
        records.push(await store.add(drafts[i]!, clock(i)))
        i++
      }
    }
    // The last hundred as two bulk imports (one transaction each).
    const bulk = drafts.slice(300)
    records.push(...await store.addMany(bulk.slice(0, 60), 0), ...await store.addMany(bulk.slice(60), 2_000_000))
  })

  test('created is unique and increasing even when the clock stands still', () => {
    const created = records.map((r) => r.created)
    expect(new Set(created).size).toBe(created.length)
    expect(created).toEqual([...created].sort((a, b) => a - b))
  })

  test('500 random queries give the same page and count as the model', async () => {
    for (let i = 0; i < 500; i++) {
      const q: PinQuery = { statuses: PIN_STATES.filter(() => rnd() < 0.5), limit: pick([1, 3, 10, 1000]) }
      if (q.statuses.length === 0) q.statuses = [pick(PIN_STATES) as PinState]
      if (rnd() < 0.25) q.cidKeys = [...new Set([pick(cids), pick(cids)])]
      if (rnd() < 0.35) {
        q.name = {
          value: pick(['report', 'Report', 'REP', 'pdf', 'x', '']),
          match: pick(['exact', 'iexact', 'partial', 'ipartial'] as const)
        }
      }
      if (rnd() < 0.3) {
        q.meta = rnd() < 0.5
          ? { app: pick(['a', 'b', 'c']) }
          : { app: pick(['a', 'b']), kind: pick(['x', 'y']) }
      }
      if (rnd() < 0.3) q.before = pick(records).created + pick([0, 1])
      if (rnd() < 0.3) q.after = pick(records).created - pick([0, 1])
      for (const candidate of [store, smallBatchStore]) {
        const page = await candidate.query(q)
        expect({ count: page.count, ids: page.results.map((r) => r.requestid) }, JSON.stringify(q)).toEqual(
          modelQuery(records, q)
        )
      }
    }
  }, 60_000) // 500 queries on fake-indexeddb: seconds on a quiet machine, more on a busy one

  test('a scan across several batches keeps the newest matches', async () => {
    const q: PinQuery = { statuses: [...PIN_STATES], limit: 7, name: { value: 'e', match: 'ipartial' } }
    const page = await smallBatchStore.query(q)
    expect(page.count).toBe(modelQuery(records, q).count)
    expect(page.results.map((r) => r.requestid)).toEqual(modelQuery(records, q).ids)
  })

  test('replace is atomic: the old record goes, the new one is the newest', async () => {
    const old = records[10] as PinRecord
    const replaced = await store.replace(old.requestid, {
      requestid: 'replacement',
      status: 'queued',
      pin: { cid: old.pin.cid },
      cidKey: old.cidKey,
      info: {}
    }, 0)
    expect(await store.get(old.requestid)).toBeUndefined()
    expect(replaced?.created).toBeGreaterThan(Math.max(...records.map((r) => r.created)))
    expect(
      await store.replace('missing', {
        requestid: 'never',
        status: 'queued',
        pin: { cid: old.pin.cid },
        cidKey: old.cidKey,
        info: {}
      }, 0)
    ).toBeUndefined()
    expect(await store.get('never')).toBeUndefined()
  })
})

describe('exact counts from the range counters (statuses, meta pairs), across every bucket level', () => {
  test('random ranges over timestamps spread from milliseconds to decades, after removals and replaces', async () => {
    const store = createIdbPinStore(connectServiceDatabase('store-counts-test'))
    const rnd = random(7)
    const live = new Map<string, PinRecord>()
    let now = 1_000_000_000_000
    for (let i = 0; i < 600; i++) {
      // Gaps from 0 ms to ~4 years, so that runs of records share and straddle buckets of every width.
      now += Math.floor(rnd() ** 6 * 2 ** (rnd() * 37))
      const status = PIN_STATES[Math.floor(rnd() * 4)] as PinState
      const meta = rnd() < 0.7 ? { app: rnd() < 0.5 ? 'a' : 'b', ...(rnd() < 0.3 ? { kind: 'x' } : {}) } : undefined
      const record = await store.add({
        requestid: `c${i}`,
        status,
        pin: { cid: 'x', ...(meta === undefined ? {} : { meta }) },
        cidKey: 'x',
        info: {}
      }, now)
      live.set(record.requestid, record)
      now = record.created
    }
    const ids = [...live.keys()]
    for (const id of ids.filter(() => rnd() < 0.2)) {
      expect(await store.remove(id)).toBe(true)
      live.delete(id)
    }
    for (const id of [...live.keys()].filter(() => rnd() < 0.1)) {
      const replaced = await store.replace(id, {
        requestid: `${id}-r`,
        status: 'failed',
        pin: { cid: 'x' },
        cidKey: 'x',
        info: {}
      }, 0)
      live.delete(id)
      live.set(replaced!.requestid, replaced!)
    }
    const records = [...live.values()]
    const createdValues = records.map((r) => r.created)
    const somewhere = () =>
      (createdValues[Math.floor(rnd() * createdValues.length)] ?? 0) + Math.floor((rnd() - 0.5) * 2 ** (rnd() * 40))
    for (let i = 0; i < 400; i++) {
      const q: PinQuery = { statuses: PIN_STATES.filter(() => rnd() < 0.5), limit: 1 }
      if (q.statuses.length === 0) q.statuses = [...PIN_STATES]
      // All statuses and one meta pair: counted from the meta pair's counters.
      if (rnd() < 0.3) {
        Object.assign(q, {
          statuses: [...PIN_STATES],
          meta: { [rnd() < 0.7 ? 'app' : 'kind']: rnd() < 0.5 ? 'a' : 'x' }
        })
      }
      if (rnd() < 0.8) q.before = somewhere()
      if (rnd() < 0.8) q.after = somewhere()
      const page = await store.query(q)
      expect(page.count, JSON.stringify(q)).toBe(modelQuery(records, q).count)
    }
  })
})

describe('status changes by the engine', () => {
  test('are seen by every kind of query: indexed, counted, and partial-name scans', async () => {
    const connection = connectServiceDatabase('store-engine-status-test')
    const store = createIdbPinStore(connection, { scanBatch: 3 })
    const engine = createIdbEngineStore(connection)
    const cid = await randomCid()
    for (let i = 0; i < 7; i++) {
      await store.add({
        requestid: `e${i}`,
        status: 'queued',
        pin: { cid, name: `Holiday ${i}`, meta: { app: 'x' } },
        cidKey: cid,
        info: {}
      }, 5_000 + i)
    }
    expect(await engine.setStatus(cid, ['queued'], 'pinned', { dag_size: '10' })).toBe(7)
    for (
      const q of [
        { statuses: ['pinned'], limit: 10 },
        { statuses: ['pinned'], limit: 10, name: { value: 'holiday', match: 'ipartial' } },
        { statuses: ['pinned'], limit: 10, meta: { app: 'x' } },
        { statuses: ['pinned'], limit: 10, cidKeys: [cid] }
      ] as PinQuery[]
    ) {
      const page = await store.query(q)
      expect(page.count, JSON.stringify(q)).toBe(7)
      expect(page.results.every((r) => r.status === 'pinned' && r.info.dag_size === '10')).toBe(true)
      expect((await store.query({ ...q, statuses: ['queued'] })).count, JSON.stringify(q)).toBe(0)
    }
  })
})

describe('adds made at once', () => {
  test('share write transactions, keep their order, and are all counted', async () => {
    const connection = connectServiceDatabase('store-grouped-adds-test')
    const db = await connection.open()
    let writes = 0
    // Counts the readwrite transactions the store opens.
    const counted = new Proxy(db, {
      get (target, property) {
        const value = Reflect.get(target, property, target)
        if (property !== 'transaction') return typeof value === 'function' ? value.bind(target) : value
        return (...args: Parameters<typeof db.transaction>) => {
          if (args[1] === 'readwrite') writes++
          return target.transaction(...args)
        }
      }
    })
    const store = createIdbPinStore({ ...connection, open: async () => counted })
    const cid = await randomCid()
    const added = await Promise.all(
      Array.from(
        { length: 20 },
        async (_, i) =>
          store.add({ requestid: `g${i}`, status: 'queued', pin: { cid, name: `n${i}` }, cidKey: cid, info: {} }, 7_000)
      )
    )
    expect(added.map((record) => record.requestid)).toEqual(Array.from({ length: 20 }, (_, i) => `g${i}`))
    const created = added.map((record) => record.created)
    expect(created).toEqual([...created].sort((a, b) => a - b))
    expect(new Set(created).size).toBe(20)
    // The first is written at once, alone; the nineteen that came meanwhile share the next transaction.
    expect(writes).toBe(2)
    expect((await store.query({ statuses: ['queued'], limit: 100 })).count).toBe(20)
  })
})
