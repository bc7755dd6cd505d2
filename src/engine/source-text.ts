import type { Source, SourceKind, SourceState } from './source-report.ts'

/** Plain words for what each source did: one line per source, and a short summary of them all. */

/** Each kind of source in the singular and the plural. */
export const SOURCE_NOUNS: Record<SourceKind, [string, string]> = {
  gateway: ['gateway', 'gateways'],
  router: ['router', 'routers'],
  origin: ['origin gateway', 'origin gateways'],
  peer: ['origin peer', 'origin peers'],
  found: ['gateway found by routing', 'gateways found by routing']
}

/** What a source did, as "<verb phrase>" in the singular and the plural. */
function verb (source: Source): [string, string] {
  const state: SourceState = source.state
  switch (state.is) {
    case 'not-asked':
      return ['was not asked yet', 'were not asked yet']
    case 'asking':
      return ['was asked; no answer yet', 'were asked; no answer yet']
    case 'sent-block':
      return ['sent blocks', 'sent blocks']
    case 'not-found':
      return ['does not have it', 'do not have it']
    case 'refused':
      return same(refusal(state.status))
    case 'unreachable':
      return ['could not be reached', 'could not be reached']
    case 'not-allowed':
      return same(`is not used: ${state.why}`, `are not used: ${state.why}`)
    case 'providers':
      if (state.count === 0) return ['found no providers', 'found no providers']
      if (state.count < 0) return ['answered', 'answered']
      return same(`named ${state.count} ${state.count === 1 ? 'provider' : 'providers'}`)
    case 'dial-failed':
      return ['could not be dialled', 'could not be dialled']
    case 'connected':
      return ['is connected', 'are connected']
  }
}

function same (one: string, many = one): [string, string] {
  return [one, many]
}

function refusal (status: number): string {
  if (status === 429) return `refused: too many requests (HTTP ${status})`
  if (status === 401 || status === 403) return `refused access (HTTP ${status})`
  if (status >= 500) return `failed on its side (HTTP ${status})`
  return `refused the request (HTTP ${status})`
}

/** What the browser said, when it says more than that the request failed. */
function detail (source: Source): string {
  const state = source.state
  if (state.is === 'unreachable') {
    // Chromium says only "Failed to fetch" for a refused connection, a failed DNS lookup and a CORS refusal alike.
    return /^(Failed to fetch|fetch failed|Load failed|NetworkError.*)$/i.test(state.message)
      ? ' (no connection, or the browser blocked the request)'
      : ` (${state.message})`
  }
  if (state.is === 'dial-failed') return ` (${state.message})`
  return ''
}

/** One line per source, for `info.sources`: "gateway https://gw.example: could not be reached (…)". */
export function sourceLine (source: Source): string {
  const sent = source.blocks > 0 && source.state.is !== 'sent-block'
    ? `sent ${source.blocks} ${source.blocks === 1 ? 'block' : 'blocks'}, then `
    : ''
  const bad = source.badBlocks ?? 0
  const refused = bad === 0
    ? ''
    : `; ${
      bad === 1 ? '1 block it sent failed verification and was' : `${bad} blocks it sent failed verification and were`
    } not kept`
  return `${SOURCE_NOUNS[source.kind][0]} ${source.address}: ${sent}${verb(source)[0]}${detail(source)}${refused}`
}

/** A short name for a source in a summary: a URL's host, or an origin's multiaddr as the pin gave it. */
export function shortAddress (source: Source): string {
  if (source.kind === 'peer' || source.kind === 'origin') {
    return source.address.length > 48
      ? `${source.address.slice(0, 36)}…${source.address.slice(-8)}`
      : source.address
  }
  try {
    return new URL(source.address).host
  } catch {
    return source.address
  }
}

/** "2 gateways could not be reached (a, b); the router found no providers (c)". */
export function summarize (sources: readonly Source[]): string {
  const groups = new Map<string, Source[]>()
  for (const source of sources) {
    const key = `${source.kind}\u0000${verb(source)[0]}`
    groups.set(key, [...(groups.get(key) ?? []), source])
  }
  return [...groups.values()].map((members) => {
    const first = members[0]!
    const [one, many] = verb(first)
    const [noun, nouns] = SOURCE_NOUNS[first.kind]
    const names = members.slice(0, 3).map(shortAddress).join(', ') +
      (members.length > 3 ? ` and ${members.length - 3} more` : '')
    return members.length === 1 ? `${noun} ${names} ${one}` : `${members.length} ${nouns} ${many} (${names})`
  }).join('; ')
}

/** "45 s", "10 min", "1 h 5 min": how long, rounded as a person says it. */
export function formatDuration (ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) {
    return seconds % 60 === 0 || minutes >= 10
      ? `${minutes} min`
      : `${Math.floor(seconds / 60)} min ${seconds % 60} s`
  }
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
