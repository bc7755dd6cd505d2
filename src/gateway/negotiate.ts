import { BadGatewayRequestError, NotAcceptableError } from './errors.ts'

/** What a request asks for: the content itself (undefined), or one of the formats the gateway can render. */
export type ResponseFormat = 'raw' | 'car' | 'dag-json' | 'dag-cbor' | 'json' | 'cbor'

export interface CarParameters {
  /** `y`: a block is sent every time the walk meets it; `n` (our default): once. */
  dups: 'y' | 'n'
}

export interface Negotiated {
  format: ResponseFormat | undefined
  car: CarParameters
  /** The format came from `Accept` alone: the answer names its URL with `?format=` (Content-Location). */
  fromAcceptOnly: boolean
}

const MEDIA_TYPES: Record<string, ResponseFormat> = {
  'application/vnd.ipld.raw': 'raw',
  'application/vnd.ipld.car': 'car',
  'application/vnd.ipld.dag-json': 'dag-json',
  'application/vnd.ipld.dag-cbor': 'dag-cbor',
  'application/json': 'json',
  'application/cbor': 'cbor'
}
export const FORMAT_MEDIA_TYPE: Record<ResponseFormat, string> = Object.fromEntries(
  Object.entries(MEDIA_TYPES).map(([type, format]) => [format, type])
) as Record<ResponseFormat, string>
const UNSUPPORTED_FORMATS: Record<string, string> = {
  tar: 'TAR archives are not made here; ask for format=car to get a folder with every block',
  'ipns-record': 'IPNS is not served here: this gateway answers /ipfs/ paths from what the node holds'
}

interface MediaRange {
  type: string
  params: Map<string, string>
  q: number
}

/**
 * `format` wins over `Accept` (trustless gateway spec). A browser's `Accept` (text/html, image/*, * / *) gets the
 * content itself; `Accept` naming only types this gateway does not make is 406.
 */
export function negotiate (params: URLSearchParams, accept: string | null): Negotiated {
  const format = params.get('format')
  const fromQuery = carQueryParameters(params)
  if (format !== null && format !== '') {
    if (format in UNSUPPORTED_FORMATS) {
      throw new BadGatewayRequestError(`format=${format} is not supported: ${UNSUPPORTED_FORMATS[format]}`)
    }
    const known = Object.values(MEDIA_TYPES).find((candidate) => candidate === format)
    if (known === undefined) {
      throw new BadGatewayRequestError(`format=${format} is not one of raw, car, dag-json, dag-cbor, json, cbor`)
    }
    // Accept may still carry the CAR parameters for a format=car request.
    const carRange = parseAccept(accept ?? '').find((range) => range.type === 'application/vnd.ipld.car')
    return { format: known, car: carParameters(carRange?.params, fromQuery), fromAcceptOnly: false }
  }
  if (accept === null || accept.trim() === '') {
    return { format: undefined, car: carParameters(undefined, fromQuery), fromAcceptOnly: false }
  }
  const ranges = parseAccept(accept).filter((range) => range.q > 0).sort((a, b) => b.q - a.q)
  for (const range of ranges) {
    const chosen = MEDIA_TYPES[range.type]
    if (chosen !== undefined) {
      if (chosen === 'car' && !carVariantSupported(range.params)) continue
      return { format: chosen, car: carParameters(range.params, fromQuery), fromAcceptOnly: true }
    }
    if (range.type === '*/*' || range.type.endsWith('/*') || !range.type.startsWith('application/vnd.ipld.')) {
      // The content itself: anything a browser asks for (text/html, image/*, */*) is served as it is stored.
      if (!isExplicitlyUnsupported(range.type)) {
        return { format: undefined, car: carParameters(undefined, fromQuery), fromAcceptOnly: false }
      }
    }
  }
  throw new NotAcceptableError(accept)
}

/** Types that name a rendering this gateway does not make: they must not fall back to the content. */
function isExplicitlyUnsupported (type: string): boolean {
  return type === 'application/x-tar' || type === 'application/vnd.ipfs.ipns-record' ||
    type.startsWith('application/vnd.ipld.')
}

function carVariantSupported (params: Map<string, string>): boolean {
  const version = params.get('version')
  const order = params.get('order')
  const dups = params.get('dups')
  return (version === undefined || version === '1') && (order === undefined || order === 'dfs' || order === 'unk') &&
    (dups === undefined || dups === 'y' || dups === 'n')
}

function carQueryParameters (params: URLSearchParams): Map<string, string> {
  const found = new Map<string, string>()
  for (const name of ['version', 'order', 'dups']) {
    const value = params.get(`car-${name}`)
    if (value !== null) found.set(name, value)
  }
  if (!carVariantSupported(found)) {
    throw new BadGatewayRequestError(
      'Only CARv1 (car-version=1) in depth-first order (car-order=dfs) with car-dups=y or n is made here'
    )
  }
  return found
}

function carParameters (fromAccept: Map<string, string> | undefined, fromQuery: Map<string, string>): CarParameters {
  const dups = fromQuery.get('dups') ?? fromAccept?.get('dups')
  return { dups: dups === 'y' ? 'y' : 'n' }
}

function parseAccept (accept: string): MediaRange[] {
  return accept.split(',').map((part) => {
    const [type = '', ...rest] = part.split(';').map((piece) => piece.trim())
    const params = new Map<string, string>()
    for (const piece of rest) {
      const eq = piece.indexOf('=')
      if (eq > 0) params.set(piece.slice(0, eq).trim().toLowerCase(), piece.slice(eq + 1).trim().replace(/^"|"$/g, ''))
    }
    const q = params.has('q') ? Number(params.get('q')) : 1
    return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 }
  }).filter((range) => range.type !== '')
}
