import 'fake-indexeddb/auto'
import { describe, expect, test } from 'vitest'
import { SCHEMA_VERSION, connectServiceDatabase } from '../../src/store/database.ts'
import { DatabaseOutdatedError } from '../../src/store/errors.ts'
import { createNodeService } from '../support/node-service.ts'

/** Opens `name` at `version` the way another build would, reporting whether open connections held it up. */
async function openAsAnotherBuild (name: string, version: number): Promise<{ blocked: boolean, version: number }> {
  return new Promise((resolve, reject) => {
    let blocked = false
    const request = indexedDB.open(name, version)
    request.onblocked = () => {
      blocked = true
    }
    request.onerror = () => {
      reject(request.error)
    }
    request.onsuccess = () => {
      request.result.close()
      resolve({ blocked, version: request.result.version })
    }
  })
}

describe('the service database connection', () => {
  test('steps aside at once for a newer version, says it is outdated once, and refuses to write', async () => {
    const connection = connectServiceDatabase('connection-newer-test')
    await (await connection.open()).put('settings', 'before', 'probe')
    let told = 0
    connection.onOutdated(() => {
      told++
    })

    expect(await openAsAnotherBuild('connection-newer-test', SCHEMA_VERSION + 1)).toEqual({
      blocked: false,
      version: SCHEMA_VERSION + 1
    })
    expect(connection.outdated).toBe(true)
    expect(told).toBe(1)
    await expect(connection.open()).rejects.toBeInstanceOf(DatabaseOutdatedError)
    await expect(connection.open()).rejects.toBeInstanceOf(DatabaseOutdatedError)
    expect(told).toBe(1)
  })

  test('a connection opened after the upgrade also knows it is outdated', async () => {
    await connectServiceDatabase('connection-late-test').open().then((db) => {
      db.close()
    })
    await openAsAnotherBuild('connection-late-test', SCHEMA_VERSION + 1)
    const late = connectServiceDatabase('connection-late-test')
    await expect(late.open()).rejects.toBeInstanceOf(DatabaseOutdatedError)
    expect(late.outdated).toBe(true)
  })

  test('opens again, empty, after the database was deleted under it (site data cleared)', async () => {
    const connection = connectServiceDatabase('connection-deleted-test')
    await (await connection.open()).put('settings', 'value', 'probe')
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase('connection-deleted-test')
      request.onsuccess = () => {
        resolve()
      }
      request.onerror = () => {
        reject(request.error)
      }
    })
    expect(connection.outdated).toBe(false)
    expect(await (await connection.open()).get('settings', 'probe')).toBeUndefined()
  })
})

describe('the API while a newer version holds the database', () => {
  test('answers 503 with a Failure and Retry-After, and changes nothing', async () => {
    const { client, databaseName } = await createNodeService()
    const { token } = await client.createToken('outdated')
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
    expect(
      (await client.fetch('/api/v1/pins', {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ cid: 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' })
      })).status
    ).toBe(202)

    await openAsAnotherBuild(databaseName, SCHEMA_VERSION + 1)
    for (
      const request of [{ path: '/api/v1/pins', init: { headers: auth } }, {
        path: '/api/v1/pins',
        init: {
          method: 'POST',
          headers: auth,
          body: '{"cid":"bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"}'
        }
      }]
    ) {
      const answer = await client.fetch(request.path, request.init)
      expect(answer.status).toBe(503)
      expect(answer.headers['retry-after']).toBe('1')
      expect(JSON.parse(answer.body)).toEqual({
        error: { reason: 'SERVICE_UNAVAILABLE', details: expect.stringContaining('nothing was changed') }
      })
    }
  })
})
