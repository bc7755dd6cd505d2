import { exporter } from 'ipfs-unixfs-exporter'
import { bodyStream } from './body-stream.ts'
import { parseEntityBytes } from './byte-range.ts'
import { isHeld } from './block-reader.ts'
import { carStream } from './car-stream.ts'
import { contentPathText } from './content-path.ts'
import { BadGatewayRequestError, NotHeldError } from './errors.ts'
import { formatLocation, requestedFilename } from './gateway-request.ts'
import { resolvePath } from './resolve-path.ts'
import { IMMUTABLE, contentDisposition, fingerprint, matchesEtag } from './response-headers.ts'
import type { ByteRange } from './byte-range.ts'
import type { CarWalk } from './car-stream.ts'
import type { DagScope } from './dag-links.ts'
import type { GatewayRequest } from './gateway-request.ts'

const SCOPES: readonly DagScope[] = ['block', 'entity', 'all']

/**
 * `application/vnd.ipld.car`: the blocks that prove the path, then the target's `dag-scope`, depth first, each once
 * unless `dups=y`. The path is resolved before the answer starts, so a missing block or entry there is a 404; a
 * block missing below the target ends the stream early (the client checks completeness, as the spec says).
 */
export async function carResponse (req: GatewayRequest): Promise<Response> {
  const { url, path, request } = req
  const params = url.searchParams
  const entityBytes = params.get('entity-bytes')
  const scopeParam = params.get('dag-scope')
  if (scopeParam !== null && !(SCOPES as readonly string[]).includes(scopeParam)) {
    throw new BadGatewayRequestError(`dag-scope=${scopeParam.slice(0, 50)} is not one of block, entity, all`)
  }
  const scope: DagScope = (scopeParam as DagScope | null) ?? (entityBytes === null ? 'all' : 'entity')
  const dups = req.negotiated.car.dups

  const resolved = await resolvePath(req.blockstore, path, req.signal)
  if (!await isHeld(req.blockstore, resolved.target)) {
    throw new NotHeldError(resolved.target.toString(), ` (at ${contentPathText('/ipfs', path)})`)
  }
  const walk: CarWalk = { pathBlocks: resolved.blocksRead, target: resolved.target, scope, dups }
  const range = entityBytes === null || scope !== 'entity' ? undefined : await entityRange(req, walk, entityBytes)
  if (range === 'empty') walk.scope = 'block'
  else if (range !== undefined) walk.range = range

  const etag = `"${path.cidText}.car.${
    fingerprint([path.segments.join('/'), scope, entityBytes ?? '', dups].join('\n'))
  }"`
  const headers = new Headers({
    'Content-Type': `application/vnd.ipld.car; version=1; order=dfs; dups=${dups}`,
    'Content-Disposition': contentDisposition('attachment', requestedFilename(url) ?? `${path.cidText}.car`),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': IMMUTABLE,
    'Accept-Ranges': 'none',
    Etag: etag
  })
  if (req.negotiated.fromAcceptOnly) headers.set('Content-Location', formatLocation(url, 'car'))
  if (matchesEtag(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers })
  if (req.headOnly) return new Response(null, { headers })
  return new Response(bodyStream(carStream(req.blockstore, path.cid, walk, req.signal)), { headers })
}

/** The byte range of a file target; undefined when the target is no file (entity-bytes is then ignored). */
async function entityRange (
  req: GatewayRequest,
  walk: CarWalk,
  entityBytes: string
): Promise<ByteRange | 'empty' | undefined> {
  const entry = await exporter(walk.target, req.blockstore, { signal: req.signal })
  if (entry.type !== 'file' && entry.type !== 'raw' && entry.type !== 'identity') return undefined
  return parseEntityBytes(entityBytes, Number(entry.size)) ?? 'empty'
}
