import { seededRandom } from '../../bench/lib/random.ts'
import type { RawResponse } from './api-client.ts'

/**
 * A seeded, replayable fuzz of the pinning API: requests of every shape a page can send (valid and broken pins,
 * list queries, ids that exist or not, odd methods, paths, headers and bodies), each checked against the spec's
 * answers, with a model of what the service accepted. The same seed gives the same requests everywhere.
 */
export interface FuzzRequest {
  method: string
  path: string
  headers: Record<string, string>
  body?: string
  /** What the service should do with it, as the model sees it. */
  expect: Expectation
}

type Expectation =
  | { kind: 'created', pin: ModelPin }
  | { kind: 'replaced', old: string, pin: ModelPin }
  | { kind: 'deleted', id: string }
  | { kind: 'got', id: string }
  | { kind: 'listed' }
  | { kind: 'refused', status: number }
  | { kind: 'options' }

export interface ModelPin {
  cid: string
  name?: string
  meta?: Record<string, string>
  origins?: string[]
}

export interface FuzzOutcome {
  requests: number
  /** How many answers had each status. */
  statuses: Record<number, number>
  /** Answers outside what the spec allows for the request, with why. */
  violations: string[]
  /** The pins the service accepted and did not delete, by requestid. */
  model: Map<string, ModelPin>
}

const BASE = '/api/v1'
const CIDS = [
  'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy',
  'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
  'QmfM2r8seH2GiRaC4esTjeraXEachRt8ZsSeGaWTPLyMoG',
  'bafkqaaa',
  'bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq'
]
const BAD_CIDS = ['', 'hello', 'Qm', 'bafy' + 'x'.repeat(60), 'https://ipfs.io/ipfs/x', ' bafkqaaa', 'z'.repeat(300)]
const NAMES = ['report.pdf', 'Ünïcödé ✓', '', 'a/b\\c', '<script>alert(1)</script>', 'x'.repeat(255), ' spaced ']
const ORIGINS = [
  '/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWPAQzJxB61eyeDyuXWv2HiNRdomjcaVWQxjkXG6Uthvrh',
  '/dns4/gw.example/tcp/443/https'
]

export function createFuzzer (seed: number, token: string) {
  const random = seededRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const chance = (p: number) => random() < p
  const auth = { Authorization: `Bearer ${token}` }
  /** Ids the model knows, and ids that it deleted (which must then be 404). */
  const known: string[] = []

  const validPin = (): ModelPin => {
    const pin: ModelPin = { cid: pick(CIDS) }
    if (chance(0.7)) pin.name = pick(NAMES)
    if (chance(0.4)) {
      pin.meta = Object.fromEntries(
        Array.from(
          { length: 1 + Math.floor(random() * 3) },
          (_, i) => [`k${i}${pick(['', '.x', ' '])}`, pick(['v', '', 'ü', 'long'.repeat(20)])]
        )
      )
    }
    if (chance(0.2)) pin.origins = chance(0.5) ? [pick(ORIGINS)] : [...ORIGINS]
    return pin
  }

  /** A body that is not a valid Pin, and the status it must get. */
  const brokenBody = (): { body: string, status: number } =>
    pick([
      () => ({ body: JSON.stringify({ cid: pick(BAD_CIDS) }), status: 400 }),
      () => ({ body: JSON.stringify({ name: 'no cid' }), status: 400 }),
      () => ({ body: JSON.stringify({ cid: pick(CIDS), name: 'n'.repeat(256) }), status: 400 }),
      () => ({ body: JSON.stringify({ cid: pick(CIDS), origins: ['not a multiaddr'] }), status: 400 }),
      () => ({ body: JSON.stringify({ cid: pick(CIDS), origins: Array(21).fill(ORIGINS[0]) }), status: 400 }),
      () => ({ body: JSON.stringify({ cid: pick(CIDS), meta: { a: 1 } }), status: 400 }),
      () => ({ body: JSON.stringify({ cid: pick(CIDS), meta: 'x' }), status: 400 }),
      () => ({ body: JSON.stringify([pick(CIDS)]), status: 400 }),
      () => ({ body: '{"cid":', status: 400 }),
      () => ({ body: '', status: 400 }),
      () => ({ body: 'null', status: 400 }),
      () => ({ body: '\u0000\u0001\u0002', status: 400 }),
      () => ({ body: JSON.stringify({ cid: 7 }), status: 400 })
    ])()

  const listQuery = (): { query: string, status: number } => {
    const parts: string[] = []
    let status = 200
    const add = (param: string, valid: boolean) => {
      parts.push(param)
      if (!valid) status = 400
    }
    if (chance(0.3)) {
      add(`status=${pick(['queued', 'pinning,pinned', 'queued%2Cpinning%2Cpinned%2Cfailed', 'failed'])}`, true)
    }
    if (chance(0.05)) add(`status=${pick(['done', '', 'queued,,pinned'])}`, false)
    if (chance(0.3)) add(`limit=${pick(['1', '10', '1000', '500'])}`, true)
    if (chance(0.05)) add(`limit=${pick(['0', '1001', '-1', 'abc', '1.5'])}`, false)
    if (chance(0.2)) {
      add(
        `cid=${encodeURIComponent(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(CIDS)).join(','))}`,
        true
      )
    }
    if (chance(0.03)) add(`cid=${encodeURIComponent(pick(BAD_CIDS.filter((cid) => cid !== '')))}`, false)
    if (chance(0.2)) {
      add(
        `name=${encodeURIComponent(pick(NAMES.filter((name) => name !== '')))}&match=${
          pick(['exact', 'iexact', 'partial', 'ipartial'])
        }`,
        true
      )
    }
    if (chance(0.03)) add('match=fuzzy&name=x', false)
    if (chance(0.15)) {
      add(
        `${pick(['before', 'after'])}=${
          encodeURIComponent(
            pick(['2020-07-27T17:32:28Z', '2099-01-01T00:00:00.123456789+02:00', new Date().toISOString()])
          )
        }`,
        true
      )
    }
    if (chance(0.03)) add(`${pick(['before', 'after'])}=${pick(['yesterday', '2020-13-01T00:00:00Z', ''])}`, false)
    if (chance(0.15)) add(pick([`meta=${encodeURIComponent('{"k0":"v"}')}`, 'meta%5Bk0%5D=v']), true)
    if (chance(0.03)) add(pick(['meta=notjson', 'meta=%5B%5D', `meta=${encodeURIComponent('{"a":1}')}`]), false)
    if (chance(0.05)) add('unknown=param', true)
    if (chance(0.02)) add('limit=1&limit=2', false)
    return { query: parts.length === 0 ? '' : `?${parts.join('&')}`, status }
  }

  const someId = () =>
    known.length > 0 && chance(0.7)
      ? pick(known)
      : pick(['00000000-0000-0000-0000-000000000000', 'nope', encodeURIComponent('weird/id?'), '%E2%9C%93'])

  function next (): FuzzRequest {
    const roll = random()
    if (roll < 0.3) {
      if (chance(0.7)) {
        const pin = validPin()
        return {
          method: 'POST',
          path: `${BASE}/pins`,
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify(pin),
          expect: { kind: 'created', pin }
        }
      }
      const { body, status } = brokenBody()
      return {
        method: 'POST',
        path: `${BASE}/pins`,
        headers: { ...auth, 'Content-Type': pick(['application/json', 'text/plain', 'application/octet-stream']) },
        body,
        expect: { kind: 'refused', status }
      }
    }
    if (roll < 0.55) {
      const { query, status } = listQuery()
      return {
        method: 'GET',
        path: `${BASE}/pins${query}`,
        headers: auth,
        expect: status === 200 ? { kind: 'listed' } : { kind: 'refused', status }
      }
    }
    if (roll < 0.7) {
      const id = someId()
      return {
        method: 'GET',
        path: `${BASE}/pins/${id}`,
        headers: auth,
        expect: known.includes(id) ? { kind: 'got', id } : { kind: 'refused', status: 404 }
      }
    }
    if (roll < 0.8) {
      const id = someId()
      if (chance(0.75)) {
        const pin = validPin()
        return {
          method: 'POST',
          path: `${BASE}/pins/${id}`,
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify(pin),
          expect: known.includes(id) ? { kind: 'replaced', old: id, pin } : { kind: 'refused', status: 404 }
        }
      }
      // The body is read before the id is looked up: a broken body is 400 whether the id exists or not.
      const { body, status } = brokenBody()
      return {
        method: 'POST',
        path: `${BASE}/pins/${id}`,
        headers: { ...auth, 'Content-Type': 'application/json' },
        body,
        expect: { kind: 'refused', status }
      }
    }
    if (roll < 0.9) {
      const id = someId()
      return {
        method: 'DELETE',
        path: `${BASE}/pins/${id}`,
        headers: auth,
        expect: known.includes(id) ? { kind: 'deleted', id } : { kind: 'refused', status: 404 }
      }
    }
    return pick([
      () => ({
        method: 'GET',
        path: `${BASE}/pins`,
        headers: pick([{}, { Authorization: 'Bearer nope' }, { Authorization: 'Basic dXNlcjpwYXNz' }, {
          Authorization: ''
        }]),
        expect: { kind: 'refused', status: 401 } as Expectation
      }),
      () => ({
        method: 'POST',
        path: `${BASE}/pins`,
        headers: { Authorization: `Bearer ${token}x` },
        body: JSON.stringify(validPin()),
        expect: { kind: 'refused', status: 401 } as Expectation
      }),
      () => ({
        method: pick(['PUT', 'PATCH']),
        path: `${BASE}/pins${pick(['', '/x'])}`,
        headers: auth,
        body: '{}',
        expect: { kind: 'refused', status: 405 } as Expectation
      }),
      () => ({
        method: 'DELETE',
        path: `${BASE}/pins`,
        headers: auth,
        expect: { kind: 'refused', status: 405 } as Expectation
      }),
      () => ({
        method: 'GET',
        path: `${BASE}${pick(['', '/', '/nothing', '/pins/a/b', '/pins/%ZZ', `/${'x'.repeat(2000)}`])}`,
        headers: auth,
        expect: { kind: 'refused', status: 404 } as Expectation
      }),
      () => ({ method: 'OPTIONS', path: `${BASE}/pins`, headers: {}, expect: { kind: 'options' } as Expectation })
    ])()
  }

  /** Checks an answer against the spec and the model, and moves the model on. */
  function check (request: FuzzRequest, response: RawResponse, outcome: FuzzOutcome): void {
    outcome.requests++
    outcome.statuses[response.status] = (outcome.statuses[response.status] ?? 0) + 1
    const fail = (why: string) => {
      outcome.violations.push(`${request.method} ${request.path.slice(0, 120)} → ${response.status}: ${why}`)
    }
    const expectation = request.expect
    // Any write may fail for reasons of the store (a 5XX with a Failure): then nothing changed.
    if (response.status >= 500) {
      if (!isFailure(response.body)) fail('a 5XX without a Failure body')
      return
    }
    switch (expectation.kind) {
      case 'refused':
        if (response.status !== expectation.status) fail(`expected ${expectation.status}`)
        else if (!isFailure(response.body)) fail('no Failure body with reason and details')
        return
      case 'options':
        if (response.status !== 204) fail('expected 204')
        return
      case 'created':
      case 'replaced': {
        if (response.status !== 202) return fail('expected 202')
        const status = parse(response.body)
        if (!isPinStatus(status) || !samePin(status.pin, expectation.pin)) {
          return fail('not a PinStatus echoing the pin')
        }
        if (expectation.kind === 'replaced') {
          outcome.model.delete(expectation.old)
          known.splice(known.indexOf(expectation.old), 1)
        }
        outcome.model.set(status.requestid, expectation.pin)
        known.push(status.requestid)
        return
      }
      case 'deleted':
        if (response.status !== 202 || response.body !== '') return fail('expected 202 with no body')
        outcome.model.delete(expectation.id)
        known.splice(known.indexOf(expectation.id), 1)
        return
      case 'got': {
        const status = parse(response.body)
        if (response.status !== 200 || !isPinStatus(status)) return fail('expected 200 with a PinStatus')
        const pin = outcome.model.get(expectation.id)
        if (pin === undefined || !samePin(status.pin, pin)) fail('not the pin the model holds')
        return
      }
      case 'listed': {
        const body = parse(response.body) as { count?: unknown, results?: unknown } | undefined
        if (response.status !== 200 || typeof body?.count !== 'number' || !Array.isArray(body.results)) {
          return fail('expected 200 with PinResults')
        }
        if (body.results.length > body.count) fail('more results than count')
        const created = body.results.map((status: { created?: string }) => Date.parse(status.created ?? ''))
        if (created.some((time, i) => i > 0 && time >= (created[i - 1] as number))) fail('not newest first')
        for (const status of body.results) {
          if (!isPinStatus(status) || !outcome.model.has(status.requestid)) {
            fail(`a result the model does not hold: ${JSON.stringify(status).slice(0, 120)}`)
          }
        }
      }
    }
  }

  return { next, check }
}

function parse (text: string): any {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isFailure (text: string): boolean {
  const body = parse(text)
  return typeof body?.error?.reason === 'string' && typeof body.error.details === 'string' &&
    body.error.details.length > 0 && Object.keys(body).length === 1
}

function isPinStatus (status: any): status is { requestid: string, pin: ModelPin, created: string } {
  return typeof status?.requestid === 'string' && ['queued', 'pinning', 'pinned', 'failed'].includes(status.status) &&
    typeof status.created === 'string' && Array.isArray(status.delegates) && status.delegates.length > 0 &&
    typeof status.pin?.cid === 'string'
}

function samePin (a: ModelPin, b: ModelPin): boolean {
  return canonical(a) === canonical(b)
}

/** JSON with object keys sorted: the service may echo a pin's fields in another order. */
function canonical (value: unknown): string {
  return JSON.stringify(
    value,
    (_, inner: unknown) =>
      inner !== null && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
        : inner
  )
}

/** Every pin the service holds, read page by page (all statuses), by requestid. */
export async function storedPins (
  fetchJson: (
    path: string
  ) => Promise<{ count: number, results: Array<{ requestid: string, created: string, pin: ModelPin }> }>
): Promise<Map<string, ModelPin>> {
  const stored = new Map<string, ModelPin>()
  let before = ''
  for (;;) {
    const page = await fetchJson(`${BASE}/pins?status=queued,pinning,pinned,failed&limit=1000${before}`)
    for (const status of page.results) stored.set(status.requestid, status.pin)
    if (page.results.length < 1000) return stored
    before = `&before=${encodeURIComponent(page.results.at(-1)!.created)}`
  }
}
