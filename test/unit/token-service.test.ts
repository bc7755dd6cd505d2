import 'fake-indexeddb/auto'
import { expect, test } from 'vitest'
import { LAST_USED_INTERVAL_MS, createTokenService } from '../../src/service/token-service.ts'
import { connectServiceDatabase } from '../../src/store/database.ts'
import { createIdbTokenStore } from '../../src/store/token-store.ts'
import type { TokenStore } from '../../src/service/token-store.ts'

const settle = async () => new Promise((resolve) => setTimeout(resolve, 20))

test('a token shows a non-secret prefix; "last used" is written at most once a minute, never in the request\'s way', async () => {
  const connection = connectServiceDatabase(`tokens-${Math.random()}`)
  const store = createIdbTokenStore(connection)
  const touches: number[] = []
  // Counts the writes, and holds the first one back: a request must not wait for it.
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => {
    release = resolve
  })
  const watched: TokenStore = {
    ...store,
    async touch (id, when) {
      touches.push(when)
      if (touches.length === 1) await held
      await store.touch(id, when)
    }
  }
  let clock = Date.parse('2025-01-01T12:00:00Z')
  const service = createTokenService({ tokens: watched, now: () => clock })

  const { token, info } = await service.create('laptop')
  expect(info.prefix).toBe(token.slice(0, 8))
  expect(info.prefix).toMatch(/^ips_[\w-]{4}$/)
  expect(info.lastUsed).toBeUndefined()

  expect(await service.verify(token)).toBe(true) // answered while the write is still held back
  await settle()
  expect(touches).toHaveLength(1)
  clock += 10_000
  expect(await service.verify(token)).toBe(true)
  await settle()
  expect(touches).toHaveLength(1) // the first write has not landed: no second one meanwhile
  release()
  await settle()
  expect((await service.list())[0]!.lastUsed).toBe('2025-01-01T12:00:00.000Z')

  clock += 20_000
  await service.verify(token)
  await settle()
  expect(touches).toHaveLength(1) // 30 s after the stored time
  clock += LAST_USED_INTERVAL_MS
  await service.verify(token)
  await settle()
  expect(touches).toHaveLength(2)
  expect((await service.list())[0]!.lastUsed).toBe(new Date(clock).toISOString())
  expect(await service.verify('ips_not-a-token')).toBe(false)
  await settle()
  expect(touches).toHaveLength(2)
  connection.close()
})
