import { describe, expect, test } from 'vitest'
import { EMPTY_FILTER, filterQuery } from '../../src/ui/list-query.ts'

const V0 = 'QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n'
const V1_OF_V0 = 'bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku'
const RAW = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy'

describe('the pin list\'s query', () => {
  test('no state ticked lists every state; the page gives limit and before', () => {
    const all = ['queued', 'pinning', 'pinned', 'failed']
    expect(filterQuery(EMPTY_FILTER, { limit: 20 })).toEqual({ query: { statuses: all, limit: 20 } })
    const before = '2020-07-27T17:32:28.276Z'
    expect(filterQuery({ ...EMPTY_FILTER, statuses: ['failed'] }, { limit: 20, before }))
      .toEqual({ query: { statuses: ['failed'], limit: 20, before: Date.UTC(2020, 6, 27, 17, 32, 28, 276) } })
  })

  test('name, CIDs (any form, by commas or spaces, matched once) and meta rows', () => {
    const meta = [{ key: 'team', value: 'red' }]
    const filter = { ...EMPTY_FILTER, name: 'Report', cids: `${V0}, ${V1_OF_V0}\n${RAW}`, meta }
    expect(filterQuery(filter, { limit: 10 }).query).toMatchObject({
      name: { value: 'Report', match: 'ipartial' },
      cidKeys: [V1_OF_V0, RAW],
      meta: { team: 'red' }
    })
  })

  test('what GET /pins would refuse is a sentence, worded as the API words it', () => {
    expect(filterQuery({ ...EMPTY_FILTER, cids: `${RAW} not-a-cid` }, { limit: 10 }).problem)
      .toMatch(/^The cid filter value "not-a-cid" is not a valid CID: /)
    expect(filterQuery({ ...EMPTY_FILTER, cids: Array(11).fill(RAW).join(',') }, { limit: 10 }).problem)
      .toBe('The cid filter has 11 CIDs; at most 10 are allowed')
    expect(filterQuery({ ...EMPTY_FILTER, name: 'n'.repeat(256) }, { limit: 10 }).problem)
      .toBe('The name filter is 256 characters long; at most 255 are allowed')
  })

  test('a half-filled meta row is the form\'s own problem', () => {
    expect(filterQuery({ ...EMPTY_FILTER, meta: [{ key: '', value: 'red' }] }, { limit: 10 }))
      .toEqual({ problem: 'Meta row 1 has a value but no key.' })
  })
})
