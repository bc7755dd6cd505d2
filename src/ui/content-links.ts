import type { ContentKind, LocalContent } from '../index.ts'

/** What is at a place in a DAG: the root CID, the path below it (`''` for the root), its name and kind. */
export interface ContentTarget {
  cid: string
  path: string
  /** The name downloads are saved under (the entry's name; the pin's name or the CID for a root). */
  name: string
  kind: ContentKind
}

export interface SavedLink {
  href: string
  filename: string
}

export interface ContentLinks {
  /** Opens it in a tab: a file as itself, a folder as its page (index.html or a listing), sandboxed by the gateway. */
  open: string
  /** A file's bytes, saved under its name (`download=true`); a folder or an IPLD object is saved as its CAR. */
  download: SavedLink | undefined
  /** The whole DAG as a CAR file (`format=car`), every block, verifiable by any IPFS tool: how a folder is saved. */
  car: SavedLink
}

/** The gateway URLs for one target, on this origin; every one is answered offline by the service worker. */
export function contentLinks (content: Pick<LocalContent, 'url'>, target: ContentTarget): ContentLinks {
  const here = content.url(target.cid, target.path)
  const query = (params: Record<string, string>) => `${here}?${new URLSearchParams(params).toString()}`
  const carName = `${target.name}.car`
  return {
    // A folder's page needs its trailing slash (relative links inside it); asking with it saves a redirect.
    open: target.kind === 'folder' ? content.url(target.cid, `${target.path}/`) : here,
    download: target.kind === 'file'
      ? { href: query({ download: 'true', filename: target.name }), filename: target.name }
      : undefined,
    car: { href: query({ format: 'car', filename: carName }), filename: carName }
  }
}
