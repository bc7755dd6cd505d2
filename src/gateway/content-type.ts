import { lookup } from 'mrmime'

/** How many leading bytes the sniffer looks at (the WHATWG MIME Sniffing standard's resource header). */
export const SNIFF_BYTES = 1445

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0))

/** Byte signatures from the WHATWG MIME Sniffing standard (images, audio, video, fonts, archives, PDF). */
const SIGNATURES: Array<{ type: string, pattern: Uint8Array, at?: number, mask?: Uint8Array }> = [
  { type: 'application/pdf', pattern: ascii('%PDF-') },
  { type: 'image/png', pattern: Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) },
  { type: 'image/jpeg', pattern: Uint8Array.of(0xff, 0xd8, 0xff) },
  { type: 'image/gif', pattern: ascii('GIF87a') },
  { type: 'image/gif', pattern: ascii('GIF89a') },
  {
    type: 'image/webp',
    pattern: ascii('RIFF\0\0\0\0WEBPVP'),
    mask: Uint8Array.of(255, 255, 255, 255, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255)
  },
  { type: 'image/bmp', pattern: ascii('BM') },
  { type: 'image/x-icon', pattern: Uint8Array.of(0, 0, 1, 0) },
  { type: 'image/avif', pattern: ascii('ftypavif'), at: 4 },
  {
    type: 'audio/wave',
    pattern: ascii('RIFF\0\0\0\0WAVE'),
    mask: Uint8Array.of(255, 255, 255, 255, 0, 0, 0, 0, 255, 255, 255, 255)
  },
  { type: 'audio/mpeg', pattern: ascii('ID3') },
  { type: 'audio/flac', pattern: ascii('fLaC') },
  { type: 'application/ogg', pattern: ascii('OggS\0') },
  { type: 'audio/midi', pattern: ascii('MThd\0\0\0\x06') },
  { type: 'video/webm', pattern: Uint8Array.of(0x1a, 0x45, 0xdf, 0xa3) },
  { type: 'video/mp4', pattern: ascii('ftyp'), at: 4 },
  { type: 'font/woff', pattern: ascii('wOFF') },
  { type: 'font/woff2', pattern: ascii('wOF2') },
  { type: 'application/zip', pattern: Uint8Array.of(0x50, 0x4b, 0x03, 0x04) },
  { type: 'application/gzip', pattern: Uint8Array.of(0x1f, 0x8b, 0x08) },
  { type: 'application/wasm', pattern: Uint8Array.of(0, 0x61, 0x73, 0x6d) }
]

/** Leading markup (after whitespace, case-insensitive) that makes a resource HTML, as the standard lists it. */
const HTML_STARTS = [
  '<!doctype html',
  '<html',
  '<head',
  '<script',
  '<iframe',
  '<h1',
  '<div',
  '<font',
  '<table',
  '<a',
  '<style',
  '<title',
  '<b',
  '<body',
  '<br',
  '<p',
  '<!--'
]

/**
 * The Content-Type of a file: from its name when the name has a known extension, otherwise sniffed from its first
 * bytes. Sniffing finds HTML, XML and SVG as well as binary formats, so that active content is recognised (and
 * sandboxed) even under a bare CID.
 */
export function contentTypeOf (name: string | undefined, head: Uint8Array): string {
  const byName = name === undefined ? undefined : lookup(name)
  if (byName !== undefined) return withCharset(byName)
  return withCharset(sniff(head))
}

function withCharset (type: string): string {
  return type.startsWith('text/') || type === 'image/svg+xml' || type === 'application/json' || type.endsWith('+xml') ||
      type === 'application/javascript'
    ? `${type}; charset=utf-8`
    : type
}

export function sniff (head: Uint8Array): string {
  for (const signature of SIGNATURES) {
    if (matches(head, signature.pattern, signature.at ?? 0, signature.mask)) return signature.type
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, SNIFF_BYTES)).replace(/^\uFEFF/, '')
    .trimStart().toLowerCase()
  if (HTML_STARTS.some((start) => text.startsWith(start) && /^[\s>]/.test(text.charAt(start.length) || '>'))) {
    return 'text/html'
  }
  if (text.startsWith('<?xml') || text.startsWith('<svg')) {
    return text.includes('<svg')
      ? 'image/svg+xml'
      : 'application/xml'
  }
  return looksBinary(head) ? 'application/octet-stream' : 'text/plain'
}

function matches (head: Uint8Array, pattern: Uint8Array, at: number, mask?: Uint8Array): boolean {
  if (head.length < at + pattern.length) return false
  return pattern.every((byte, i) => ((head[at + i] as number) & (mask?.[i] ?? 0xff)) === byte)
}

/** The standard's binary data bytes: control characters other than tab, newlines, form feed and escape. */
function looksBinary (head: Uint8Array): boolean {
  for (const byte of head.subarray(0, SNIFF_BYTES)) {
    if (byte <= 0x08 || byte === 0x0b || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f)) return true
  }
  return false
}
