import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { keepUpToDate } from '../../src/sw/register.ts'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

test('an open page checks for a new build every hour; a failing check is said once per run of failures, never thrown', async () => {
  const outcomes = ['fail', 'fail', 'ok', 'fail']
  let checks = 0
  const registration = {
    update: async () => {
      if (outcomes[checks++] === 'fail') throw new TypeError('Failed to update: 404')
      return undefined as never
    }
  }
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const stop = keepUpToDate(registration, 60 * 60_000)
  for (let hour = 0; hour < 4; hour++) await vi.advanceTimersByTimeAsync(60 * 60_000)
  expect(checks).toBe(4)
  expect(warn).toHaveBeenCalledTimes(2)
  expect(warn.mock.calls[0]?.[0]).toMatch(
    /^pinning service: the check for a new version failed \(Failed to update: 404\)/
  )
  stop()
  await vi.advanceTimersByTimeAsync(3 * 60 * 60_000)
  expect(checks).toBe(4)
  warn.mockRestore()
})
