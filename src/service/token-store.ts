/** A token as kept: never the token itself, only its hash and what tells it apart. */
export interface StoredToken {
  id: string
  label: string
  created: number
  /** SHA-256 of the token, hex; the token itself is never stored. */
  hash: string
  /** The token's first characters (`ips_` and 4 more), to tell tokens apart; not enough to guess it. */
  prefix?: string
  /** When a request last presented it (ms since the epoch), written at most about once a minute. */
  lastUsed?: number
}

/** Where access tokens live, hashed (the port the token service needs; store/token-store.ts is the IndexedDB one). */
export interface TokenStore {
  add(token: StoredToken): Promise<void>
  findByHash(hash: string): Promise<StoredToken | undefined>
  list(): Promise<StoredToken[]>
  /** False when there was no such token. */
  remove(id: string): Promise<boolean>
  /** Records that the token was presented at `when` (nothing happens if it was revoked meanwhile). */
  touch(id: string, when: number): Promise<void>
}
