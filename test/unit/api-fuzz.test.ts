import { describe, expect, test } from 'vitest'
import { createFuzzer, storedPins } from '../support/api-fuzz.ts'
import { createNodeService } from '../support/node-service.ts'
import { seededRandom } from '../../bench/lib/random.ts'
import type { FuzzOutcome } from '../support/api-fuzz.ts'
import type { DatabaseConnection, ServiceDatabase } from '../../src/store/database.ts'

/** Seeds run in CI; a failure names its seed, and the same seed replays the same requests. */
const SEEDS = [1, 2, 3]
const REQUESTS_PER_SEED = 1500

async function fuzz (
  seed: number,
  wrapConnection?: (connection: DatabaseConnection) => DatabaseConnection
): Promise<FuzzOutcome & { stored: Map<string, unknown> }> {
  const { client } = await createNodeService(wrapConnection === undefined ? {} : { wrapConnection })
  const { token } = await client.createToken(`fuzz ${seed}`)
  const fuzzer = createFuzzer(seed, token)
  const outcome: FuzzOutcome = { requests: 0, statuses: {}, violations: [], model: new Map() }
  for (let i = 0; i < REQUESTS_PER_SEED; i++) {
    const request = fuzzer.next()
    fuzzer.check(
      request,
      await client.fetch(request.path, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body })
      }),
      outcome
    )
  }
  const stored = await storedPins(async (path) =>
    JSON.parse((await client.fetch(path, { headers: { Authorization: `Bearer ${token}` } })).body)
  )
  return { ...outcome, stored }
}

/** Aborts about one write transaction in `rate`, as a failing disk or a browser closing the database would. */
function abortingWrites (seed: number, rate: number) {
  const random = seededRandom(seed)
  return (connection: DatabaseConnection): DatabaseConnection => ({
    ...connection,
    open: async () => {
      const db = await connection.open()
      return new Proxy(db, {
        get (target, property) {
          const value = Reflect.get(target, property, target)
          if (property !== 'transaction') return typeof value === 'function' ? value.bind(target) : value
          return (...args: Parameters<ServiceDatabase['transaction']>) => {
            const tx = target.transaction(...args)
            if (args[1] === 'readwrite' && random() < 1 / rate) {
              queueMicrotask(() => {
                try {
                  tx.abort()
                } catch {}
              })
            }
            return tx
          }
        }
      })
    }
  })
}

describe('the API under seeded fuzzing (replay a failure with its seed)', () => {
  test.each(SEEDS)(
    'seed %i: every answer is the spec\'s, and the store holds exactly what was accepted',
    async (seed) => {
      const outcome = await fuzz(seed)
      expect(outcome.violations).toEqual([])
      expect(outcome.requests).toBe(REQUESTS_PER_SEED)
      expect(Object.keys(outcome.statuses).filter((status) => Number(status) >= 500)).toEqual([])
      expect([...outcome.stored.keys()].sort()).toEqual([...outcome.model.keys()].sort())
      for (const [id, pin] of outcome.model) expect(outcome.stored.get(id)).toStrictEqual(pin)
      console.info(
        `fuzz seed ${seed}: ${outcome.requests} requests, statuses ${
          JSON.stringify(outcome.statuses)
        }, ${outcome.model.size} pins held`
      )
    }
  )

  test('with one write transaction in ten aborted: failed writes answer 503 with a Failure and change nothing; nothing accepted is lost', async () => {
    const outcome = await fuzz(4, abortingWrites(4, 10))
    expect(outcome.violations).toEqual([])
    expect(outcome.statuses[503] ?? 0).toBeGreaterThan(0)
    expect(outcome.statuses[500]).toBeUndefined()
    expect([...outcome.stored.keys()].sort()).toEqual([...outcome.model.keys()].sort())
    console.info(`fuzz seed 4 with aborted writes: statuses ${JSON.stringify(outcome.statuses)}`)
  })
})
