import type { CID } from 'multiformats/cid'

/**
 * Asking a trustless gateway for a whole DAG as one CAR stream, and reading its answer
 * (https://specs.ipfs.tech/http-gateways/trustless-gateway/): `format` in the URL and the same in `Accept`, which
 * also asks for depth-first order without duplicates, the order in which each block can be checked on arrival.
 */
export const CAR_ACCEPT = 'application/vnd.ipld.car; version=1; order=dfs; dups=n'
const CAR_TYPE = 'application/vnd.ipld.car'

/** `<gateway>/ipfs/<cid>?format=car&dag-scope=all`; any path the gateway's URL has is replaced, as for blocks. */
export function carUrl (gateway: string, cid: CID): URL {
  const url = new URL(gateway)
  url.pathname = `/ipfs/${cid.toString()}`
  url.search = '?format=car&dag-scope=all'
  url.hash = ''
  return url
}

/** Whether a request URL asks for a CAR (the network tap sees only URLs). */
export function isCarRequest (url: URL): boolean {
  return url.searchParams.get('format') === 'car'
}

export type CarAnswer =
  /** A CAR stream; `dfs` when the gateway says its blocks come depth-first, each after the block linking to it. */
  | { is: 'car', body: ReadableStream<Uint8Array>, dfs: boolean }
  /** The gateway serves no CARs: it refused the format (400, 406, 501) or sent something else. */
  | { is: 'no-cars' }
  /** The gateway does not have the DAG's root (404, 410). */
  | { is: 'not-found' }
  /** Any other failure (429, 5xx, ...): it may serve CARs, but not now. */
  | { is: 'failed', status: number }

export function readCarAnswer (response: Response): CarAnswer {
  const { status } = response
  if (status === 404 || status === 410) return { is: 'not-found' }
  if (status === 400 || status === 406 || status === 501) return { is: 'no-cars' }
  if (!response.ok) return { is: 'failed', status }
  const type = parseContentType(response.headers.get('content-type') ?? '')
  // A CAR of another version than asked for, or no CAR at all: a gateway that does not do what this asks.
  if (type.essence !== CAR_TYPE || (type.params.version ?? '1') !== '1' || response.body === null) {
    return { is: 'no-cars' }
  }
  // The spec: a client assumes an unknown order unless the response says otherwise.
  return { is: 'car', body: response.body, dfs: type.params.order === 'dfs' }
}

function parseContentType (value: string): { essence: string, params: Record<string, string> } {
  const [essence = '', ...rest] = value.split(';').map((part) => part.trim())
  const params: Record<string, string> = {}
  for (const param of rest) {
    const at = param.indexOf('=')
    if (at > 0) params[param.slice(0, at).trim().toLowerCase()] = param.slice(at + 1).trim().replace(/^"(.*)"$/, '$1')
  }
  return { essence: essence.toLowerCase(), params }
}
