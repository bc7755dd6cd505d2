/** Errors of reading local content; each says in plain words what was asked and why it cannot be answered. */

/** A block the answer needs is not in this node's store: only pinned or imported content can be read. */
export class ContentNotHeldError extends Error {
  override name = 'ContentNotHeldError'
  constructor (readonly cid: string) {
    super(
      `${cid} is not held by this node: only content pinned or imported here can be read, and nothing is fetched to read it`
    )
  }
}

export class NotAFolderError extends Error {
  override name = 'NotAFolderError'
  constructor (readonly where: string, kind: string) {
    super(`${where} is ${kind === 'object' ? 'an IPLD object (DAG-CBOR or DAG-JSON)' : 'a file'}, not a folder`)
  }
}

export class NoSuchEntryError extends Error {
  override name = 'NoSuchEntryError'
  constructor (readonly where: string) {
    super(`${where} does not exist: a folder on the way has no entry of that name`)
  }
}
