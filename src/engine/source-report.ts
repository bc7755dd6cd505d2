import { CID } from 'multiformats/cid'
import { gatewayUrlRefusal, originRefusal } from './address-rules.ts'
import { isCarRequest } from './car-answer.ts'
import { isProvidersRequest } from './network-tap.ts'
import type { RequestEvent } from './network-tap.ts'
import type { Multiaddr } from '@multiformats/multiaddr'

/**
 * Where a pin's blocks may come from: gateways and routers from Settings, the pin's origins (HTTP gateways,
 * libp2p peers), and gateways that routing found.
 */
export type SourceKind = 'gateway' | 'router' | 'origin' | 'peer' | 'found'

/** The latest thing a source did for this pin. */
export type SourceState =
  | { is: 'not-asked' }
  | { is: 'asking' }
  | { is: 'sent-block' }
  | { is: 'not-found', status: number }
  | { is: 'refused', status: number }
  | { is: 'unreachable', message: string }
  | { is: 'not-allowed', why: string }
  | { is: 'providers', count: number }
  | { is: 'dial-failed', message: string }
  | { is: 'connected' }

export interface Source {
  kind: SourceKind
  /** As it was given: a gateway's or router's URL, an origin's multiaddr. */
  address: string
  /** The HTTP origin requests to it go to (gateways of every kind). */
  url?: string
  state: SourceState
  /** Blocks it sent for this pin, over every attempt. */
  blocks: number
  /** Blocks it sent in CARs that failed verification (bytes that do not hash to their CID, or not of the DAG). */
  badBlocks?: number
  /** The attempt of its latest outcome, and whether that outcome helped (a block, providers, a connection). */
  lastAttempt?: number
  lastHelped?: boolean
}

export interface SourceReportInit {
  gateways: readonly string[]
  routers: readonly string[]
  origins: readonly Multiaddr[]
  allowInsecure: boolean
  libp2p: 'auto' | 'always' | 'never'
}

/** What one pin job learned about its sources, from the requests the engine made for its blocks. */
export interface SourceReport {
  readonly sources: readonly Source[]
  readonly attempt: number
  /** The job asks for this block now (requests for it are this pin's), or no longer does. */
  want(cid: CID): void
  /** `arrived: false` when the request for it failed: it is missing until it arrives (or the next attempt). */
  unwant(cid: CID, arrived?: boolean): void
  /**
   * Blocks asked for and not yet received, or whose request failed in the latest attempt: what is missing if the
   * pin gives up (between attempts too).
   */
  missing(): string[]
  /** A request of the engine started or ended (see network-tap.ts). */
  heard(event: RequestEvent): void
  /**
   * A gateway sent a block in a CAR stream (http(s) origin): one that verified, or one that did not. A CAR
   * request's own answer says nothing of blocks: its status only tells whether the gateway streams CARs.
   */
  streamed(gateway: string, valid: boolean): void
  /** A libp2p origin was dialled by the job: connected, or the error. */
  dialed(origin: Multiaddr, error?: unknown): void
  startAttempt(): void
  /** In this attempt every usable source has failed or answered, and none helped: nothing is left to wait for. */
  exhausted(): boolean
  /** Called after every change, until the returned function is called. */
  onChange(listener: () => void): () => void
}

const cidKeyOf = (cid: CID) => cid.toV1().toString()

export function createSourceReport (init: SourceReportInit): SourceReport {
  const sources: Source[] = []
  const wanted = new Map<string, number>()
  /** Blocks whose request failed in the latest attempt. */
  const lost = new Set<string>()
  /** Requests attributed to this pin that have not ended, by URL: their end counts even if the block came meanwhile. */
  const pending = new Map<string, Source>()
  const listeners = new Set<() => void>()
  let attempt = 0

  const add = (kind: SourceKind, address: string, url: string | undefined, refusal?: string): Source => {
    const source: Source = {
      kind,
      address,
      state: refusal === undefined ? { is: 'not-asked' } : { is: 'not-allowed', why: refusal },
      blocks: 0
    }
    if (url !== undefined) source.url = url
    sources.push(source)
    return source
  }
  for (const gateway of init.gateways) {
    add('gateway', trimSlash(gateway), originOfUrl(gateway), gatewayUrlRefusal(gateway, init.allowInsecure))
  }
  for (const router of init.routers) add('router', trimSlash(router), undefined)
  for (const origin of init.origins) {
    const http = httpOriginOf(origin)
    add(
      http === undefined ? 'peer' : 'origin',
      origin.toString(),
      http,
      originRefusal(origin, init.allowInsecure, init.libp2p)
    )
  }

  const changed = () => {
    for (const listener of listeners) listener()
  }

  const settle = (source: Source, state: SourceState, helped: boolean) => {
    source.state = state
    source.lastAttempt = attempt
    source.lastHelped = helped
  }

  /** The source a request belongs to, when it asks for a block this pin wants. */
  const sourceOf = (url: URL): Source | undefined => {
    const known = pending.get(url.href)
    if (known !== undefined) return known
    if (isProvidersRequest(url)) {
      if (!isWanted(url.pathname.split('/').at(-1))) return undefined
      const base = url.href.slice(0, url.href.indexOf('/routing/v1/'))
      return sources.find((source) => source.kind === 'router' && source.address === base)
    }
    const block = /^\/ipfs\/([^/]+)\/?$/.exec(url.pathname)?.[1]
    if (!isWanted(block)) return undefined
    return sources.find((source) => source.url === url.origin) ?? add('found', url.origin, url.origin)
  }

  const isWanted = (text: string | undefined): boolean => {
    if (text === undefined) return false
    try {
      return wanted.has(cidKeyOf(CID.parse(text)))
    } catch {
      return false
    }
  }

  return {
    get sources () {
      return sources
    },
    get attempt () {
      return attempt
    },
    want (cid) {
      const key = cidKeyOf(cid)
      wanted.set(key, (wanted.get(key) ?? 0) + 1)
    },
    unwant (cid, arrived = true) {
      const key = cidKeyOf(cid)
      const count = (wanted.get(key) ?? 0) - 1
      if (count > 0) wanted.set(key, count)
      else wanted.delete(key)
      if (arrived) lost.delete(key)
      else lost.add(key)
    },
    missing () {
      return [...new Set([...wanted.keys(), ...lost])]
    },
    heard (event) {
      const source = sourceOf(event.url)
      if (source === undefined) return
      if (event.phase === 'start') {
        pending.set(event.url.href, source)
        if (source.state.is === 'not-asked') source.state = { is: 'asking' }
        changed()
        return
      }
      pending.delete(event.url.href)
      const { outcome } = event
      if (outcome.kind === 'no-answer') settle(source, { is: 'unreachable', message: outcome.message }, false)
      else if (isCarRequest(event.url)) {
        // Blocks are counted as the stream brings them (streamed); a refused CAR is followed by block requests.
        return
      } else if (source.kind === 'router') {
        // Delegated routing answers 404 when it knows no provider.
        const count = outcome.status === 404 ? 0 : outcome.providers
        if (outcome.status >= 400 && outcome.status !== 404) {
          settle(source, { is: 'refused', status: outcome.status }, false)
        } else if (count === undefined) settle(source, { is: 'providers', count: -1 }, true)
        else settle(source, { is: 'providers', count }, count > 0)
      } else if (outcome.status >= 200 && outcome.status < 300) {
        source.blocks++
        settle(source, { is: 'sent-block' }, true)
      } else if (outcome.status === 404 || outcome.status === 410) {
        settle(source, { is: 'not-found', status: outcome.status }, false)
      } else settle(source, { is: 'refused', status: outcome.status }, false)
      changed()
    },
    streamed (gateway, valid) {
      const source = sources.find((candidate) => candidate.url === gateway) ?? add('found', gateway, gateway)
      if (valid) {
        source.blocks++
        settle(source, { is: 'sent-block' }, true)
      } else {
        source.badBlocks = (source.badBlocks ?? 0) + 1
      }
      changed()
    },
    dialed (origin, error) {
      const source = sources.find((candidate) => candidate.kind === 'peer' && candidate.address === origin.toString())
      if (source === undefined) return
      if (error === undefined) settle(source, { is: 'connected' }, true)
      else settle(source, { is: 'dial-failed', message: error instanceof Error ? error.message : String(error) }, false)
      changed()
    },
    startAttempt () {
      attempt++
      lost.clear()
      for (const source of sources) {
        if (source.state.is === 'asking') source.state = { is: 'not-asked' }
      }
    },
    exhausted () {
      const usable = sources.filter((source) => source.state.is !== 'not-allowed')
      // Routers only name providers: once they have answered, what counts is what those providers did.
      return usable.every((source) =>
        source.lastAttempt === attempt && (source.kind === 'router' || source.lastHelped === false)
      )
    },
    onChange (listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    }
  }
}

/** `http(s)://host:port` of an HTTP gateway multiaddr (`/dns4/gw.example/tcp/443/https`); undefined for peers. */
export function httpOriginOf (origin: Multiaddr): string | undefined {
  const components = origin.getComponents()
  const names = components.map((component) => component.name)
  const scheme = names.includes('https') || (names.includes('tls') && names.includes('http'))
    ? 'https'
    : names.includes('http')
    ? 'http'
    : undefined
  if (scheme === undefined) return undefined
  const hostPart = components.find((component) =>
    ['ip4', 'ip6', 'dns', 'dns4', 'dns6', 'dnsaddr'].includes(component.name)
  )
  const port = components.find((component) => component.name === 'tcp')?.value
  if (hostPart?.value === undefined) return undefined
  const host = hostPart.name === 'ip6' ? `[${hostPart.value}]` : hostPart.value
  try {
    return new URL(`${scheme}://${host}${port === undefined ? '' : `:${port}`}`).origin
  } catch {
    return undefined
  }
}

function trimSlash (url: string): string {
  return url.replace(/\/+$/, '')
}

function originOfUrl (url: string): string | undefined {
  try {
    return new URL(url).origin
  } catch {
    return undefined
  }
}
