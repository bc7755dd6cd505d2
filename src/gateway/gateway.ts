import { exporter } from 'ipfs-unixfs-exporter'
import { isHeld } from './block-reader.ts'
import { carResponse } from './car-response.ts'
import { contentPathText, parseContentPath } from './content-path.ts'
import { directoryResponse } from './directory-response.ts'
import { BadGatewayRequestError, GatewayError, MethodNotAllowedError, NotCachedError, NotHeldError } from './errors.ts'
import { fileResponse } from './file-response.ts'
import { negotiate } from './negotiate.ts'
import { objectResponse } from './object-response.ts'
import { rawBlockResponse } from './raw-response.ts'
import { resolvePath } from './resolve-path.ts'
import { IMMUTABLE, SANDBOX } from './response-headers.ts'
import { DEFAULT_GATEWAY_BASE_PATH } from '../config.ts'
import type { GatewayBlockstore } from './block-reader.ts'
import type { GatewayRequest } from './gateway-request.ts'

/**
 * An IPFS path gateway over the node's own blocks, as one function: a Request in, a Response out. Trustless
 * responses (raw blocks, CARs) and the content itself (files with ranges, folders, DAG-CBOR/JSON), from local
 * blocks only: nothing is ever fetched to answer. No DOM: it runs in the service worker and in Node tests.
 */
export interface Gateway {
  /** The path prefix, without a trailing slash (e.g. `/ipfs`). */
  readonly basePath: string
  /** Whether a URL is the gateway's to answer (its prefix, on any origin the caller accepts). */
  owns(url: URL): boolean
  handle(request: Request): Promise<Response>
}

export interface GatewayComponents {
  /** The node's blockstore; opened on the first request that needs it. */
  blockstore(): Promise<GatewayBlockstore>
}

export interface GatewayInit {
  basePath?: string
}

export function createGateway ({ blockstore }: GatewayComponents, init: GatewayInit = {}): Gateway {
  const basePath = (init.basePath ?? DEFAULT_GATEWAY_BASE_PATH).replace(/\/+$/, '')
  const owns = (url: URL): boolean => url.pathname === basePath || url.pathname.startsWith(`${basePath}/`)

  async function handle (request: Request): Promise<Response> {
    try {
      return await answer(request)
    } catch (error) {
      return errorResponse(error)
    }
  }

  async function answer (request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new MethodNotAllowedError(request.method)
    // A service worker registered from content could take over the gateway's paths: never serve one.
    if (request.headers.get('service-worker') === 'script') {
      throw new BadGatewayRequestError('Content under this gateway cannot be registered as a service worker')
    }
    const url = new URL(request.url)
    const path = parseContentPath(url.pathname.slice(basePath.length))
    const req: GatewayRequest = {
      request,
      url,
      basePath,
      path,
      negotiated: negotiate(url.searchParams, request.headers.get('accept')),
      blockstore: await blockstore(),
      headOnly: request.method === 'HEAD',
      signal: request.signal
    }
    if (!await isHeld(req.blockstore, path.cid)) {
      if (/\bonly-if-cached\b/i.test(request.headers.get('cache-control') ?? '')) throw new NotCachedError(path.cidText)
      throw new NotHeldError(path.cidText)
    }
    switch (req.negotiated.format) {
      case 'raw':
        return await rawBlockResponse(req)
      case 'car':
        return await carResponse(req)
      default:
        return await contentResponse(req)
    }
  }

  return { basePath, owns, handle }
}

/** The content itself, or a rendering of an IPLD node: what a browser, an `<img>` or a `<video>` asks for. */
async function contentResponse (req: GatewayRequest): Promise<Response> {
  const { path } = req
  const resolved = await resolvePath(req.blockstore, path, req.signal)
  if (!await isHeld(req.blockstore, resolved.target)) {
    throw new NotHeldError(resolved.target.toString(), ` (at ${contentPathText(req.basePath, path)})`)
  }
  const headers = new Headers({
    'Cache-Control': IMMUTABLE,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': SANDBOX,
    'X-Ipfs-Path': contentPathText(req.basePath, path),
    'X-Ipfs-Roots': resolved.roots.map((root) => root.toString()).join(',')
  })
  if (req.negotiated.format !== undefined) return objectResponse(req, resolved.target, headers, req.negotiated.format)
  const entry = await exporter(resolved.target, req.blockstore, { signal: req.signal })
  switch (entry.type) {
    case 'file':
    case 'raw':
    case 'identity':
      return fileResponse(req, entry, path.segments.at(-1), headers)
    case 'directory':
      return directoryResponse(req, entry, headers)
    case 'object':
      return objectResponse(req, resolved.target, headers, undefined)
  }
}

/** Every answer that is not content: plain text that says what happened, never a page of the app. */
function errorResponse (error: unknown): Response {
  const known = error instanceof GatewayError ? error : undefined
  if (known === undefined) console.error('gateway: unexpected error', error)
  const status = known?.status ?? 500
  const message = known?.message ?? `The gateway failed: ${error instanceof Error ? error.message : String(error)}`
  // 412 for only-if-cached carries no payload (path gateway spec).
  const body = status === 412 ? null : `${message}\n`
  return new Response(body, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      ...known?.headers
    }
  })
}
