import { checkPin } from '../index.ts'

/**
 * What a person may paste as "the CID": a CID, a gateway link (path style `https://ipfs.io/ipfs/<cid>/a.pdf`
 * or subdomain style `https://<cid>.ipfs.dweb.link/a.pdf`), an `ipfs://<cid>/a.pdf` link or an `/ipfs/<cid>`
 * path. Anything else gets a reason in plain words.
 */
export type CidInput =
  | { ok: true, cid: string, path: string, form: CidForm }
  | { ok: false, problem: string }

export type CidForm = 'cid' | 'gateway link' | 'ipfs:// link' | '/ipfs/ path'

const FORMS_ACCEPTED = 'a CID (bafy… or Qm…), a gateway link (https://…/ipfs/…), an ipfs:// link or an /ipfs/… path'

export function readCidInput (typed: string): CidInput {
  const text = typed.trim()
  if (text === '') return { ok: false, problem: `Enter ${FORMS_ACCEPTED}.` }
  if (/^ipns:|^\/ipns\//i.test(text)) return ipnsProblem()

  const scheme = /^ipfs:(?:\/\/)?([^/?#]+)([^?#]*)/i.exec(text)
  if (scheme !== null) return fromLink(scheme[1]!, scheme[2]!, 'ipfs:// link')

  const path = /^\/ipfs\/([^/?#]+)([^?#]*)/.exec(text)
  if (path !== null) return fromLink(path[1]!, path[2]!, '/ipfs/ path')

  if (/^https?:\/\//i.test(text)) return fromHttp(text)
  return asCid(text, '')
}

function fromHttp (text: string): CidInput {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { ok: false, problem: `This is not a complete web address. Paste ${FORMS_ACCEPTED}.` }
  }
  const inPath = /^\/ipfs\/([^/]+)(.*)$/.exec(url.pathname)
  if (inPath !== null) return fromLink(inPath[1]!, inPath[2]!, 'gateway link')
  const labels = url.hostname.split('.')
  if (labels[1] === 'ipfs' && labels[0] !== undefined) {
    return fromLink(labels[0], url.pathname === '/' ? '' : url.pathname, 'gateway link')
  }
  if (labels[1] === 'ipns' || url.pathname.startsWith('/ipns/')) return ipnsProblem()
  return {
    ok: false,
    problem:
      `This link does not point to IPFS content: a gateway link has /ipfs/ and the CID in its path (https://ipfs.io/ipfs/bafy…) or the CID before “.ipfs.” in its address (https://bafy….ipfs.dweb.link).`
  }
}

function fromLink (cid: string, rawPath: string, form: CidForm): CidInput {
  const read = asCid(decode(cid), decode(rawPath).replace(/\/+$/, ''))
  return read.ok ? { ...read, form } : { ok: false, problem: `The ${form} holds no valid CID: ${read.problem}` }
}

function asCid (text: string, path: string): CidInput {
  if (/\s/.test(text)) return { ok: false, problem: 'A CID has no spaces or line breaks: copy it again in one piece.' }
  if (checkPin({ cid: text }).length === 0) return { ok: true, cid: text, path, form: 'cid' }
  return { ok: false, problem: looksLikeCid(text) ? cutShort(text) : notACid(text) }
}

/** Starts like the CIDs people meet (CIDv0 `Qm…`, CIDv1 in base32 `bafy…`/`bafk…`), or is long and code-like. */
function looksLikeCid (text: string): boolean {
  return /^(Qm|baf[ykz])/i.test(text) || /^[A-Za-z0-9]{30,}$/.test(text)
}

function cutShort (text: string): string {
  return `“${
    clip(text)
  }” looks like a CID but is not a valid one: it may be cut short or mistyped. Copy it again from where you found it.`
}

function notACid (text: string): string {
  return `“${clip(text)}” is not a CID. Paste ${FORMS_ACCEPTED}.`
}

function ipnsProblem (): CidInput {
  return {
    ok: false,
    problem:
      'This is an IPNS name, which points to content that can change; a pin needs the CID of the content itself. Open the name in a gateway, copy the /ipfs/… link it leads to, and paste that.'
  }
}

function decode (text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function clip (text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}
