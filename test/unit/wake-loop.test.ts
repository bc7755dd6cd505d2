import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { JobSlots } from '../../src/engine/job-slots.ts'
import { startWakeLoop } from '../../src/engine/wake-loop.ts'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

test('the wake loop: a pass at start, one more for any number of wakes during a pass, one per idle period; a failed pass is reported and the loop goes on; stop waits for the pass in progress', async () => {
  let passes = 0
  let inPass = Promise.withResolvers<void>()
  const errors: unknown[] = []
  const loop = startWakeLoop(async () => {
    passes++
    if (passes === 3) throw new Error('the third pass fails')
    inPass = Promise.withResolvers<void>()
    await inPass.promise
  }, {
    idleMs: 30_000,
    onError: (error) => {
      errors.push(error)
    }
  })
  await vi.advanceTimersByTimeAsync(0)
  expect(passes).toBe(1)

  loop.wake()
  loop.wake()
  inPass.resolve()
  await vi.advanceTimersByTimeAsync(0)
  expect(passes).toBe(2)
  inPass.resolve()
  await vi.advanceTimersByTimeAsync(29_999)
  expect(passes).toBe(2)

  await vi.advanceTimersByTimeAsync(1)
  expect(passes).toBe(3)
  expect(errors).toEqual([new Error('the third pass fails')])

  loop.wake()
  await vi.advanceTimersByTimeAsync(0)
  expect(passes).toBe(4)
  let stopped = false
  const stopping = loop.stop().then(() => {
    stopped = true
  })
  await vi.advanceTimersByTimeAsync(0)
  expect(stopped).toBe(false)
  inPass.resolve()
  await stopping
  await vi.advanceTimersByTimeAsync(60_000)
  expect(passes).toBe(4)
})

test('job slots: waiting jobs free their slot; the job that holds the most bytes is the one given up for storage', async () => {
  const slots = new JobSlots()
  const ends = new Map<string, PromiseWithResolvers<void>>()
  let settled = 0
  for (const key of ['a', 'b', 'c']) {
    ends.set(key, Promise.withResolvers<void>())
    slots.start(key, async () => ends.get(key)!.promise, () => {
      settled++
    })
  }
  expect(slots.fetching).toBe(3)
  slots.fetched('a', 100)
  slots.fetched('b', 300)
  slots.fetched('c', 200)
  expect(slots.holdsTheMost('b', 300)).toBe(true)
  expect(slots.holdsTheMost('c', 200)).toBe(false)
  // A job waiting between attempts fetches nothing: it is not the one to give up, nor does it count.
  slots.waiting('b')
  expect(slots.fetching).toBe(2)
  expect(slots.holdsTheMost('c', 200)).toBe(true)
  // A DAG already given up frees its bytes at the next collection: until then nothing smaller gives way.
  slots.freeing('gone', 500)
  expect(slots.holdsTheMost('c', 200)).toBe(false)
  await slots.whileCollecting(async () => {})
  expect(slots.holdsTheMost('c', 200)).toBe(true)

  ends.get('a')!.resolve()
  await vi.advanceTimersByTimeAsync(0)
  expect(settled).toBe(1)
  expect(slots.has('a')).toBe(false)
  const halted = slots.haltAll('stopping')
  ends.get('b')!.resolve()
  ends.get('c')!.resolve()
  await halted
  expect(slots.size).toBe(0)
})
