import { describe, expect, test } from 'vitest'
import { checkPinFields } from '../../src/ui/pin-validation.ts'

const RAW = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'
const GOOD_ORIGIN = '/dns4/gateway.example/tcp/443/https'
const EMPTY = { cid: RAW, name: '', origins: [], meta: [] }

describe('the pin form\'s checks', () => {
  test('a bad origin is named by its line among those filled in, in the form\'s words', () => {
    const typed = [GOOD_ORIGIN, '', ' http://example.com ', GOOD_ORIGIN]
    const { errors, pin } = checkPinFields({ ...EMPTY, origins: typed })
    expect(pin).toBeUndefined()
    expect(errors.origins).toMatch(/^Origin 2 "http:\/\/example.com" is not a valid multiaddr: /)
    expect(checkPinFields({ ...EMPTY, origins: [GOOD_ORIGIN, GOOD_ORIGIN] }).errors.origins)
      .toBe(`Origin 2 "${GOOD_ORIGIN}" is listed twice; origins must be unique`)
    const many = Array.from({ length: 21 }, (_, i) => `/ip4/127.0.0.1/tcp/${i + 1}`)
    expect(checkPinFields({ ...EMPTY, origins: many }).errors.origins)
      .toBe('The origins list has 21 entries; at most 20 are allowed')
  })

  test('each field gets its own problem, all at once', () => {
    const fields = { cid: 'hello', name: 'n'.repeat(256), origins: ['nope'], meta: [{ key: '', value: 'v' }] }
    const { errors } = checkPinFields(fields)
    expect(errors).toEqual({
      cid: expect.stringMatching(/^“hello” is not a CID/),
      name: 'The name is 256 characters long; at most 255 are allowed',
      origins: expect.stringMatching(/^Origin 1 "nope" is not a valid multiaddr/),
      meta: 'Meta row 1 has a value but no key.'
    })
  })

  test('a valid form gives the pin, trimmed, with blank lines and rows left out', () => {
    const meta = [{ key: 'k', value: 'v' }, { key: '', value: '' }]
    const fields = { cid: ` ${RAW} `, name: 'a', origins: [` ${GOOD_ORIGIN}`, ''], meta }
    const pin = { cid: RAW, name: 'a', origins: [GOOD_ORIGIN], meta: { k: 'v' } }
    expect(checkPinFields(fields)).toMatchObject({ errors: {}, pin })
  })

  test('a pin too large for the API is refused as a whole', () => {
    const meta = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(2000) }))
    const { errors, pin } = checkPinFields({ ...EMPTY, meta })
    expect(pin).toBeUndefined()
    expect(errors).toEqual({ size: 'This pin is larger than the API takes (1.0 MiB as JSON): shorten its meta.' })
  })
})
