import { parseRange } from './byte-range.ts'
import { readHeldBlock } from './block-reader.ts'
import { BadGatewayRequestError } from './errors.ts'
import { formatLocation, requestedFilename } from './gateway-request.ts'
import { IMMUTABLE, contentDisposition, matchesEtag } from './response-headers.ts'
import type { GatewayRequest } from './gateway-request.ts'

/** `application/vnd.ipld.raw`: the root block's bytes, which hash to its CID (trustless gateway spec). */
export async function rawBlockResponse (req: GatewayRequest): Promise<Response> {
  const { path, url, request } = req
  if (path.segments.length > 0) {
    throw new BadGatewayRequestError(
      'Raw blocks are served for /ipfs/<cid> alone; ask for format=car to get a path with its proof'
    )
  }
  const etag = `"${path.cidText}.raw"`
  const headers = new Headers({
    'Content-Type': 'application/vnd.ipld.raw',
    'Content-Disposition': contentDisposition('attachment', requestedFilename(url) ?? `${path.cidText}.bin`),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': IMMUTABLE,
    'Accept-Ranges': 'bytes',
    Etag: etag
  })
  if (req.negotiated.fromAcceptOnly) headers.set('Content-Location', formatLocation(url, 'raw'))
  const bytes = await readHeldBlock(req.blockstore, path.cid, req.signal)
  if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers })
  const range = parseRange(request.headers.get('range'), bytes.length)
  const body = range === undefined ? bytes : bytes.subarray(range.start, range.end)
  headers.set('Content-Length', String(body.length))
  if (range !== undefined) headers.set('Content-Range', `bytes ${range.start}-${range.end - 1}/${bytes.length}`)
  return new Response(req.headOnly ? null : body as BodyInit, { status: range === undefined ? 200 : 206, headers })
}
