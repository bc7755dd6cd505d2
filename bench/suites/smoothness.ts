import { startIpfsNetwork } from '../../test/fixtures/ipfs-network.ts'
import { installPageProbe } from '../lib/page-probe.ts'
import { pinAndWait } from '../lib/pin-in-page.ts'
import { NO_NETWORK, openServicePage } from '../lib/service-page.ts'
import { summarize } from '../lib/stats.ts'
import { timeRequests } from '../lib/time-in-page.ts'
import { TRANSPORTS } from './pin-throughput.ts'
import type { EngineConfig } from '../../src/index.ts'
import type { BenchContext } from '../lib/context.ts'
import type { ProbeReading } from '../lib/page-probe.ts'
import type { PinTiming } from '../lib/pin-in-page.ts'
import type { Summary } from '../lib/stats.ts'
import type { Transport } from './pin-throughput.ts'

const PIN_TIMEOUT_MS = 240_000
const ENGINE: Partial<EngineConfig> = { ...NO_NETWORK, libp2p: 'auto', pinTimeoutMs: PIN_TIMEOUT_MS }
/** How often the page lists pins meanwhile, as a UI refreshing its list would. */
const LIST_EVERY_MS = 250
const LONG_TASK_MS = 50
const LIST_URL = '/api/v1/pins?status=queued,pinning,pinned,failed&limit=100'
/** Lists timed before the POST, for a baseline of the same request. */
const IDLE_LISTS = 20

export interface SmoothnessResult {
  transport: Transport
  dagBytes: number
  pinMs: number
  pinned: boolean
  /** The last PinStatus seen, when the pin did not end pinned. */
  last?: PinTiming['last']
  /** Main-thread tasks of 50 ms or more between the POST and `pinned` (Long Tasks API). */
  longestTaskMs: number
  tasksOver50ms: number
  /** The list requests made meanwhile (GET /pins?limit=100, all statuses). */
  listing: Summary
  /** The same list request just before the POST, with the engine idle. */
  idleListing: Summary
}

/** The page's main thread while a large DAG is pinned and the page keeps listing pins. */
export async function runSmoothness (ctx: BenchContext): Promise<SmoothnessResult[]> {
  const network = await startIpfsNetwork()
  const results: SmoothnessResult[] = []
  try {
    const file = await network.addRandomFile(ctx.config.smoothnessBytes, 300)
    for (const transport of TRANSPORTS) {
      const browser = await ctx.launch()
      try {
        await browser.context.addInitScript(installPageProbe)
        const { page, token } = await openServicePage(browser.context, ctx.origin, ENGINE)
        await page.evaluate(async () => {
          await window.pinningService!.engine.started
        })
        await page.waitForTimeout(300)
        const idle = await timeRequests(
          page,
          Array.from({ length: IDLE_LISTS }, () => ({ url: LIST_URL, headers: { Authorization: `Bearer ${token}` } }))
        )
        await page.evaluate(({ token, every, url }) => {
          const durations: number[] = []
          const timer = setInterval(() => {
            const t0 = performance.now()
            void fetch(url, { headers: { Authorization: `Bearer ${token}` } })
              .then(async (response) => response.json())
              .then(() => {
                durations.push(performance.now() - t0)
              })
          }, every)
          ;(window as unknown as { __benchLister: unknown }).__benchLister = {
            durations,
            stop: () => {
              clearInterval(timer)
            }
          }
        }, { token, every: LIST_EVERY_MS, url: LIST_URL })
        const origin = transport === 'gateway' ? network.gatewayMultiaddr : network.wsMultiaddr
        const timing = await pinAndWait(
          page,
          token,
          { cid: file.cid, name: 'smoothness', origins: [origin] },
          PIN_TIMEOUT_MS
        )
        const { probe, durations } = await page.evaluate(() => {
          const lister =
            (window as unknown as { __benchLister: { durations: number[], stop: () => void } }).__benchLister
          lister.stop()
          return {
            probe: (window as unknown as { __benchProbe: ProbeReading }).__benchProbe,
            durations: lister.durations
          }
        })
        const during = probe.longTasks.filter((task) =>
          task.start + task.duration >= timing.t0 && task.start <= timing.t0 + timing.ms
        )
        const result: SmoothnessResult = {
          transport,
          dagBytes: file.dagSize,
          pinMs: timing.ms,
          pinned: timing.ok,
          ...(timing.ok ? {} : { last: timing.last }),
          longestTaskMs: Math.max(0, ...during.map((task) => task.duration)),
          tasksOver50ms: during.filter((task) => task.duration > LONG_TASK_MS).length,
          listing: summarize(durations),
          idleListing: summarize(idle.durations)
        }
        results.push(result)
        ctx.log(
          `  ${transport}: pinned in ${result.pinMs.toFixed(0)} ms${
            result.pinned ? '' : ` (NOT PINNED: ${JSON.stringify(timing.last)})`
          }; longest task ${
            result.longestTaskMs.toFixed(0)
          } ms, ${result.tasksOver50ms} over 50 ms; ${durations.length} lists, median ${
            result.listing.median.toFixed(1)
          } ms (${result.idleListing.median.toFixed(1)} ms before the pin)`
        )
      } finally {
        await browser.dispose()
      }
    }
    return results
  } finally {
    await network.stop()
  }
}
