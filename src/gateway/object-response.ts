import * as dagCbor from '@ipld/dag-cbor'
import * as dagJson from '@ipld/dag-json'
import * as dagPb from '@ipld/dag-pb'
import * as json from 'multiformats/codecs/json'
import * as raw from 'multiformats/codecs/raw'
import { readHeldBlock } from './block-reader.ts'
import { contentPathText } from './content-path.ts'
import { BadGatewayRequestError } from './errors.ts'
import { formatLocation, requestedFilename, wantsDownload } from './gateway-request.ts'
import { objectHtml } from './listing-html.ts'
import { FORMAT_MEDIA_TYPE } from './negotiate.ts'
import { SANDBOX_STRICT, contentDisposition, matchesEtag } from './response-headers.ts'
import type { GatewayRequest } from './gateway-request.ts'
import type { ResponseFormat } from './negotiate.ts'
import type { CID } from 'multiformats/cid'

/** The CBOR codec (0x51): plain CBOR, decoded like DAG-CBOR. */
const CBOR_CODE = 0x51
const DECODERS: Record<number, (bytes: Uint8Array) => unknown> = {
  [dagCbor.code]: dagCbor.decode,
  [CBOR_CODE]: dagCbor.decode,
  [dagJson.code]: dagJson.decode,
  [json.code]: json.decode,
  [dagPb.code]: dagPb.decode
}
const NATIVE_FORMAT: Record<number, ResponseFormat> = {
  [dagCbor.code]: 'dag-cbor',
  [CBOR_CODE]: 'cbor',
  [dagJson.code]: 'dag-json',
  [json.code]: 'json'
}
const EXTENSIONS: Record<ResponseFormat, string> = {
  raw: 'bin',
  car: 'car',
  'dag-json': 'json',
  'dag-cbor': 'cbor',
  json: 'json',
  cbor: 'cbor'
}

/**
 * A block as DAG-JSON, DAG-CBOR, JSON or CBOR: as stored when it already is that, converted otherwise (the path
 * gateway spec's renderings). With no format asked for, a DAG-CBOR/DAG-JSON node is shown to a browser as a page
 * and to anything else as it is stored.
 */
export async function objectResponse (
  req: GatewayRequest,
  target: CID,
  headers: Headers,
  asked: ResponseFormat | undefined
): Promise<Response> {
  const { request, url } = req
  const native = NATIVE_FORMAT[target.code]
  const browser = asked === undefined && (request.headers.get('accept') ?? '').includes('text/html')
  const format = asked ?? (browser ? 'dag-json' : native ?? 'dag-json')
  const etag = `"${target.toString()}.${browser ? 'html' : format}"`
  headers.set('Etag', etag)
  if (req.negotiated.fromAcceptOnly) headers.set('Content-Location', formatLocation(url, format))
  if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers })

  const bytes = await readHeldBlock(req.blockstore, target, req.signal)
  const body =
    format === native || (format === 'json' && native === 'dag-json') || (format === 'cbor' && native === 'dag-cbor')
      ? bytes
      : convert(target, bytes, format)
  if (browser) {
    const here = contentPathText(req.basePath, req.path)
    const page = objectHtml(here, new TextDecoder().decode(body), [
      { label: 'Download as DAG-JSON', href: `${here}?format=dag-json` },
      { label: 'Download as DAG-CBOR', href: `${here}?format=dag-cbor` }
    ])
    headers.set('Content-Type', 'text/html; charset=utf-8')
    headers.set('Content-Security-Policy', SANDBOX_STRICT)
    return new Response(req.headOnly ? null : page, { headers })
  }
  headers.set('Content-Type', FORMAT_MEDIA_TYPE[format])
  headers.set('Content-Length', String(body.length))
  const binary = format === 'dag-cbor' || format === 'cbor'
  const filename = requestedFilename(url) ?? `${target.toString()}.${EXTENSIONS[format]}`
  headers.set(
    'Content-Disposition',
    contentDisposition(binary || wantsDownload(url) ? 'attachment' : 'inline', filename)
  )
  return new Response(req.headOnly ? null : body as BodyInit, { headers })
}

function convert (cid: CID, bytes: Uint8Array, format: ResponseFormat): Uint8Array {
  if (cid.code === raw.code) {
    throw new BadGatewayRequestError(
      `${cid} is a raw block: it has no ${format} form; ask for format=raw or the content itself`
    )
  }
  const decode = DECODERS[cid.code]
  if (decode === undefined) {
    throw new BadGatewayRequestError(
      `${cid} is in a codec (0x${cid.code.toString(16)}) this gateway cannot convert to ${format}`
    )
  }
  const value = decode(bytes)
  return format === 'dag-cbor' || format === 'cbor' ? dagCbor.encode(value) : dagJson.encode(value)
}
