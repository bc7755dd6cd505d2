export interface RemotePinningOptions {
  /** Base URL of the API, e.g. 'http://127.0.0.1:40123/api/v1'. */
  endpoint: string
  /** A valid access token, sent as `Authorization: Bearer <token>`. */
  token: string
  /** The content: added as one UnixFS file to the client's node, which then serves it over bitswap. */
  bytes: Uint8Array
  /** Sent as `pin.name`. */
  name?: string
  /** Abort signal timeout for `pins.add` (post, then polls every second). Default 60000; the process gets 30 s more. */
  timeoutMs?: number
}

export interface RemotePinningResult {
  /** The root CID of the added file (CIDv1, raw leaves). */
  cid: string
  /** The final PinStatus's status, read back after `pins.add` ended. */
  status: 'queued' | 'pinning' | 'pinned' | 'failed'
  /** 'pinned' when `pins.add` returned, 'failed' when it threw PinningFailedError. */
  addEndedAs: 'pinned' | 'failed'
  requestid: string
  created: string
  /** What the service stored as origins: the client node's own multiaddrs. */
  origins: string[]
  delegates: string[]
  info: Record<string, string>
  ownMultiaddrs: string[]
  /** Connections the client node saw, e.g. 'inbound /ip4/127.0.0.1/tcp/52144/p2p/12D3Koo…'. */
  peers: string[]
  /** Non-loopback addresses the client node was asked to dial (all refused). */
  deniedDials: string[]
  /** Non-loopback TCP connects, UDP sends and DNS queries of the client process (test/fixtures/traffic-guard.ts). */
  outbound: string[]
  /** Every API request the client made (headers, and so the token, left out). */
  requests: Array<{ method: string, url: string, body?: string }>
  /** From the POST to the end of polling. */
  elapsedMs: number
  /** Versions of the main packages the client process loaded. */
  versions: Record<string, string>
}

export function pinWithRemotePinning (options: RemotePinningOptions): Promise<RemotePinningResult>
