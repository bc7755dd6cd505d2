import {
  Configuration,
  RemotePinningServiceClient,
  Status,
  TextMatchingStrategy
} from '@ipfs-shipyard/pinning-service-client'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startBridgedService } from '../support/bridged-service.ts'
import { cidPair, randomCid } from '../support/cids.ts'
import type { BridgedService } from '../support/bridged-service.ts'

let service: BridgedService
let client: RemotePinningServiceClient

beforeAll(async () => {
  service = await startBridgedService('js-client')
  client = new RemotePinningServiceClient(
    new Configuration({ endpointUrl: service.endpoint, accessToken: service.token })
  )
})
afterAll(async () => {
  await service.close()
})

test('@ipfs-shipyard/pinning-service-client round-trips every operation', async () => {
  const cid = await randomCid()
  const added = await client.pinsPost({ pin: { cid, name: 'client.txt', meta: { app_id: 'js-client' } } })
  expect(added.status).toBe(Status.Queued)
  expect(added.pin).toEqual({ cid, name: 'client.txt', meta: { app_id: 'js-client' } })
  expect(added.created).toBeInstanceOf(Date)
  expect(added.delegates[0]).toMatch(/^\/p2p\//)

  const fetched = await client.pinsRequestidGet({ requestid: added.requestid })
  expect({ ...fetched, status: added.status, info: added.info }).toEqual(added)

  const replacement = await randomCid()
  const replaced = await client.pinsRequestidPost({ requestid: added.requestid, pin: { cid: replacement } })
  expect(replaced.requestid).not.toBe(added.requestid)
  await expect(client.pinsRequestidGet({ requestid: added.requestid })).rejects.toMatchObject({ status: 404 })

  await client.pinsRequestidDelete({ requestid: replaced.requestid })
  await expect(client.pinsRequestidGet({ requestid: replaced.requestid })).rejects.toMatchObject({ status: 404 })
})

test('@ipfs-shipyard/pinning-service-client: every filter, as it encodes them', async () => {
  const app = `app-${Math.random().toString(36).slice(2)}`
  const pair = await cidPair()
  const first = await client.pinsPost({ pin: { cid: pair.v0, name: 'Holiday.JPG', meta: { app_id: app } } })
  const second = await client.pinsPost({
    pin: { cid: pair.v1, name: 'holiday.jpg', meta: { app_id: app, album: 'summer' } }
  })
  const third = await client.pinsPost({ pin: { cid: await randomCid(), name: 'notes', meta: { app_id: app } } })
  const ids = (results: { results: Set<{ requestid: string }> | Array<{ requestid: string }> }) =>
    [...results.results].map((r) => r.requestid)

  // meta goes out as meta[app_id]=…, status and cid comma-joined, dates as toISOString().
  const all = await client.pinsGet({ meta: { app_id: app }, status: [Status.Queued, Status.Pinning] })
  expect(all.count).toBe(3)
  expect(ids(all)).toEqual([third.requestid, second.requestid, first.requestid])
  expect(ids(await client.pinsGet({ meta: { app_id: app, album: 'summer' } }))).toEqual([second.requestid])
  expect(ids(await client.pinsGet({ cid: [pair.v0] }))).toEqual([second.requestid, first.requestid])
  expect(ids(await client.pinsGet({ cid: [pair.v1, third.pin.cid] }))).toEqual([
    third.requestid,
    second.requestid,
    first.requestid
  ])
  expect(
    (await client.pinsGet({ name: 'holiday.jpg', match: TextMatchingStrategy.Iexact, meta: { app_id: app } })).count
  ).toBe(2)
  expect((await client.pinsGet({ name: 'Holiday', match: TextMatchingStrategy.Partial, meta: { app_id: app } })).count)
    .toBe(1)
  expect((await client.pinsGet({ name: 'HOLIDAY', match: TextMatchingStrategy.Ipartial, meta: { app_id: app } })).count)
    .toBe(2)
  expect((await client.pinsGet({ name: 'notes', meta: { app_id: app } })).count).toBe(1)

  const page = await client.pinsGet({ meta: { app_id: app }, limit: 2 })
  expect(page.count).toBe(3)
  expect(ids(page)).toEqual([third.requestid, second.requestid])
  const next = await client.pinsGet({ meta: { app_id: app }, limit: 2, before: second.created })
  expect(next.count).toBe(1)
  expect(ids(next)).toEqual([first.requestid])
  expect(ids(await client.pinsGet({ meta: { app_id: app }, after: first.created }))).toEqual([
    third.requestid,
    second.requestid
  ])
  expect((await client.pinsGet({ status: [Status.Pinned, Status.Failed], meta: { app_id: app } })).count).toBe(0)
})
