/** Every answer about content under /ipfs/ is immutable (path gateway spec). */
export const IMMUTABLE = 'public, max-age=29030400, immutable'

/**
 * Content from IPFS must never act with this origin's rights (its tokens, databases and API). Rendered as a
 * document, it runs in an opaque origin: scripts may run, same-origin access never.
 */
export const SANDBOX =
  'sandbox allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads allow-pointer-lock allow-presentation'
/** For what the gateway generates itself (listings, renderings): no scripts at all. */
export const SANDBOX_STRICT = 'sandbox allow-popups allow-popups-to-escape-sandbox allow-downloads'

/**
 * `Content-Disposition` with a file name in both ASCII and UTF-8 (RFC 6266 / 8187), as the path gateway spec asks.
 */
export function contentDisposition (kind: 'inline' | 'attachment', filename: string | undefined): string {
  if (filename === undefined || filename === '') return kind
  const asciiName = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const utf8Name = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  )
  return asciiName === filename
    ? `${kind}; filename="${asciiName}"`
    : `${kind}; filename="${asciiName}"; filename*=UTF-8''${utf8Name}`
}

/** Whether `If-None-Match` names this Etag (weak comparison, RFC 9110 13.1.2), or is `*`. */
export function matchesEtag (ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '')
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag))
}

/** A short stable fingerprint of the request parameters that shape a CAR (for its Etag). */
export function fingerprint (text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(36)
}
