import type { Problem } from '../problem.ts'

/** How the pinning engine finds and fetches content; every endpoint can be overridden (Settings, tests). */
export interface EngineConfig {
  /** Trustless HTTP gateways asked for any CID (raw blocks). */
  gateways: string[]
  /** Delegated routing V1 HTTP endpoints that find providers (gateways and libp2p peers) per CID. */
  routers: string[]
  /** How many DAGs are fetched at once. */
  concurrency: number
  /** How long one pin may take from the moment fetching starts before it ends `failed`. */
  pinTimeoutMs: number
  /** libp2p + bitswap: `auto` loads it when a pin names a libp2p origin; `always` at start; `never`. */
  libp2p: 'auto' | 'always' | 'never'
  /** Allow http:// and ws:// endpoints and private/loopback addresses (local networks, tests). */
  allowInsecure: boolean
}

/** The defaults a real user expects: the public IPFS HTTP infrastructure Helia uses by default. */
export const DEFAULT_ENGINE_CONFIG: Readonly<EngineConfig> = Object.freeze({
  gateways: ['https://trustless-gateway.link', 'https://4everland.io'],
  routers: ['https://delegated-ipfs.dev'],
  concurrency: 3,
  pinTimeoutMs: 10 * 60_000,
  libp2p: 'auto',
  allowInsecure: false
})

/** Limits that keep a mistyped setting from taking the page down. */
export const MAX_CONCURRENCY = 32
export const MIN_PIN_TIMEOUT_MS = 1000

/**
 * What is wrong with a partial configuration, each problem by its setting (`gateways`, `concurrency`…) and,
 * for a URL of a list, its index; empty when all is well.
 */
export function checkEngineConfig (config: Partial<EngineConfig>): Problem[] {
  const problems: Problem[] = []
  for (const field of ['gateways', 'routers'] as const) {
    const urls = config[field]
    if (urls === undefined) continue
    if (!Array.isArray(urls)) {
      problems.push({ field, message: 'must be a list of URLs' })
      continue
    }
    urls.forEach((url: unknown, index) => {
      if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        problems.push({ field, index, message: `"${String(url)}" is not an http(s) URL` })
      }
    })
  }
  const { concurrency: count, pinTimeoutMs, libp2p, allowInsecure } = config
  if (count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= MAX_CONCURRENCY)) {
    problems.push({ field: 'concurrency', message: `must be a whole number from 1 to ${MAX_CONCURRENCY}` })
  }
  if (pinTimeoutMs !== undefined && !(Number.isFinite(pinTimeoutMs) && pinTimeoutMs >= MIN_PIN_TIMEOUT_MS)) {
    problems.push({ field: 'pinTimeoutMs', message: `must be at least ${MIN_PIN_TIMEOUT_MS}` })
  }
  if (libp2p !== undefined && !['auto', 'always', 'never'].includes(libp2p)) {
    problems.push({ field: 'libp2p', message: 'must be auto, always or never' })
  }
  if (allowInsecure !== undefined && typeof allowInsecure !== 'boolean') {
    problems.push({ field: 'allowInsecure', message: 'must be true or false' })
  }
  return problems
}

/** A problem as `settings.update` words it: `concurrency must be…`, `gateways: "ftp://…" is not an http(s) URL`. */
export function settingProblemText ({ field, index, message }: Problem): string {
  return index === undefined ? `${field} ${message}` : `${field}: ${message}`
}
