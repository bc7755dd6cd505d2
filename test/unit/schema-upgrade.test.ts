import 'fake-indexeddb/auto'
import { openDB } from 'idb'
import { expect, test } from 'vitest'
import { randomCid } from '../support/cids.ts'
import { SCHEMA_VERSION, connectServiceDatabase, createSchema } from '../../src/store/database.ts'
import { createIdbEngineStore } from '../../src/store/engine-store.ts'
import { createIdbPinStore } from '../../src/store/idb-pin-store.ts'
import { createIdbRemoteStore } from '../../src/store/remote-store.ts'
import { createIdbTokenStore } from '../../src/store/token-store.ts'
import type { DatabaseConnection, ServiceSchema } from '../../src/store/database.ts'

/** A connection that opens the database as version 1 did: what a page of that version wrote with. */
function versionOneConnection (name: string): DatabaseConnection {
  const opening = openDB<ServiceSchema>(name, 1, {
    upgrade: (db, oldVersion) => {
      createSchema(db, oldVersion, 1)
    }
  })
  return {
    name,
    outdated: false,
    open: async () => opening,
    onOutdated: () => () => {},
    close: () => {
      void opening.then((db) => {
        db.close()
      })
    }
  }
}

test('version 2 opens a version 1 database with data in it: every record, count and token stays, and the new stores work', async () => {
  expect(SCHEMA_VERSION).toBe(2)
  const name = 'upgrade-from-1'
  const old = versionOneConnection(name)
  const cids = [await randomCid(), await randomCid()]
  const pins = createIdbPinStore(old)
  await pins.addMany(
    cids.map((cid, i) => ({
      requestid: `r${i}`,
      status: 'queued',
      pin: { cid, name: `pin ${i}`, meta: { app: 'old' } },
      cidKey: cid,
      info: {}
    })),
    Date.now()
  )
  await createIdbEngineStore(old).setStatus(cids[0] as string, ['queued'], 'pinned', { status_details: 'pinned' })
  await createIdbTokenStore(old).add({ id: 't1', label: 'old token', created: 1, hash: 'ab'.repeat(32) })
  expect((await old.open()).objectStoreNames.contains('remotes')).toBe(false)
  old.close()

  const current = connectServiceDatabase(name)
  const db = await current.open()
  expect(db.version).toBe(2)
  for (const store of ['remotes', 'remote-state', 'replicas', 'backups'] as const) {
    expect(db.objectStoreNames.contains(store)).toBe(true)
  }
  // The records of version 1, and the counters beside them, read as before.
  const upgraded = createIdbPinStore(current)
  expect(await upgraded.query({ statuses: ['pinned'], limit: 10 })).toMatchObject({
    count: 1,
    results: [{ requestid: 'r0', pin: { name: 'pin 0' } }]
  })
  expect(await upgraded.query({ statuses: ['queued', 'pinned'], meta: { app: 'old' }, limit: 10 })).toMatchObject({
    count: 2
  })
  expect(await createIdbTokenStore(current).findByHash('ab'.repeat(32))).toMatchObject({ id: 't1', label: 'old token' })
  // The stores version 2 added take records.
  const remotes = createIdbRemoteStore(current)
  await remotes.add({
    id: 'x',
    label: 'cluster',
    endpoint: 'https://cluster.example',
    token: 'secret-token-value',
    scope: { kind: 'all' },
    keepRemotePins: false,
    created: 1,
    revision: 1,
    endpointRevision: 1
  })
  expect((await remotes.list()).map((entry) => entry.record.label)).toEqual(['cluster'])
  current.close()
})
