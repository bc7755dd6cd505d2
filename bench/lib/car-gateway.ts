import { createServer } from 'node:http'
import * as dagCbor from '@ipld/dag-cbor'
import { varint } from 'multiformats'
import { createUnsafe } from 'multiformats/block'
import { CID } from 'multiformats/cid'
import { closeServer, listenOnLoopback } from '../../test/fixtures/listen.ts'
import type { IpfsNetwork } from '../../test/fixtures/ipfs-network.ts'

export interface TimedRequest {
  /** Wall-clock time the request arrived, in ms since the epoch (performance.timeOrigin + now: sub-ms). */
  at: number
  cid: string
  format: 'raw' | 'car' | 'other'
}

export interface CarGateway {
  /** e.g. http://127.0.0.1:41001 */
  url: string
  /** e.g. /ip4/127.0.0.1/tcp/41001/http (a pin's origin) */
  multiaddr: string
  /** Every request, in order of arrival. */
  readonly requests: readonly TimedRequest[]
  close(): Promise<void>
}

/**
 * A trustless gateway over the network's content node, for the bench: raw blocks (`?format=raw` or Accept) and
 * CARv1 of a whole DAG (`?format=car` or Accept `application/vnd.ipld.car`: dag-scope=all, depth first, each block
 * once), streamed frame by frame. It notes when each request arrived on the wall clock, which the page's
 * `performance.timeOrigin + performance.now()` shares: the time from a POST to the first block asked for.
 * (The fixture gateway serves raw blocks only; the engine's CAR fetching is being built elsewhere.)
 */
export async function startCarGateway (network: IpfsNetwork): Promise<CarGateway> {
  const requests: TimedRequest[] = []
  const read = async (cid: CID) => {
    const chunks: Uint8Array[] = []
    for await (const chunk of network.helia.blockstore.get(cid, { offline: true })) chunks.push(chunk)
    return chunks.length === 1 ? chunks[0] as Uint8Array : new Uint8Array(Buffer.concat(chunks))
  }
  const server = createServer((req, res) => {
    const at = performance.timeOrigin + performance.now()
    res.setHeader('Access-Control-Allow-Origin', '*')
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, HEAD',
        'Access-Control-Allow-Headers': '*',
        'Access-Control-Max-Age': '86400'
      }).end()
      return
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const accept = req.headers.accept ?? ''
    const format = url.searchParams.get('format') ??
      (accept.includes('application/vnd.ipld.car')
        ? 'car'
        : accept.includes('application/vnd.ipld.raw')
        ? 'raw'
        : 'other')
    const match = /^\/ipfs\/([^/?]+)\/?$/.exec(url.pathname)
    let cid: CID | undefined
    try {
      cid = match?.[1] === undefined ? undefined : CID.parse(match[1])
    } catch {}
    requests.push({
      at,
      cid: cid?.toString() ?? url.pathname,
      format: format === 'raw' || format === 'car' ? format : 'other'
    })
    if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>car gateway</title>')
      return
    }
    if (cid === undefined || (format !== 'raw' && format !== 'car')) {
      res.writeHead(cid === undefined ? 404 : 406).end()
      return
    }
    const root = cid
    const answer = format === 'raw' ? answerRaw(root) : answerCar(root)
    answer.catch(() => {
      if (!res.headersSent) res.writeHead(404).end()
      else res.destroy()
    })

    async function answerRaw (block: CID): Promise<void> {
      if (!await network.helia.blockstore.has(block)) throw new Error('not held')
      const bytes = await read(block)
      res.writeHead(200, {
        'Content-Type': 'application/vnd.ipld.raw',
        'Content-Length': String(bytes.length),
        'Cache-Control': 'no-store'
      }).end(bytes)
    }

    async function answerCar (start: CID): Promise<void> {
      if (!await network.helia.blockstore.has(start)) throw new Error('not held')
      res.writeHead(200, {
        'Content-Type': 'application/vnd.ipld.car; version=1; order=dfs; dups=n',
        'Cache-Control': 'no-store'
      })
      const header = dagCbor.encode({ version: 1, roots: [start] })
      res.write(
        Buffer.concat([varint.encodeTo(header.length, new Uint8Array(varint.encodingLength(header.length))), header])
      )
      const seen = new Set<string>()
      const stack = [start]
      for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
        if (seen.has(next.toString())) continue
        seen.add(next.toString())
        const bytes = await read(next)
        const length = next.bytes.length + bytes.length
        const ok = res.write(
          Buffer.concat([varint.encodeTo(length, new Uint8Array(varint.encodingLength(length))), next.bytes, bytes])
        )
        const block = createUnsafe({ cid: next, bytes, codec: await network.helia.getCodec(next.code) })
        const links = [...block.links()].map(([, link]) => link)
        for (let i = links.length - 1; i >= 0; i--) stack.push(links[i] as CID)
        if (!ok) await new Promise((resolve) => res.once('drain', resolve))
        if (res.destroyed) return
      }
      res.end()
    }
  })
  const port = await listenOnLoopback(server)
  return {
    url: `http://127.0.0.1:${port}`,
    multiaddr: `/ip4/127.0.0.1/tcp/${port}/http`,
    requests,
    close: async () => closeServer(server)
  }
}
