import { bodyStream } from './body-stream.ts'
import { readBlock } from '../blocks/read-block.ts'
import { parseRange } from './byte-range.ts'
import { SNIFF_BYTES, contentTypeOf } from './content-type.ts'
import { fileBytes } from './file-bytes.ts'
import { requestedFilename, wantsDownload } from './gateway-request.ts'
import { contentDisposition, matchesEtag } from './response-headers.ts'
import type { GatewayRequest } from './gateway-request.ts'
import type { RawNode, UnixFSFile, IdentityNode } from 'ipfs-unixfs-exporter'

/**
 * A file's bytes (a UnixFS file, or a raw or identity block), streamed block by block, with its type from its name
 * or sniffed from its first bytes, and `Range` answered with 206 (or 416).
 */
export async function fileResponse (
  req: GatewayRequest,
  entry: UnixFSFile | RawNode | IdentityNode,
  name: string | undefined,
  headers: Headers
): Promise<Response> {
  const { request, url } = req
  const size = Number(entry.size)
  const etag = `"${entry.cid.toString()}"`
  headers.set('Etag', etag)
  headers.set('Accept-Ranges', 'bytes')
  const filename = requestedFilename(url)
  if (filename !== undefined || wantsDownload(url)) {
    headers.set(
      'Content-Disposition',
      contentDisposition(wantsDownload(url) ? 'attachment' : 'inline', filename ?? name)
    )
  }
  if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers })

  const read = (start: number, end: number) => fileBytes(req.blockstore, entry.cid, { start, end }, req.signal)
  headers.set('Content-Type', contentTypeOf(filename ?? name, await readBlock(read(0, Math.min(size, SNIFF_BYTES)))))

  const ifRange = request.headers.get('if-range')
  const range = ifRange === null || ifRange === etag ? parseRange(request.headers.get('range'), size) : undefined
  const start = range?.start ?? 0
  const end = range?.end ?? size
  headers.set('Content-Length', String(end - start))
  if (range !== undefined) headers.set('Content-Range', `bytes ${start}-${end - 1}/${size}`)
  const status = range === undefined ? 200 : 206
  if (req.headOnly || end === start) return new Response(null, { status, headers })
  return new Response(bodyStream(read(start, end)), { status, headers })
}
