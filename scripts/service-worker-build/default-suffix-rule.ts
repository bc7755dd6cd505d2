/**
 * Stands in for `tldts` in the service worker's bundle only. msw's cookie store (tough-cookie) asks tldts for a
 * host's registrable domain, and tldts carries the whole Public Suffix List (~100 kB gzip). The service worker
 * sets and reads no cookies, so it gets the list's default rule alone ("*": the last label is the public suffix),
 * which is how the Public Suffix algorithm treats any host the list does not name.
 */
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

export function getDomain (hostname: string): string | null {
  if (hostname.includes(':') || IPV4.test(hostname)) return null
  const labels = hostname.replace(/\.$/, '').split('.')
  if (labels.length < 2 || labels.some((label) => label === '')) return null
  return labels.slice(-2).join('.').toLowerCase()
}
