import { afterAll, beforeAll, expect, test } from 'vitest'
import { startBridgedService } from '../support/bridged-service.ts'
import { cidPair, randomCid } from '../support/cids.ts'
import type { BridgedService } from '../support/bridged-service.ts'

/** Requests shaped as Kubo's Go client (boxo) sends them: an explicit status, limit=10, RFC3339Nano dates, JSON only. */
let service: BridgedService
const kuboHeaders = () => ({
  Authorization: `Bearer ${service.token}`,
  'User-Agent': 'go-pinning-service-http-client',
  Accept: 'application/json'
})
const kuboGet = async (query: string) => {
  const response = await fetch(`${service.endpoint}/pins?${query}`, { headers: kuboHeaders() })
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  return { status: response.status, body: await response.json() }
}
/** Go's url.Values.Encode sorts the keys. */
const encode = (params: Record<string, string>) =>
  new URLSearchParams(Object.entries(params).sort(([a], [b]) => a.localeCompare(b))).toString()
/** RFC3339Nano as Go formats time.Time: nine digits where nanoseconds are set. */
const nano = (iso: string) => iso.replace(/\.(\d{3})Z$/, '.$1000000Z')

beforeAll(async () => {
  service = await startBridgedService('kubo')
})
afterAll(async () => {
  await service.close()
})

test('pin remote add: POST with origins, a delegate with /p2p/, then polling GET /pins/{id}', async () => {
  const { v0 } = await cidPair()
  const response = await fetch(`${service.endpoint}/pins`, {
    method: 'POST',
    headers: { ...kuboHeaders(), 'Content-Type': 'application/json' },
    body: JSON.stringify({
      cid: v0,
      name: 'kubo-add',
      origins: ['/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWPAQzJxB61eyeDyuXWv2HiNRdomjcaVWQxjkXG6Uthvrh'],
      meta: {}
    })
  })
  expect(response.status).toBe(202)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const status = await response.json()
  for (const delegate of status.delegates) expect(delegate).toMatch(/\/p2p\/\w+$/)
  for (let poll = 0; poll < 3; poll++) {
    const polled = await fetch(`${service.endpoint}/pins/${status.requestid}`, { headers: kuboHeaders() })
    expect(polled.status).toBe(200)
    expect((await polled.json()).status).toMatch(/^(queued|pinning|pinned|failed)$/)
  }
})

test('pin remote ls: explicit status and limit=10, paging with RFC3339Nano before until count equals the batch', async () => {
  const name = `kubo-ls-${Math.random().toString(36).slice(2)}`
  for (let i = 0; i < 25; i++) {
    const added = await fetch(`${service.endpoint}/pins`, {
      method: 'POST',
      headers: kuboHeaders(),
      body: JSON.stringify({ cid: await randomCid(), name })
    })
    expect(added.status).toBe(202)
  }
  // Kubo's loop: emit the batch; stop when count == batch size; otherwise before = oldest created.
  const seen: string[] = []
  const counts: number[] = []
  let before: string | undefined
  for (let round = 0; round < 10; round++) {
    const { status, body } = await kuboGet(
      encode({ limit: '10', name, status: 'queued,pinning', ...(before === undefined ? {} : { before: nano(before) }) })
    )
    expect(status).toBe(200)
    seen.push(...body.results.map((r: { requestid: string }) => r.requestid))
    counts.push(body.count)
    if (body.count === body.results.length) break
    before = body.results.at(-1).created
  }
  expect(counts).toEqual([25, 15, 5])
  expect(new Set(seen).size).toBe(25)
})

test('pin remote ls with the default status (pinned) and a Qm CID filter', async () => {
  const { v0, v1 } = await cidPair()
  await fetch(`${service.endpoint}/pins`, { method: 'POST', headers: kuboHeaders(), body: JSON.stringify({ cid: v1 }) })
  expect((await kuboGet(encode({ cid: v0, limit: '10', status: 'pinned' }))).body).toEqual({ count: 0, results: [] })
  const queued = await kuboGet(encode({ cid: v0, limit: '10', status: 'queued,pinning' }))
  expect(queued.body.count).toBe(1)
  expect(queued.body.results[0].pin.cid).toBe(v1)
})

test('pin remote service ls --stat: four limit=1 queries, one per status, each with an exact count', async () => {
  const counts: Record<string, number> = {}
  for (const status of ['queued', 'pinning', 'pinned', 'failed']) {
    const { status: code, body } = await kuboGet(encode({ limit: '1', status }))
    expect(code).toBe(200)
    expect(body.results.length).toBeLessThanOrEqual(1)
    counts[status] = body.count
  }
  const all = await kuboGet(encode({ limit: '1000', status: 'queued,pinning,pinned,failed' }))
  expect(counts.queued! + counts.pinning! + counts.pinned! + counts.failed!).toBe(all.body.count)
  expect(counts.queued).toBeGreaterThan(0)
})

test('pin remote rm: DELETE answers 202 and a JSON meta filter finds what is left', async () => {
  const app = `kubo-${Math.random().toString(36).slice(2)}`
  const ids: string[] = []
  for (let i = 0; i < 2; i++) {
    const added = await fetch(`${service.endpoint}/pins`, {
      method: 'POST',
      headers: kuboHeaders(),
      body: JSON.stringify({ cid: await randomCid(), meta: { app } })
    })
    ids.push((await added.json()).requestid)
  }
  const removed = await fetch(`${service.endpoint}/pins/${ids[0]}`, { method: 'DELETE', headers: kuboHeaders() })
  expect(removed.status).toBe(202)
  const left = await kuboGet(
    encode({ limit: '10', meta: JSON.stringify({ app }), status: 'queued,pinning,pinned,failed' })
  )
  expect(left.body.results.map((r: { requestid: string }) => r.requestid)).toEqual([ids[1]])
})
