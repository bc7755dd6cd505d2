import { base16 } from 'multiformats/bases/base16'
import { base64url } from 'multiformats/bases/base64'
import { InvalidArgumentError } from './errors.ts'
import type { TokenStore } from '../store/token-store.ts'

export const MAX_TOKEN_LABEL_LENGTH = 100
const TOKEN_PREFIX = 'ips_'
const TOKEN_BYTES = 32

/** What is shown of a token after its creation: everything but the secret. */
export interface TokenInfo {
  id: string
  label: string
  /** ISO 8601 */
  created: string
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

export function createTokenService ({ tokens, now = Date.now, onChange = () => {} }: TokenServiceComponents): TokenService {
  return {
    async create (label) {
      if (typeof label !== 'string' || label.trim() === '' || [...label].length > MAX_TOKEN_LABEL_LENGTH) {
        throw new InvalidArgumentError(`A token label is a non-blank string of at most ${MAX_TOKEN_LABEL_LENGTH} characters`)
      }
      const token = TOKEN_PREFIX + base64url.baseEncode(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)))
      const stored = { id: crypto.randomUUID(), label, created: now(), hash: await sha256Hex(token) }
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
      return (await tokens.findByHash(await sha256Hex(token))) !== undefined
    }
  }
}

function toInfo ({ id, label, created }: { id: string, label: string, created: number }): TokenInfo {
  return { id, label, created: new Date(created).toISOString() }
}

async function sha256Hex (text: string): Promise<string> {
  return base16.baseEncode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))))
}
