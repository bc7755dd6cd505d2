import { afterAll, beforeAll, expect, test } from 'vitest'
import { startBridgedService } from '../support/bridged-service.ts'
import { runCompliance } from '../compliance/run-compliance.js'
import type { BridgedService } from '../support/bridged-service.ts'

/** The public compliance suite against the service running inside Chromium, reached through the bridge. */
let service: BridgedService
beforeAll(async () => {
  service = await startBridgedService('compliance')
})
afterAll(async () => {
  await service.close()
})

test('@ipfs-shipyard/pinning-service-compliance passes 9/9 against the in-page service', async () => {
  const result = await runCompliance({ endpoint: service.endpoint, token: service.token })
  const summary = `${result.passed}/${result.total} passed${
    result.total === 5
      ? ' (total 5: the spec YAML could not be loaded; check test/compliance/spec or PINNING_SPEC_PATH)'
      : ''
  }`
  expect(result.total, summary).toBe(9)
  expect(result.passed, `${summary}\n${result.reportMarkdown.slice(0, 20_000)}`).toBe(9)
  expect(result.success).toBe(true)
  // Every request of the run went through the page.
  expect(service.bridge.requests).toBeGreaterThanOrEqual(40)
}, 300_000)
