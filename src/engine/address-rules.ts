import type { Multiaddr } from '@multiformats/multiaddr'

/**
 * The engine's rules for addresses it may not use unless `allowInsecure` is on, as Helia's gateway client
 * and the browser's libp2p apply them: plain http:// and ws://, and private or loopback IP addresses.
 * Host names are allowed (Helia cannot know where they point); only IP literals are judged.
 */

const PRIVATE_V4: Array<[number, number, number]> = [
  // [first octet, second octet from, second octet to]
  [0, 0, 255],
  [10, 0, 255],
  [127, 0, 255],
  [169, 254, 254],
  [172, 16, 31],
  [192, 168, 168],
  [100, 64, 127]
]

/** Whether a host (an IP literal, with or without IPv6 brackets) is private, loopback or link-local. */
export function isPrivateHost (host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(bare)
  if (v4 !== null) {
    const [a, b] = [Number(v4[1]), Number(v4[2])]
    return PRIVATE_V4.some(([first, from, to]) => a === first && b >= from && b <= to)
  }
  if (!bare.includes(':')) return false
  return bare === '::1' || bare === '::' || /^f[cd]/.test(bare) || /^fe[89ab]/.test(bare) ||
    bare.startsWith('::ffff:127.')
}

/** Why a gateway URL from Settings is not used, or undefined when it is. */
export function gatewayUrlRefusal (url: string, allowInsecure: boolean): string | undefined {
  if (allowInsecure) return undefined
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'not a URL'
  }
  if (parsed.protocol === 'http:') return INSECURE_OFF
  if (isPrivateHost(parsed.hostname)) return LOCAL_OFF
  return undefined
}

/** Why an origin multiaddr is not used, or undefined when it is. */
export function originRefusal (
  origin: Multiaddr,
  allowInsecure: boolean,
  libp2p: 'auto' | 'always' | 'never'
): string | undefined {
  const components = origin.getComponents()
  const names = components.map((component) => component.name)
  const isHttp = names.includes('http') || names.includes('https')
  if (!isHttp && libp2p === 'never') return LIBP2P_OFF
  if (allowInsecure) return undefined
  const plain = isHttp
    ? names.includes('http') && !names.includes('tls')
    : names.includes('ws') && !names.includes('tls')
  if (plain) return INSECURE_OFF
  const host = components.find((component) => component.name === 'ip4' || component.name === 'ip6')?.value
  if (host !== undefined && isPrivateHost(host)) return LOCAL_OFF
  return undefined
}

/** Words that name the setting, as the Settings page shows it. */
const SETTING = '“Allow http://, ws:// and local addresses” is off in Settings'
const INSECURE_OFF = `plain http:// and ws:// are not used while ${SETTING}`
const LOCAL_OFF = `local network addresses are not used while ${SETTING}`
const LIBP2P_OFF = 'peers are not dialled while “libp2p peers” is set to “Never” in Settings'
