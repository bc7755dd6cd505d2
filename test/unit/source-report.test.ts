import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { describe, expect, test } from 'vitest'
import { createSourceReport } from '../../src/engine/source-report.ts'
import { gaveUpInfo, workingInfo } from '../../src/engine/status-text.ts'
import type { RequestOutcome } from '../../src/engine/network-tap.ts'
import type { SourceReport } from '../../src/engine/source-report.ts'

const block = async (n: number) => CID.createV1(raw.code, await sha256.digest(new Uint8Array([n])))

/** What the network tap would tell the report about one request. */
function request (report: SourceReport, url: string, outcome: RequestOutcome): void {
  report.heard({ phase: 'start', url: new URL(url) })
  report.heard({ phase: 'end', url: new URL(url), outcome })
}

const unreachable: RequestOutcome = { kind: 'no-answer', message: 'Failed to fetch' }

describe('what a pin job learns of its sources', () => {
  test('every gateway and router unreachable: said in plain words, and nothing is left to wait for', async () => {
    const root = await block(1)
    const report = createSourceReport({
      gateways: ['https://gw-a.example', 'https://gw-b.example/'],
      routers: ['https://router.example'],
      origins: [],
      allowInsecure: false,
      libp2p: 'auto'
    })
    report.startAttempt()
    report.want(root)
    const waiting = workingInfo({
      progress: { blocks: 0, bytes: 0 },
      sources: report.sources,
      deadline: Date.now() + 60_000
    })
    expect(waiting.status_details).toBe('Asking 2 gateways and 1 router.')

    request(report, `https://gw-a.example/ipfs/${root}?format=raw`, unreachable)
    expect(report.exhausted()).toBe(false) // gw-b and the router have not answered yet
    request(report, `https://gw-b.example/ipfs/${root}?format=raw`, unreachable)
    request(report, `https://router.example/routing/v1/providers/${root}`, unreachable)
    expect(report.exhausted()).toBe(true)

    const now = Date.now()
    const info = workingInfo({
      progress: { blocks: 0, bytes: 0 },
      sources: report.sources,
      deadline: now + 60_000,
      nextAttempt: now + 5000,
      now
    })
    expect(info.status_details).toBe(
      'Not found yet: 2 gateways could not be reached (gw-a.example, gw-b.example); router router.example could not be reached. Trying again in 5 s.'
    )
    expect(info.sources!.split('\n')).toEqual([
      'gateway https://gw-a.example: could not be reached (no connection, or the browser blocked the request)',
      'gateway https://gw-b.example: could not be reached (no connection, or the browser blocked the request)',
      'router https://router.example: could not be reached (no connection, or the browser blocked the request)'
    ])
    expect(info.deadline).toBe(new Date(now + 60_000).toISOString())
    expect(info.next_attempt).toBe(new Date(now + 5000).toISOString())

    // The next attempt starts with a clean slate: nothing has failed in it yet.
    report.startAttempt()
    expect(report.exhausted()).toBe(false)
  })

  test('a refused origin is named with the setting that would allow it; other answers in their own words', async () => {
    const root = await block(2)
    const origin = '/ip4/127.0.0.1/tcp/9/http'
    const report = createSourceReport({
      gateways: ['https://gw.example'],
      routers: ['https://router.example'],
      origins: [multiaddr(origin)],
      allowInsecure: false,
      libp2p: 'auto'
    })
    report.startAttempt()
    report.want(root)
    request(report, `https://gw.example/ipfs/${root}?format=raw`, { kind: 'answered', status: 404 })
    request(report, `https://router.example/routing/v1/providers/${root}`, {
      kind: 'answered',
      status: 200,
      providers: 0
    })
    // A request for a block this pin does not want is another pin's business.
    request(report, `https://gw.example/ipfs/${await block(3)}?format=raw`, { kind: 'answered', status: 500 })
    expect(report.exhausted()).toBe(true)

    const { status_details: details, sources } = workingInfo({
      progress: { blocks: 0, bytes: 0 },
      sources: report.sources,
      deadline: Date.now() + 1000
    })
    expect(details).toContain(
      `origin gateway ${origin} is not used: plain http:// and ws:// are not used while “Allow http://, ws:// and local addresses” is off in Settings`
    )
    expect(sources!.split('\n')).toEqual([
      'gateway https://gw.example: does not have it',
      'router https://router.example: found no providers',
      `origin gateway ${origin}: is not used: plain http:// and ws:// are not used while “Allow http://, ws:// and local addresses” is off in Settings`
    ])
  })

  test('a gateway found by routing joins the list; a block it sent counts', async () => {
    const root = await block(4)
    const report = createSourceReport({
      gateways: [],
      routers: ['http://127.0.0.1:4000'],
      origins: [],
      allowInsecure: true,
      libp2p: 'auto'
    })
    report.startAttempt()
    report.want(root)
    request(report, `http://127.0.0.1:4000/routing/v1/providers/${root}`, {
      kind: 'answered',
      status: 200,
      providers: 1
    })
    request(report, `http://127.0.0.1:4001/ipfs/${root}?format=raw`, { kind: 'answered', status: 200 })
    report.unwant(root)
    expect(report.exhausted()).toBe(false)
    expect(report.sources.map((source) => [source.kind, source.address, source.state.is, source.blocks])).toEqual([
      ['router', 'http://127.0.0.1:4000', 'providers', 0],
      ['found', 'http://127.0.0.1:4001', 'sent-block', 1]
    ])
  })

  test('the final reason names the CID as the request sent it, and what was tried', async () => {
    const v1 = await block(5)
    const report = createSourceReport({
      gateways: ['https://gw.example'],
      routers: [],
      origins: [],
      allowInsecure: false,
      libp2p: 'auto'
    })
    report.startAttempt()
    report.want(v1)
    request(report, `https://gw.example/ipfs/${v1}?format=raw`, { kind: 'answered', status: 429 })
    const info = gaveUpInfo({
      progress: { blocks: 0, bytes: 0 },
      sources: report.sources,
      afterMs: 600_000,
      missing: report.missing()
    }, 'QmTheCidAsTyped')
    expect(info.status_details).toBe(
      'Gave up on QmTheCidAsTyped after 10 min: nothing arrived. What was tried: gateway gw.example refused: too many requests (HTTP 429).'
    )
    expect(
      gaveUpInfo({ progress: { blocks: 0, bytes: 0 }, sources: [], afterMs: 3000, missing: [] }, 'bafyX').status_details
    )
      .toBe(
        'Gave up on bafyX after 3 s: nothing arrived. Nowhere to look: Settings list no gateways or routers, and the pin names no origins.'
      )
  })
})
