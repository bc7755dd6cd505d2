import { base16 } from 'multiformats/bases/base16'
import { base64url } from 'multiformats/bases/base64'
import { InvalidArgumentError } from './errors.ts'
import type { StoredToken, TokenStore } from './token-store.ts'

export const MAX_TOKEN_LABEL_LENGTH = 100
const TOKEN_PREFIX = 'ips_'
const TOKEN_BYTES = 32
/** Characters kept to tell tokens apart: `ips_` and 4 of the 43 random ones (24 of its 256 bits). */
const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 4
/** "Last used" is written at most this often per token: never an IndexedDB write per request. */
export const LAST_USED_INTERVAL_MS = 60_000

/** What is shown of a token after its creation: everything but the secret. */
export interface TokenInfo {
  id: string
  label: string
  /** ISO 8601 */
  created: string
  /** The token's first characters (e.g. `ips_AbC1`), to tell tokens apart; absent for tokens made before it was kept. */
  prefix?: string
  /** ISO 8601, to the minute or so; absent while it was never used. */
  lastUsed?: string
}

export interface TokenService {
  /** A new bearer token; the secret is returned only here and only its hash is stored. */
  create(label: string): Promise<{ token: string, info: TokenInfo }>
  list(): Promise<TokenInfo[]>
  /** False when there was no such token. A revoked token is refused from the next request on. */
  revoke(id: string): Promise<boolean>
  /** Whether a presented bearer token is one of ours and not revoked. */
  verify(token: string): Promise<boolean>
}

export interface TokenServiceComponents {
  tokens: TokenStore
  now?: () => number
  /** Called after a token was created or revoked (the UI of every tab lists them). */
  onChange?: () => void
}

export function createTokenService (
  { tokens, now = Date.now, onChange = () => {} }: TokenServiceComponents
): TokenService {
  /** Tokens whose "last used" is being written from this context. */
  const touching = new Set<string>()
  /** Records the use after the answer: the request never waits for it, and a failed write only loses a time. */
  const noteUse = (token: StoredToken) => {
    const at = now()
    if (at - (token.lastUsed ?? -Infinity) < LAST_USED_INTERVAL_MS || touching.has(token.id)) return
    touching.add(token.id)
    setTimeout(() => {
      tokens.touch(token.id, at).then(onChange, (error: unknown) => {
        console.error('token last-used time not written', error)
      })
        .finally(() => {
          touching.delete(token.id)
        })
    }, 0)
  }
  return {
    async create (label) {
      if (typeof label !== 'string' || label.trim() === '' || [...label].length > MAX_TOKEN_LABEL_LENGTH) {
        throw new InvalidArgumentError(
          `A token label is a non-blank string of at most ${MAX_TOKEN_LABEL_LENGTH} characters`
        )
      }
      const token = TOKEN_PREFIX + base64url.baseEncode(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)))
      const stored = {
        id: crypto.randomUUID(),
        label,
        created: now(),
        hash: await sha256Hex(token),
        prefix: token.slice(0, SHOWN_PREFIX_LENGTH)
      }
      await tokens.add(stored)
      onChange()
      return { token, info: toInfo(stored) }
    },
    async list () {
      return (await tokens.list()).map(toInfo)
    },
    async revoke (id) {
      const removed = await tokens.remove(id)
      if (removed) onChange()
      return removed
    },
    async verify (token) {
      const found = await tokens.findByHash(await sha256Hex(token))
      if (found !== undefined) noteUse(found)
      return found !== undefined
    }
  }
}

function toInfo ({ id, label, created, prefix, lastUsed }: StoredToken): TokenInfo {
  const info: TokenInfo = { id, label, created: new Date(created).toISOString() }
  if (prefix !== undefined) info.prefix = prefix
  if (lastUsed !== undefined) info.lastUsed = new Date(lastUsed).toISOString()
  return info
}

async function sha256Hex (text: string): Promise<string> {
  return base16.baseEncode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))))
}
