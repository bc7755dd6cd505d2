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

/** Validates a partial configuration; returns the messages of what is wrong, empty when all is well. */
export function checkEngineConfig (config: Partial<EngineConfig>): string[] {
  const problems: string[] = []
  for (const key of ['gateways', 'routers'] as const) {
    const urls = config[key]
    if (urls === undefined) continue
    if (!Array.isArray(urls)) {
      problems.push(`${key} must be a list of URLs`)
      continue
    }
    for (const url of urls) {
      if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) problems.push(`${key}: "${String(url)}" is not an http(s) URL`)
    }
  }
  if (config.concurrency !== undefined && !(Number.isInteger(config.concurrency) && config.concurrency >= 1 && config.concurrency <= MAX_CONCURRENCY)) {
    problems.push(`concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}`)
  }
  if (config.pinTimeoutMs !== undefined && !(Number.isFinite(config.pinTimeoutMs) && config.pinTimeoutMs >= MIN_PIN_TIMEOUT_MS)) {
    problems.push(`pinTimeoutMs must be at least ${MIN_PIN_TIMEOUT_MS}`)
  }
  if (config.libp2p !== undefined && !['auto', 'always', 'never'].includes(config.libp2p)) problems.push('libp2p must be auto, always or never')
  if (config.allowInsecure !== undefined && typeof config.allowInsecure !== 'boolean') problems.push('allowInsecure must be true or false')
  return problems
}
