import { interleave } from '../lib/interleave.ts'
import { medianInterval, pairedRatios } from '../lib/interval.ts'
import { makePins } from '../lib/pin-data.ts'
import { seriesOf } from '../lib/series.ts'
import { timeClients, timeRequests } from '../lib/time-in-page.ts'
import { mixCounts, mixedRequests, mixedRound, MIXED_CLIENTS } from './mixed-traffic.ts'
import type { BenchContext } from '../lib/context.ts'
import type { Arm } from '../lib/interleave.ts'
import type { Estimate } from '../lib/interval.ts'
import type { Series } from '../lib/series.ts'
import type { RequestSpec, Timings } from '../lib/time-in-page.ts'
import type { Page } from 'playwright-core'

/** POSTs pin fresh CIDs far from the seeded ones. */
const POST_OFFSET = 10_000_000
const CONCURRENT_WIDTH = 32
/** Requests per round: one at a time, and 32 at a time (two waves of 32). */
const POSTS_PER_ROUND = 10
const WAVES_PER_ROUND = 2
/** Untimed waves before the rounds. */
const WARM_UP_WAVES = 2

export interface WriteResult {
  id: 'post' | 'post32' | 'mixed'
  label: string
  /** Requests in flight at once (for the mix: clients, each waiting for its answer). */
  width: number
  service: Series
  baseline?: Series
  mock: Series | { unsupported: string }
  /** The service's rate / the reference's rate, round by round: above 1, the service does more per second. */
  vsBaseline?: Estimate
  vsMock?: Estimate
  /** For the mix: the operations of one round. */
  mix?: Record<string, number>
}

/** A build's page with what its requests need. */
export interface WriteTarget {
  page: Page
  auth: Record<string, string>
  ids: string[]
}

/** Pins are numbered across the whole run, so no two series post the same one to a build. */
export interface PostCounter {
  count: number
}

/**
 * POST one at a time, 32 at a time, and the mixed traffic of 16 clients, each against today's build in
 * interleaved rounds (the same pins, the same order), and the POSTs against the mock.
 */
export async function runWrites (
  ctx: BenchContext,
  current: WriteTarget & { size: number },
  baseline: WriteTarget | undefined,
  mockPage: Page,
  posted: PostCounter
): Promise<WriteResult[]> {
  const rounds = ctx.config.throughputRounds
  const writes: WriteResult[] = []
  for (
    const [id, label, width, perRound] of [
      ['post', 'POST /pins, one at a time', 1, POSTS_PER_ROUND],
      ['post32', 'POST /pins, 32 at a time', CONCURRENT_WIDTH, CONCURRENT_WIDTH * WAVES_PER_ROUND]
    ] as const
  ) {
    const warmUp = WARM_UP_WAVES * width
    const pins = makePins(POST_OFFSET + posted.count, warmUp + rounds * perRound)
    posted.count += pins.length
    const posts = (base: string, headers: Record<string, string>): RequestSpec[] =>
      pins.map((pin) => ({
        url: `${base}/pins`,
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(pin)
      }))
    const arm = (name: string, page: Page, requests: RequestSpec[]): Arm<Timings> => ({
      name,
      run: async (round) =>
        timeRequests(page, requests.slice(warmUp + round * perRound, warmUp + (round + 1) * perRound), width)
    })
    const targets = [
      { name: 'service', page: current.page, requests: posts('/api/v1', current.auth) },
      ...(baseline === undefined
        ? []
        : [{ name: 'baseline', page: baseline.page, requests: posts('/api/v1', baseline.auth) }]),
      { name: 'mock', page: mockPage, requests: posts('', {}) }
    ]
    for (const target of targets) await timeRequests(target.page, target.requests.slice(0, warmUp), width)
    const timed = await interleave(targets.map((target) => arm(target.name, target.page, target.requests)), rounds)
    writes.push(compared(id, label, width, timed))
  }

  // The mix: a warm-up round, then the timed rounds, each the same for both builds.
  const mixRounds = Array.from({ length: rounds + 1 }, (_, round) => {
    const mixed = mixedRound(current.size, current.ids.length, round, POST_OFFSET + posted.count)
    posted.count += mixed.posts
    return mixed
  })
  const clientsOf = (target: WriteTarget) =>
    mixRounds.map((round) => mixedRequests(round, '/api/v1', target.ids, target.auth))
  const mixArms = [
    { name: 'service', page: current.page, rounds: clientsOf(current) },
    ...(baseline === undefined ? [] : [{ name: 'baseline', page: baseline.page, rounds: clientsOf(baseline) }])
  ]
  for (const target of mixArms) await timeClients(target.page, target.rounds[0] ?? [])
  const timed = await interleave(
    mixArms.map((target): Arm<Timings> => ({
      name: target.name,
      run: async (round) => timeClients(target.page, target.rounds[round + 1] ?? [])
    })),
    rounds
  )
  const first = mixRounds[0]
  writes.push({
    ...compared('mixed', `mixed traffic, ${MIXED_CLIENTS} clients`, MIXED_CLIENTS, timed),
    ...(first === undefined ? {} : { mix: mixCounts(first) })
  })

  for (const write of writes) {
    ctx.log(
      `    ${write.label}: ${write.service.perSecond.toFixed(0)}/s` +
        `${
          write.baseline === undefined
            ? ''
            : `, today's ${write.baseline.perSecond.toFixed(0)}/s (${
              (write.vsBaseline?.value ?? Number.NaN).toFixed(2)
            }x the rate)`
        }` +
        `${'perSecond' in write.mock ? `, mock ${write.mock.perSecond.toFixed(0)}/s` : ''}`
    )
  }
  return writes
}

function compared (id: WriteResult['id'], label: string, width: number, timed: Map<string, Timings[]>): WriteResult {
  const service = seriesOf(timed.get('service') ?? [], 'rate')
  const baselineBlocks = timed.get('baseline')
  const mockBlocks = timed.get('mock')
  const baseline = baselineBlocks === undefined ? undefined : seriesOf(baselineBlocks, 'rate')
  const mock = mockBlocks === undefined ? undefined : seriesOf(mockBlocks, 'rate')
  return {
    id,
    label,
    width,
    service,
    mock: mock ?? { unsupported: 'answers 500 to the meta filters the mix sends' },
    ...(baseline === undefined
      ? {}
      : { baseline, vsBaseline: medianInterval(pairedRatios(service.rounds, baseline.rounds)) }),
    ...(mock === undefined ? {} : { vsMock: medianInterval(pairedRatios(service.rounds, mock.rounds)) })
  }
}
