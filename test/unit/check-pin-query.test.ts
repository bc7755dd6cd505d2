import { describe, expect, test } from 'vitest'
import { checkPinQuery } from '../../src/api/check-pin-query.ts'
import { BadRequestError } from '../../src/api/errors.ts'
import { normalizePinQuery } from '../../src/api/normalize-pin-query.ts'
import { parseListQuery } from '../../src/api/parse-list-query.ts'
import type { PinQuery } from '../../src/index.ts'

const V0 = 'QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n'
const V1_OF_V0 = 'bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku'
const RAW = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const ALL: PinQuery = { statuses: ['queued', 'pinning', 'pinned', 'failed'], limit: 10 }
const metaOf = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']))

describe('checkPinQuery', () => {
  test('a valid query has no problem, with CIDs in any form', () => {
    expect(checkPinQuery(ALL)).toEqual([])
    const name = { value: 'n'.repeat(255), match: 'ipartial' as const }
    const full: PinQuery = { ...ALL, cidKeys: [V0, RAW], name, before: 2, after: 1, meta: metaOf(1000) }
    expect(checkPinQuery(full)).toEqual([])
  })

  test.each<[Partial<PinQuery>, object]>([
    [{ cidKeys: Array(11).fill(RAW) }, { field: 'cid', message: 'has 11 CIDs; at most 10 are allowed' }],
    [{ cidKeys: [RAW, 'nope'] }, {
      field: 'cid',
      index: 1,
      message: expect.stringMatching(/^"nope" is not a valid CID: /)
    }],
    [{ name: { value: 'n'.repeat(256), match: 'exact' } }, {
      field: 'name',
      message: 'is 256 characters long; at most 255 are allowed'
    }],
    [{ name: { value: 'x', match: 'fuzzy' as never } }, {
      field: 'match',
      message: '"fuzzy" is not one of exact, iexact, partial, ipartial'
    }],
    [{ before: 1.5 }, { field: 'before', message: 'must be a time in whole milliseconds since 1970' }],
    [{ after: Number.NaN }, { field: 'after', message: 'must be a time in whole milliseconds since 1970' }],
    [{ meta: metaOf(1001) }, { field: 'meta', message: 'has 1001 entries; at most 1000 are allowed' }],
    [{ meta: { a: 1 as never } }, { field: 'meta', key: 'a', message: 'must be a string, not a number' }],
    [{ statuses: [] }, {
      field: 'status',
      message: 'names no state; give at least one of queued, pinning, pinned, failed'
    }],
    [{ statuses: ['queued', 'done' as never] }, {
      field: 'status',
      index: 1,
      message: '"done" is not one of queued, pinning, pinned, failed'
    }],
    [{ limit: 0 }, { field: 'limit', message: 'must be a whole number from 1 to 1000' }],
    [{ limit: 1001 }, { field: 'limit', message: 'must be a whole number from 1 to 1000' }],
    [{ limit: 2.5 }, { field: 'limit', message: 'must be a whole number from 1 to 1000' }]
  ])('%j: one problem, with its parameter (and index or key)', (change, problem) => {
    expect(checkPinQuery({ ...ALL, ...change })).toEqual([problem])
  })

  test('every problem is reported, each bad CID by its index', () => {
    const query: PinQuery = { statuses: ['pinned'], limit: 0, cidKeys: ['a', RAW, 'b'] }
    expect(checkPinQuery(query).map(({ field, index }) => ({ field, index }))).toEqual([
      { field: 'cid', index: 0 },
      { field: 'cid', index: 2 },
      { field: 'limit', index: undefined }
    ])
  })
})

describe('normalizePinQuery', () => {
  test('each CID in the form pins are matched by, each CID and state once; the rest as it was', () => {
    const statuses: PinQuery['statuses'] = ['failed', 'queued', 'failed']
    const query: PinQuery = { statuses, limit: 5, after: 3, cidKeys: [V0, V1_OF_V0, RAW] }
    expect(normalizePinQuery(query))
      .toEqual({ statuses: ['failed', 'queued'], limit: 5, cidKeys: [V1_OF_V0, RAW], after: 3 })
    expect(query.cidKeys).toEqual([V0, V1_OF_V0, RAW])
  })
})

describe('GET /pins refuses what checkPinQuery finds, naming the parameter before the same message', () => {
  const detailsOf = (search: string) => {
    try {
      parseListQuery(new URLSearchParams(search))
    } catch (error) {
      if (error instanceof BadRequestError) return error.message
      throw error
    }
    throw new Error(`${search} was accepted`)
  }
  const messageOf = (change: Partial<PinQuery>) => checkPinQuery({ ...ALL, ...change })[0]?.message ?? ''

  test.each<[string, string, Partial<PinQuery>]>([
    ['cid=' + Array(11).fill(RAW).join(','), 'The cid filter', { cidKeys: Array(11).fill(RAW) }],
    [`cid=${RAW},nope`, 'The cid filter value', { cidKeys: [RAW, 'nope'] }],
    ['name=' + 'n'.repeat(256), 'The name filter', { name: { value: 'n'.repeat(256), match: 'exact' } }],
    ['name=x&match=fuzzy', 'The match parameter', { name: { value: 'x', match: 'fuzzy' as never } }],
    ['meta=' + encodeURIComponent(JSON.stringify(metaOf(1001))), 'The meta filter', { meta: metaOf(1001) }],
    ['meta={"team":1}', 'The meta filter["team"]', { meta: { team: 1 as never } }],
    ['status=queued,done', 'The status filter value', { statuses: ['queued', 'done' as never] }],
    ['limit=1001', 'The limit "1001"', { limit: 1001 }]
  ])('%s', (search, parameter, change) => {
    expect(detailsOf(search)).toBe(`${parameter} ${messageOf(change)}`)
  })

  test('a wrong match is refused even without a name to match', () => {
    expect(detailsOf('match=fuzzy')).toBe('The match parameter "fuzzy" is not one of exact, iexact, partial, ipartial')
  })

  test('the parsed query is the normalized one', () => {
    expect(parseListQuery(new URLSearchParams(`cid=${V0},${V1_OF_V0}&status=failed,failed`)))
      .toEqual({ statuses: ['failed'], limit: 10, cidKeys: [V1_OF_V0] })
  })
})
