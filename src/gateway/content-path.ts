import { BadGatewayRequestError } from './errors.ts'
import { parseCid } from '../service/cid-key.ts'
import type { CID } from 'multiformats/cid'

/** `/ipfs/<cid>[/<path>]` taken apart: the root, the decoded path segments, and whether it ends in a slash. */
export interface ContentPath {
  cid: CID
  /** The root CID as the request wrote it (echoed in names and messages). */
  cidText: string
  segments: string[]
  trailingSlash: boolean
}

/** Parses the part of the URL path after the gateway prefix, e.g. `/bafy…/docs/a%20b.txt`. */
export function parseContentPath (rest: string): ContentPath {
  const [, cidText = '', ...raw] = rest.split('/')
  if (cidText === '') throw new BadGatewayRequestError('No CID in the path: ask for /ipfs/<cid>[/<path>]')
  let cid: CID
  try {
    cid = parseCid(cidText)
  } catch (error) {
    throw new BadGatewayRequestError(`"${cidText.slice(0, 100)}" is not a valid CID: ${(error as Error).message}`)
  }
  const trailingSlash = raw.length > 0 && raw.at(-1) === ''
  const segments = raw.filter((segment) => segment !== '').map((segment) => {
    let name: string
    try {
      name = decodeURIComponent(segment)
    } catch {
      throw new BadGatewayRequestError(`The path segment "${segment.slice(0, 100)}" is not valid percent-encoding`)
    }
    if (name === '.' || name === '..' || name.includes('/')) {
      throw new BadGatewayRequestError(`The path segment "${name.slice(0, 100)}" cannot name an entry`)
    }
    return name
  })
  return { cid, cidText, segments, trailingSlash }
}

/** The path as a content path string, segments percent-encoded: `/ipfs/<cid>/a%20b`. */
export function contentPathText (prefix: string, path: ContentPath): string {
  return [prefix, path.cidText, ...path.segments.map(encodeURIComponent)].join('/')
}
