import { beforeAll, describe, expect, test } from 'vitest'
import { jsonOf } from './api-client.ts'
import { cidPair, randomCid } from './cids.ts'
import type { ApiClient, RawResponse } from './api-client.ts'

const PEER = '12D3KooWPAQzJxB61eyeDyuXWv2HiNRdomjcaVWQxjkXG6Uthvrh'
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** The same pin request: only status and info may move on (a pinning engine may be working on it). */
export function sameRequest (status: any) {
  return { ...status, status: expect.stringMatching(/^(queued|pinning|pinned|failed)$/), info: expect.any(Object) }
}

/**
 * The behaviour every deployment of the API must show, whatever carries the requests: run in Node against
 * the handler and in Chromium through the service worker.
 */
export function apiContract (connect: () => Promise<ApiClient>): void {
  let client: ApiClient
  let auth: Record<string, string>
  const url = (path: string) => `${client.basePath}${path}`
  const get = (path: string, headers = auth) => client.fetch(url(path), { headers })
  const send = (method: string, path: string, body: unknown) =>
    client.fetch(url(path), {
      method,
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body)
    })
  const add = async (pin: Record<string, unknown>) => {
    const response = await send('POST', '/pins', pin)
    expect(response.status, response.body).toBe(202)
    return jsonOf(response)
  }
  const countAll = async () => jsonOf(await get('/pins?status=queued,pinning,pinned,failed&limit=1')).count as number

  beforeAll(async () => {
    client = await connect()
    auth = { Authorization: `Bearer ${(await client.createToken('contract')).token}` }
  })

  function expectFailure (response: RawResponse, status: number, reason: string) {
    expect(response.status, response.body).toBe(status)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    const body = jsonOf(response)
    expect(Object.keys(body)).toEqual(['error'])
    expect(body.error.reason).toBe(reason)
    expect(typeof body.error.details).toBe('string')
    expect(body.error.details.length).toBeGreaterThan(0)
  }

  describe('auth', () => {
    test('no token, a wrong token, or a malformed header: 401 with a Failure body', async () => {
      expectFailure(await get('/pins', {}), 401, 'UNAUTHORIZED')
      expectFailure(await get('/pins', { Authorization: 'Bearer nope' }), 401, 'UNAUTHORIZED')
      expectFailure(await get('/pins', { Authorization: 'Basic dXNlcjpwYXNz' }), 401, 'UNAUTHORIZED')
      expectFailure(await client.fetch(url('/pins'), { method: 'POST', body: '{}' }), 401, 'UNAUTHORIZED')
      expectFailure(await client.fetch(url('/pins/x'), { method: 'DELETE' }), 401, 'UNAUTHORIZED')
    })

    test('a revoked token is refused at once; other tokens keep working', async () => {
      const { token, id } = await client.createToken('short-lived')
      const other = await client.createToken('other')
      expect((await get('/pins', { Authorization: `Bearer ${token}` })).status).toBe(200)
      expect(await client.revokeToken(id)).toBe(true)
      expectFailure(await get('/pins', { Authorization: `Bearer ${token}` }), 401, 'UNAUTHORIZED')
      expect((await get('/pins', { Authorization: `Bearer ${other.token}` })).status).toBe(200)
    })
  })

  describe('operations', () => {
    test('POST /pins answers 202 with a queued PinStatus that echoes the pin', async () => {
      const pin = {
        cid: await randomCid(),
        name: 'report.pdf',
        origins: [`/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`],
        meta: { app_id: 'demo' }
      }
      const response = await send('POST', '/pins', pin)
      expect(response.status).toBe(202)
      expect(response.headers['content-type']).toMatch(/^application\/json/)
      const status = jsonOf(response)
      expect(Object.keys(status).sort()).toEqual(['created', 'delegates', 'info', 'pin', 'requestid', 'status'])
      expect(status.status).toBe('queued')
      expect(status.pin).toEqual(pin)
      expect(status.created).toMatch(ISO_MS)
      expect(status.delegates.length).toBeGreaterThanOrEqual(1)
      for (const delegate of status.delegates) expect(delegate).toMatch(/\/p2p\/[1-9A-HJ-NP-Za-km-z]+$/)
      expect(Object.values(status.info).every((value) => typeof value === 'string')).toBe(true)
    })

    test('each POST gets a new requestid and a later created, also for the same CID', async () => {
      const cid = await randomCid()
      const first = await add({ cid })
      const second = await add({ cid })
      expect(second.requestid).not.toBe(first.requestid)
      expect(Date.parse(second.created)).toBeGreaterThan(Date.parse(first.created))
    })

    test('concurrent POSTs get unique created timestamps', async () => {
      const statuses = await Promise.all(Array.from({ length: 25 }, async () => add({ cid: await randomCid() })))
      expect(new Set(statuses.map((status) => status.created)).size).toBe(25)
    })

    test('GET /pins/{requestid} returns the stored PinStatus; an unknown id is 404', async () => {
      const added = await add({ cid: await randomCid(), name: 'x' })
      const response = await get(`/pins/${added.requestid}`)
      expect(response.status).toBe(200)
      expect(jsonOf(response)).toEqual(sameRequest(added))
      expectFailure(await get('/pins/00000000-0000-0000-0000-000000000000'), 404, 'NOT_FOUND')
      expectFailure(await get(`/pins/${encodeURIComponent('weird/id?')}`), 404, 'NOT_FOUND')
    })

    test('replace gives a new requestid and the old one 404s', async () => {
      const old = await add({ cid: await randomCid(), name: 'old' })
      const newCid = await randomCid()
      const response = await send('POST', `/pins/${old.requestid}`, { cid: newCid, name: 'new' })
      expect(response.status).toBe(202)
      const replaced = jsonOf(response)
      expect(replaced.requestid).not.toBe(old.requestid)
      expect(replaced.pin).toEqual({ cid: newCid, name: 'new' })
      expect(replaced.status).toBe('queued')
      expectFailure(await get(`/pins/${old.requestid}`), 404, 'NOT_FOUND')
      expect(jsonOf(await get(`/pins/${replaced.requestid}`))).toEqual(sameRequest(replaced))
      expectFailure(await send('POST', '/pins/no-such-request', { cid: newCid }), 404, 'NOT_FOUND')
    })

    test('a replace with a bad body keeps the old pin', async () => {
      const old = await add({ cid: await randomCid() })
      expectFailure(await send('POST', `/pins/${old.requestid}`, { cid: 'not-a-cid' }), 400, 'BAD_REQUEST')
      expectFailure(await send('POST', `/pins/${old.requestid}`, '{'), 400, 'BAD_REQUEST')
      expect(jsonOf(await get(`/pins/${old.requestid}`))).toEqual(sameRequest(old))
    })

    test('DELETE answers 202 with no body; the pin is gone and a second DELETE is 404', async () => {
      const added = await add({ cid: await randomCid() })
      const response = await client.fetch(url(`/pins/${added.requestid}`), { method: 'DELETE', headers: auth })
      expect(response.status).toBe(202)
      expect(response.body).toBe('')
      expectFailure(await get(`/pins/${added.requestid}`), 404, 'NOT_FOUND')
      expectFailure(
        await client.fetch(url(`/pins/${added.requestid}`), { method: 'DELETE', headers: auth }),
        404,
        'NOT_FOUND'
      )
    })
  })

  describe('list filters', () => {
    const tag = `run-${Math.random().toString(36).slice(2)}`
    let pins: any[]
    let pair: { v0: string, v1: string }

    beforeAll(async () => {
      pair = await cidPair()
      pins = []
      const names = ['Alpha.PDF', 'alpha.pdf', 'beta', 'gamma-alpha', undefined, 'delta']
      for (const [i, name] of names.entries()) {
        const meta: Record<string, string> = { tag, index: String(i), parity: i % 2 === 0 ? 'even' : 'odd' }
        pins.push(
          await add({
            cid: i === 0 ? pair.v0 : await randomCid(),
            ...(name === undefined ? {} : { name: `${tag}-${name}` }),
            meta
          })
        )
      }
      pins.push(await add({ cid: pair.v1, meta: { tag, index: '6', parity: 'even' } }))
      pins.reverse() // newest first, as the API lists them
    })

    const ids = (response: RawResponse) => {
      expect(response.status, response.body).toBe(200)
      return jsonOf(response).results.map((status: any) => status.requestid)
    }
    const idsOf = (predicate: (pin: any) => boolean) => pins.filter(predicate).map((pin) => pin.requestid)
    const metaQuery = (meta: Record<string, string>) => `meta=${encodeURIComponent(JSON.stringify(meta))}`

    test('without any filter only pinned pins are listed (none are pinned yet)', async () => {
      const body = jsonOf(await get('/pins'))
      expect(body.count).toBe(0)
      expect(body.results).toEqual([])
    })

    test('meta in the JSON form and in the meta[key]=value form, newest first', async () => {
      expect(ids(await get(`/pins?${metaQuery({ tag })}`))).toEqual(idsOf(() => true))
      expect(ids(await get(`/pins?meta%5Btag%5D=${tag}&meta%5Bparity%5D=odd`))).toEqual(
        idsOf((pin) => pin.pin.meta.parity === 'odd')
      )
    })

    test('name with the four matching strategies, sent without status', async () => {
      const byName = async (name: string, match?: string) =>
        ids(
          await get(`/pins?name=${encodeURIComponent(`${tag}-${name}`)}${match === undefined ? '' : `&match=${match}`}`)
        )
      const named = (test: (name: string) => boolean) =>
        idsOf((pin) => pin.pin.name !== undefined && test(pin.pin.name.slice(tag.length + 1)))
      expect(await byName('alpha.pdf')).toEqual(named((name) => name === 'alpha.pdf'))
      expect(await byName('alpha.pdf', 'exact')).toHaveLength(1)
      expect(await byName('ALPHA.pdf', 'iexact')).toEqual(named((name) => name.toLowerCase() === 'alpha.pdf'))
      expect(await byName('ALPHA.pdf', 'iexact')).toHaveLength(2)
      const partial = ids(await get(`/pins?name=alpha&match=partial&${metaQuery({ tag })}`))
      expect(partial).toEqual(named((name) => name.includes('alpha')))
      const ipartial = ids(await get(`/pins?name=ALPHA&match=ipartial&${metaQuery({ tag })}`))
      expect(ipartial).toEqual(named((name) => name.toLowerCase().includes('alpha')))
      expect(ipartial).toHaveLength(3)
    })

    test('cid: CIDv0 and CIDv1 of one DAG find both requests; a list of CIDs finds each', async () => {
      const both = idsOf((pin) => pin.pin.cid === pair.v0 || pin.pin.cid === pair.v1)
      expect(both).toHaveLength(2)
      expect(ids(await get(`/pins?cid=${pair.v0}`))).toEqual(both)
      expect(ids(await get(`/pins?cid=${pair.v1}`))).toEqual(both)
      const third = pins[3]
      expect(ids(await get(`/pins?cid=${pair.v1},${third.pin.cid}`))).toEqual(
        idsOf((pin) => both.includes(pin.requestid) || pin === third)
      )
      expect(jsonOf(await get(`/pins?cid=${pair.v0}`)).results.map((s: any) => s.pin.cid).sort()).toEqual(
        [pair.v0, pair.v1].sort()
      )
    })

    test('status filters, with pins that cannot be found (queued, or pinning while the engine looks)', async () => {
      expect(ids(await get(`/pins?status=pinned,failed&${metaQuery({ tag })}`))).toEqual([])
      expect(ids(await get(`/pins?status=queued%2Cpinning&${metaQuery({ tag })}`))).toEqual(idsOf(() => true))
      const queued = ids(await get(`/pins?status=queued&${metaQuery({ tag })}`))
      const pinning = ids(await get(`/pins?status=pinning&${metaQuery({ tag })}`))
      expect([...queued, ...pinning].sort()).toEqual(idsOf(() => true).sort())
    })

    test('limit, exact count, and strict before/after pagination', async () => {
      const first = jsonOf(await get(`/pins?limit=3&${metaQuery({ tag })}`))
      expect(first.count).toBe(pins.length)
      expect(first.results.map((s: any) => s.requestid)).toEqual(pins.slice(0, 3).map((p) => p.requestid))
      const last = first.results.at(-1).created
      const second = jsonOf(await get(`/pins?limit=3&before=${encodeURIComponent(last)}&${metaQuery({ tag })}`))
      expect(second.count).toBe(pins.length - 3)
      expect(second.results.map((s: any) => s.requestid)).toEqual(pins.slice(3, 6).map((p) => p.requestid))
      const after = jsonOf(
        await get(`/pins?limit=1000&after=${encodeURIComponent(pins[2].created)}&${metaQuery({ tag })}`)
      )
      expect(after.count).toBe(2)
      expect(after.results.map((s: any) => s.requestid)).toEqual(pins.slice(0, 2).map((p) => p.requestid))
      // RFC3339Nano, as Kubo sends it: nine fractional digits.
      const nano = pins[3].created.replace('Z', '000000Z')
      expect(ids(await get(`/pins?limit=1000&before=${nano}&${metaQuery({ tag })}`))).toEqual(
        pins.slice(4).map((p) => p.requestid)
      )
      const between = `/pins?after=${encodeURIComponent(pins[5].created)}&before=${
        encodeURIComponent(pins[1].created)
      }&${metaQuery({ tag })}`
      expect(ids(await get(between))).toEqual(pins.slice(2, 5).map((p) => p.requestid))
    })
  })

  describe('bad input gets a Failure and changes nothing', () => {
    const RAW = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
    const badPosts: Array<[string, unknown]> = [
      ['an invalid CID', { cid: 'QmNotACid' }],
      ['a missing CID', { name: 'x' }],
      ['an over-long name', { cid: RAW, name: 'n'.repeat(256) }],
      ['too many origins', {
        cid: RAW,
        origins: Array.from({ length: 21 }, (_, i) => `/ip4/127.0.0.1/tcp/${i + 1}/p2p/${PEER}`)
      }],
      ['a malformed origin', { cid: RAW, origins: ['http://example.com'] }],
      ['a non-string meta value', { cid: RAW, meta: { n: 1 } }],
      ['malformed JSON', '{"cid": '],
      ['a non-object body', '["bafy"]'],
      ['an empty body', '']
    ]
    test.each(badPosts)('POST with %s is 400', async (_, body) => {
      const before = await countAll()
      expectFailure(await send('POST', '/pins', body), 400, 'BAD_REQUEST')
      expect(await countAll()).toBe(before)
    })

    test('an oversized body is 413', async () => {
      const before = await countAll()
      const body = JSON.stringify({ cid: RAW, meta: { big: 'x'.repeat(1024 * 1024 + 1) } })
      expectFailure(await send('POST', '/pins', body), 413, 'PAYLOAD_TOO_LARGE')
      expect(await countAll()).toBe(before)
    })

    test.each([
      'limit=0',
      'limit=1001',
      'limit=abc',
      'status=done',
      'match=fuzzy&name=x',
      `name=${'n'.repeat(256)}`,
      'cid=nope',
      `cid=${Array(11).fill(RAW).join(',')}`,
      'before=yesterday',
      'after=2020-13-01T00:00:00Z',
      'meta=notjson',
      'meta=%5B%5D',
      'meta=%7B%22a%22%3A1%7D'
    ])('GET /pins?%s is 400', async (query) => {
      expectFailure(await get(`/pins?${query}`), 400, 'BAD_REQUEST')
    })

    test('unknown paths are 404 and unknown methods 405, as Failures, never the page', async () => {
      expectFailure(await get('/nothing-here'), 404, 'NOT_FOUND')
      expectFailure(await get(''), 404, 'NOT_FOUND')
      expectFailure(await get('/pins/a/b'), 404, 'NOT_FOUND')
      const put = await client.fetch(url('/pins'), { method: 'PUT', headers: auth, body: '{}' })
      expectFailure(put, 405, 'METHOD_NOT_ALLOWED')
      expect(put.headers.allow).toBe('GET, POST')
      expectFailure(await client.fetch(url('/pins'), { method: 'DELETE', headers: auth }), 405, 'METHOD_NOT_ALLOWED')
      expectFailure(
        await client.fetch(url('/pins/x'), { method: 'PATCH', headers: auth, body: '{}' }),
        405,
        'METHOD_NOT_ALLOWED'
      )
    })
  })
}
