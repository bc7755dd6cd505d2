import { describe, expect, test } from 'vitest'
import { BadRequestError } from '../../src/api/errors.ts'
import { parsePin } from '../../src/api/parse-pin.ts'

const RAW = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const PEER = '12D3KooWPAQzJxB61eyeDyuXWv2HiNRdomjcaVWQxjkXG6Uthvrh'

describe('parsePin', () => {
  test('keeps cid, name, origins and meta as sent, and drops unknown fields', () => {
    const pin = {
      cid: RAW,
      name: 'a.pdf',
      origins: [`/ip4/127.0.0.1/tcp/4001/p2p/${PEER}`, '/dns4/gw.example/tcp/443/https'],
      meta: { app: 'x' }
    }
    expect(parsePin({ ...pin, extra: 1 })).toEqual(pin)
    expect(parsePin({ cid: 'QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n' })).toEqual({
      cid: 'QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n'
    })
    expect(parsePin({ cid: RAW, origins: [], meta: {}, name: '' })).toEqual({
      cid: RAW,
      origins: [],
      meta: {},
      name: ''
    })
  })

  test('accepts CIDs in any multibase', () => {
    expect(parsePin({ cid: 'zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA' }).cid).toBe(
      'zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA'
    )
    expect(parsePin({ cid: 'k2jmtxrxbr58aa3716vvr99qallufj3qae595op83p37sod4n9n0a5ii' }).cid).toBeDefined()
  })

  test.each([
    [null, /JSON object/],
    [[], /JSON object/],
    ['x', /JSON object/],
    [{}, /cid is required/],
    [{ cid: 42 }, /cid must be a string/],
    [{ cid: 'nope' }, /not a valid CID/],
    [{ cid: ` ${RAW}` }, /not a valid CID/],
    [{ cid: RAW, name: 1 }, /name must be a string/],
    [{ cid: RAW, name: 'x'.repeat(256) }, /at most 255/],
    [{ cid: RAW, origins: 'x' }, /array/],
    [{ cid: RAW, origins: ['nope'] }, /origins\[0\].*not a valid multiaddr/],
    [{ cid: RAW, origins: [1] }, /origins\[0\] must be a string/],
    [{ cid: RAW, origins: Array.from({ length: 21 }, (_, i) => `/ip4/127.0.0.1/tcp/${i + 1}`) }, /at most 20/],
    [{ cid: RAW, origins: ['/ip4/127.0.0.1/tcp/1', '/ip4/127.0.0.1/tcp/1'] }, /twice/],
    [{ cid: RAW, meta: [] }, /object/],
    [{ cid: RAW, meta: { a: 1 } }, /meta\["a"\] must be a string/],
    [{ cid: RAW, meta: { a: null } }, /string/],
    [{ cid: RAW, meta: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, 'v'])) }, /at most 1000/]
  ])('%j is refused', (body, details) => {
    expect(() => parsePin(body)).toThrow(BadRequestError)
    expect(() => parsePin(body)).toThrow(details)
  })
})
