import 'fake-indexeddb/auto'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { identity } from 'multiformats/hashes/identity'
import { expect, test } from 'vitest'
import { PEER_ID_SETTING } from '../../src/identity/peer-id.ts'
import { createServiceCore } from '../../src/service-core.ts'
import { connectServiceDatabase } from '../../src/store/database.ts'
import { createIdbEngineStore } from '../../src/store/engine-store.ts'
import { TEST_PEER_ID } from '../support/node-service.ts'

const cidOf = (text: string) => CID.create(1, raw.code, identity.digest(new TextEncoder().encode(text))).toString()

test('the engine finds every record that wants work, across looks that start from where the last one left off', async () => {
  const connection = connectServiceDatabase(`engine-store-work-${process.pid}`)
  await (await connection.open()).put('settings', TEST_PEER_ID, PEER_ID_SETTING)
  const { pins } = createServiceCore({ connection, notify: () => {} })
  const store = createIdbEngineStore(connection)
  const work = async (skip: string[] = []) => (await store.nextWork(10, new Set(skip))).map((record) => record.pin.cid)

  const [a, b, c, d, e] = ['a', 'b', 'c', 'd', 'e'].map(cidOf) as [string, string, string, string, string]
  await pins.add({ cid: a })
  await pins.add({ cid: b })
  expect(await work()).toEqual([a, b])

  // A job that starts moves its records to pinning; one cut short leaves them there, to be found again.
  await store.setStatus(a, ['queued', 'pinning'], 'pinning', {})
  await store.setStatus(b, ['queued', 'pinning'], 'pinned', {})
  expect(await work()).toEqual([a])
  await pins.add({ cid: c })
  expect(await work([a])).toEqual([c])

  // Nothing left to do: the next look starts at the newest record, and still finds what is made after it.
  await store.setStatus(a, ['queued', 'pinning'], 'pinned', {})
  await store.setStatus(c, ['queued', 'pinning'], 'failed', {})
  expect(await work()).toEqual([])
  expect(await work()).toEqual([])
  await pins.add({ cid: d })
  expect(await work()).toEqual([d])
  // A new engine (a fresh store) starts from the status counters, and finds a record an earlier engine left pinning.
  await store.setStatus(d, ['queued', 'pinning'], 'pinning', {})
  await pins.add({ cid: e })
  await store.setStatus(e, ['queued', 'pinning'], 'pinned', {})
  expect((await createIdbEngineStore(connection).nextWork(10, new Set())).map((record) => record.pin.cid)).toEqual([d])
  connection.close()
})
