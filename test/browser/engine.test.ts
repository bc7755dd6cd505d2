import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { startIpfsNetwork } from '../fixtures/ipfs-network.ts'
import { launchBrowser } from '../support/chromium.ts'
import { blocksHeld, dagBlocks, networkSettings, postPin, sha256InPage, waitForStatus } from '../support/engine-helpers.ts'
import { createToken, openServicePage } from '../support/service-page.ts'
import type { IpfsNetwork } from '../fixtures/ipfs-network.ts'
import type { BrowserSession } from '../support/chromium.ts'

let network: IpfsNetwork
let browser: BrowserSession | undefined
beforeAll(async () => { network = await startIpfsNetwork() })
afterAll(async () => { await network.stop() })
afterEach(async () => {
  await browser?.dispose()
  browser = undefined
  network.advertise({ gateway: true, websockets: true })
  network.setGatewayDelay(0)
  network.setGatewayEnabled(true)
  network.resetCounters()
})

async function servicePage () {
  browser = await launchBrowser()
  const page = await openServicePage(browser.context, { engine: networkSettings(network) })
  return { page, token: await createToken(page) }
}

test('a pin found through delegated routing alone ends pinned, with its size, and reads back intact', async () => {
  const file = await network.addRandomFile(3 * 1024 * 1024 + 17, 1)
  network.advertise({ gateway: true, websockets: false })
  const { page, token } = await servicePage()
  const added = await postPin(page, token, { cid: file.cid, name: 'routed' })
  const pinned = await waitForStatus(page, token, added.requestid, 'pinned')
  expect(pinned.info.dag_size).toBe(String(file.dagSize))
  expect(pinned.info.blocks).toBe(String(file.blocks))
  expect(await sha256InPage(page, file.cid)).toBe(file.sha256)
  expect(network.providerRequests(file.cid)).toBeGreaterThan(0)
})
