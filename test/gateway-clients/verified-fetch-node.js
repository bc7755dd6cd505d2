// The client program: @helia/verified-fetch in Node with the service's gateway as its only gateway. Reads
// {gateway, urls: [ipfs://…]} as JSON on stdin, fetches each, and writes what came back (status, type, size,
// SHA-256 of the body) as JSON on stdout. A process of its own, so that Node resolves every package from this
// folder's node_modules (verified-fetch's Helia line, not the project's copy).
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fallbackRouter } from '@helia/fallback-router'
import { trustlessGatewayBlockBroker } from '@helia/trustless-gateway-client'
import { createVerifiedFetch } from '@helia/verified-fetch'
import { MemoryBlockstore } from 'blockstore-core'
import { MemoryDatastore } from 'datastore-core'
import { createHeliaLight } from 'helia'
// The project's recorder of non-loopback sockets, UDP and DNS (plain TS: Node strips the types).
import { watchOutboundTraffic } from '../fixtures/traffic-guard.ts'

const guard = watchOutboundTraffic()

/**
 * Helia with one source of blocks, the given gateway (each block verified against its CID). Not verified-fetch's
 * own default node: that one starts libp2p (DHT, bootstrap, WebRTC), which a loopback test must not.
 */
async function gatewayOnlyHelia (gateway) {
  const gateways = fallbackRouter({ gateways: [gateway] })
  const helia = createHeliaLight({
    blockstore: new MemoryBlockstore(),
    datastore: new MemoryDatastore(),
    // An ordinary router beside the gateway's (Helia 7 waits forever with fallback routers alone), which is
    // asked for every CID without its fallback capability.
    routers: [{ name: 'no-op', async *findProviders () {} }, {
      name: 'gateway',
      findProviders: gateways.findProviders.bind(gateways)
    }],
    blockBrokers: [trustlessGatewayBlockBroker({ allowInsecure: true, allowLocal: true })]
  })
  await helia.start()
  return helia
}

async function main () {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  const { gateway, urls } = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  const verifiedFetch = await createVerifiedFetch(await gatewayOnlyHelia(gateway))
  try {
    const answers = []
    for (const url of urls) {
      const response = await verifiedFetch(url, { signal: AbortSignal.timeout(60_000) })
      const body = Buffer.from(await response.arrayBuffer())
      answers.push({
        url,
        status: response.status,
        contentType: response.headers.get('content-type'),
        length: body.length,
        sha256: createHash('sha256').update(body).digest('hex')
      })
    }
    const version =
      JSON.parse(await readFile(new URL('node_modules/@helia/verified-fetch/package.json', import.meta.url), 'utf8'))
        .version
    return { answers, version }
  } finally {
    await verifiedFetch.stop()
  }
}

main().then((result) => {
  guard.stop()
  process.stdout.write(JSON.stringify({ ...result, outbound: guard.attempts }))
}, (err) => {
  process.stderr.write(`verified-fetch client failed: ${err?.stack ?? err}\n`)
  process.exitCode = 1
})
