import { describe, expect, test } from 'vitest'
import { checkPin } from '../../src/api/check-pin.ts'
import { BadRequestError } from '../../src/api/errors.ts'
import { parsePin } from '../../src/api/parse-pin.ts'

const RAW = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const PEER = '12D3KooWPAQzJxB61eyeDyuXWv2HiNRdomjcaVWQxjkXG6Uthvrh'
const GOOD_ORIGIN = `/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`
const origins = (count: number) => Array.from({ length: count }, (_, i) => `/ip4/127.0.0.1/tcp/${i + 1}`)
const metaOf = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, 'v']))

describe('checkPin', () => {
  test('a valid pin, and no field at all, have no problem', () => {
    expect(checkPin({ cid: RAW, name: 'a.pdf', origins: [GOOD_ORIGIN], meta: { app: 'x' } })).toEqual([])
    expect(checkPin({})).toEqual([])
    expect(checkPin({ cid: RAW, name: 'n'.repeat(255), origins: origins(20), meta: metaOf(1000) })).toEqual([])
  })

  test.each([
    [{ cid: 42 }, { field: 'cid', message: 'must be a string, not a number' }],
    [{ cid: 'nope' }, { field: 'cid', message: expect.stringMatching(/^"nope" is not a valid CID: /) }],
    [{ name: null }, { field: 'name', message: 'must be a string, not null' }],
    [{ name: '😀'.repeat(256) }, { field: 'name', message: 'is 256 characters long; at most 255 are allowed' }],
    [{ origins: 'x' }, { field: 'origins', message: 'must be an array of multiaddr strings, not a string' }],
    [{ origins: origins(21) }, { field: 'origins', message: 'has 21 entries; at most 20 are allowed' }],
    [{ origins: [GOOD_ORIGIN, 7] }, { field: 'origins', index: 1, message: 'must be a string, not a number' }],
    [{ origins: [GOOD_ORIGIN, 'http://x'] }, {
      field: 'origins',
      index: 1,
      message: expect.stringMatching(/^"http:\/\/x" is not a valid multiaddr: /)
    }],
    [{ origins: [GOOD_ORIGIN, '/dns4/a.example/tcp/443/https', GOOD_ORIGIN] }, {
      field: 'origins',
      index: 2,
      message: `"${GOOD_ORIGIN}" is listed twice; origins must be unique`
    }],
    [{ meta: ['a'] }, { field: 'meta', message: 'must be an object of string values, not an array' }],
    [{ meta: metaOf(1001) }, { field: 'meta', message: 'has 1001 entries; at most 1000 are allowed' }],
    [{ meta: { a: 'x', b: 1 } }, { field: 'meta', key: 'b', message: 'must be a string, not a number' }]
  ])('%j: one problem, with its field (and index or key)', (pin, problem) => {
    expect(checkPin(pin)).toEqual([problem])
  })

  test('every field is checked on its own, and every bad origin is named by its index', () => {
    const problems = checkPin({ cid: 'nope', name: 1, origins: ['a', GOOD_ORIGIN, 'b'], meta: { k: true } })
    expect(problems.map(({ field, index, key }) => ({ field, index, key }))).toEqual([
      { field: 'cid', index: undefined, key: undefined },
      { field: 'name', index: undefined, key: undefined },
      { field: 'origins', index: 0, key: undefined },
      { field: 'origins', index: 2, key: undefined },
      { field: 'meta', index: undefined, key: 'k' }
    ])
  })

  test('a long value is clipped in the message', () => {
    const [problem] = checkPin({ origins: ['x'.repeat(300)] })
    expect(problem?.message).toMatch(/^"x{100}…" is not a valid multiaddr/)
  })
})

describe('parsePin words each problem as the API does: the schema\'s field name, then the same message', () => {
  test.each([
    [{ cid: 'nope' }, 'Pin.cid'],
    [{ cid: RAW, name: 'n'.repeat(256) }, 'Pin.name'],
    [{ cid: RAW, origins: origins(21) }, 'Pin.origins'],
    [{ cid: RAW, origins: [GOOD_ORIGIN, 'http://x'] }, 'Pin.origins[1]'],
    [{ cid: RAW, meta: { team: 1 } }, 'Pin.meta["team"]']
  ])('%j', (body, fieldName) => {
    const [problem] = checkPin(body)
    expect(() => parsePin(body)).toThrow(new BadRequestError(`${fieldName} ${problem?.message ?? ''}`))
  })

  test('the first problem is the one reported, and a missing CID is the parser\'s to refuse', () => {
    expect(() => parsePin({ cid: RAW, name: 1, origins: 'x' })).toThrow('Pin.name must be a string, not a number')
    expect(() => parsePin({ name: 'x' })).toThrow('Pin.cid is required')
  })
})
