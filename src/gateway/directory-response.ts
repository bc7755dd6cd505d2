import { exporter } from 'ipfs-unixfs-exporter'
import { contentPathText } from './content-path.ts'
import { fileResponse } from './file-response.ts'
import { listingHtml } from './listing-html.ts'
import { SANDBOX_STRICT, matchesEtag } from './response-headers.ts'
import type { GatewayRequest } from './gateway-request.ts'
import type { RawNode, UnixFSDirectory, UnixFSDirectoryEntry, UnixFSFile } from 'ipfs-unixfs-exporter'

/** Changes whenever the listing's HTML does, so caches never keep an old page (path gateway spec). */
const LISTING_VERSION = '1'

/**
 * A folder: without its trailing slash, a redirect to it (relative links inside need it); then its `index.html`
 * when it has one, otherwise a listing.
 */
export async function directoryResponse (
  req: GatewayRequest,
  directory: UnixFSDirectory,
  headers: Headers
): Promise<Response> {
  const { url, path, request } = req
  if (!path.trailingSlash) {
    headers.set('Location', `${url.pathname}/${url.search}`)
    return new Response(null, { status: 301, headers })
  }
  const index = await indexPage(req, directory)
  if (index !== undefined) return fileResponse(req, index, 'index.html', headers)

  const etag = `"DirIndex-${LISTING_VERSION}_CID-${directory.cid.toString()}"`
  headers.set('Etag', etag)
  headers.set('Content-Type', 'text/html; charset=utf-8')
  headers.set('Content-Security-Policy', SANDBOX_STRICT)
  if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers })
  if (req.headOnly) return new Response(null, { headers })
  const entries: UnixFSDirectoryEntry[] = []
  for await (const entry of directory.entries({ signal: req.signal })) entries.push(entry)
  entries.sort((a, b) => a.name.localeCompare(b.name))
  const here = contentPathText(req.basePath, path)
  const parent = path.segments.length === 0 ? undefined : '../'
  return new Response(listingHtml(req.basePath, `${here}/`, parent, `${here}/?format=car`, entries), { headers })
}

/** The folder's `index.html` file, found by name (a sharded folder is looked up by hash, not listed). */
async function indexPage (req: GatewayRequest, directory: UnixFSDirectory): Promise<UnixFSFile | RawNode | undefined> {
  try {
    const page = await exporter(`${directory.cid.toString()}/index.html`, req.blockstore, { signal: req.signal })
    return page.type === 'file' || page.type === 'raw' ? page : undefined
  } catch (error) {
    if ((error as Error).name === 'NotFoundError') return undefined
    throw error
  }
}
