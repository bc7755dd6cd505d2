/**
 * libp2p with bitswap over the transports a browser can dial: WebSockets, WebRTC-direct and WebTransport.
 * Loaded on demand (a dynamic import) so that pins that need only HTTP never download it.
 */
import { withBitswap } from '@helia/bitswap'
import { withLibp2pLight } from '@helia/libp2p'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { webRTCDirect } from '@libp2p/webrtc'
import { webSockets } from '@libp2p/websockets'
import { webTransport } from '@libp2p/webtransport'
import { yamux } from '@libp2p/yamux'
import type { Helia } from '@helia/interface'
import type { PrivateKey } from '@libp2p/interface'

export interface BrowserLibp2pInit {
  /** The service's persisted identity, so the node's peer id is the one its delegates name. */
  privateKey: PrivateKey
  /** Dial ws:// and private addresses too (local networks, tests); browsers refuse them by default. */
  allowInsecure: boolean
}

export function withBrowserLibp2p (helia: Helia, { privateKey, allowInsecure }: BrowserLibp2pInit): Helia {
  const withP2p = withLibp2pLight(helia, {
    privateKey,
    // Dial-only: a page cannot listen. No bootstrap, DHT or public delegates: peers come from routing and origins.
    addresses: { listen: [] },
    transports: [webSockets(), webRTCDirect(), webTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() },
    ...(allowInsecure ? { connectionGater: { denyDialMultiaddr: async () => false } } : {})
  })
  return withBitswap(withP2p)
}
