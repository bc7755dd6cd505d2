import { describe, expect, test } from 'vitest'
import { BadRequestError } from '../../src/api/errors.ts'
import { parseListQuery } from '../../src/api/parse-list-query.ts'

const V0 = 'QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n'
const V1_OF_V0 = 'bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku'
const RAW = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

const parse = (query: string) => parseListQuery(new URLSearchParams(query))

describe('parseListQuery', () => {
  test('no filter at all lists pinned only, 10 at a time', () => {
    expect(parse('')).toEqual({ statuses: ['pinned'], limit: 10 })
    expect(parse('limit=5&match=iexact')).toEqual({ statuses: ['pinned'], limit: 5 })
  })

  test.each([
    'cid=' + RAW,
    'name=x',
    'before=2020-01-01T00:00:00Z',
    'after=2020-01-01T00:00:00Z',
    'meta={}',
    'meta[a]=b'
  ])(
    'any other filter (%s) without status lists every status',
    (query) => {
      expect(parse(query).statuses).toEqual(['queued', 'pinning', 'pinned', 'failed'])
    }
  )

  test('status lists, comma-joined, percent-encoded or exploded, deduplicated', () => {
    expect(parse('status=queued%2Cpinning').statuses).toEqual(['queued', 'pinning'])
    expect(parse('status=failed&status=queued,failed').statuses).toEqual(['failed', 'queued'])
  })

  test('CIDv0 and its CIDv1 normalise to one key', () => {
    expect(parse(`cid=${V0},${V1_OF_V0},${RAW}`).cidKeys).toEqual([V1_OF_V0, RAW])
  })

  test('before and after are strict bounds in whole milliseconds', () => {
    const ms = Date.UTC(2020, 6, 27, 17, 32, 28, 276)
    expect(parse('before=2020-07-27T17:32:28.276Z').before).toBe(ms)
    // created < 28.2760001 holds for created = 28.276, so the exclusive bound moves up by one.
    expect(parse('before=2020-07-27T17:32:28.2760001Z').before).toBe(ms + 1)
    expect(parse('after=2020-07-27T17:32:28.276999999Z').after).toBe(ms)
  })

  test('meta in the spec form and in the JS client form, ANDed', () => {
    expect(parse('meta=' + encodeURIComponent('{"app_id":"demo"}')).meta).toEqual({ app_id: 'demo' })
    expect(parse('meta%5Bapp_id%5D=demo&meta[v]=1').meta).toEqual({ app_id: 'demo', v: '1' })
    expect(parse('meta={"a":"1"}&meta[b]=2').meta).toEqual({ a: '1', b: '2' })
    expect(parse('meta[__proto__]=x').meta).toEqual(Object.fromEntries([['__proto__', 'x']]))
  })

  test('name with each match strategy', () => {
    expect(parse('name=Foo&match=ipartial').name).toEqual({ value: 'Foo', match: 'ipartial' })
    expect(parse('name=Foo').name).toEqual({ value: 'Foo', match: 'exact' })
  })

  test.each([
    ['limit=0', /limit/],
    ['limit=1001', /limit/],
    ['limit=ten', /limit/],
    ['limit=1.5', /limit/],
    ['limit=', /limit/],
    ['status=done', /status/],
    ['status=queued,', /empty item/],
    ['status=', /empty item/],
    ['match=fuzzy&name=x', /match/],
    ['name=' + 'n'.repeat(256), /255/],
    ['cid=notacid', /not a valid CID/],
    ['cid=' + Array(11).fill(RAW).join(','), /at most 10/],
    ['before=yesterday', /RFC 3339/],
    ['after=2020-07-27', /RFC 3339/],
    ['limit=1&limit=2', /once/],
    ['meta=notjson', /not valid JSON/],
    ['meta=[1]', /object/],
    ['meta={"a":1}', /string/],
    ['meta=null', /object/],
    ['meta={"a":"1"}&meta[a]=2', /two different values/]
  ])('%s is a bad request', (query, details) => {
    expect(() => parse(query)).toThrow(BadRequestError)
    expect(() => parse(query)).toThrow(details)
  })

  test('a name of 255 characters outside the BMP is accepted', () => {
    expect(parse('name=' + encodeURIComponent('😀'.repeat(255))).name?.value).toHaveLength(510)
  })
})
