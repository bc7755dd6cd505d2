import type { GatewayBlockstore } from './block-reader.ts'
import type { ContentPath } from './content-path.ts'
import type { Negotiated } from './negotiate.ts'

/** One request, taken apart, with what answering it needs. */
export interface GatewayRequest {
  request: Request
  url: URL
  /** The gateway's path prefix, e.g. `/ipfs`. */
  basePath: string
  path: ContentPath
  negotiated: Negotiated
  blockstore: GatewayBlockstore
  /** HEAD: every header of GET, no body, and no more reading than the headers need. */
  headOnly: boolean
  signal: AbortSignal
}

/** The `filename` query parameter, if given. */
export function requestedFilename (url: URL): string | undefined {
  const name = url.searchParams.get('filename')
  return name === null || name === '' ? undefined : name
}

/** `?download=true`: the browser saves instead of showing. */
export function wantsDownload (url: URL): boolean {
  return url.searchParams.get('download') === 'true'
}

/** The URL of this resource with `format=` set: where a cache finds this rendering (Content-Location). */
export function formatLocation (url: URL, format: string): string {
  const located = new URL(url)
  located.searchParams.set('format', format)
  return `${located.pathname}${located.search}`
}
