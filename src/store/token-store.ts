import { inTransaction } from './transaction.ts'
import type { DatabaseConnection, StoredToken } from './database.ts'

export type { StoredToken }

/** Where access tokens live (hashed). */
export interface TokenStore {
  add(token: StoredToken): Promise<void>
  findByHash(hash: string): Promise<StoredToken | undefined>
  list(): Promise<StoredToken[]>
  /** False when there was no such token. */
  remove(id: string): Promise<boolean>
  /** Records that the token was presented at `when` (nothing happens if it was revoked meanwhile). */
  touch(id: string, when: number): Promise<void>
}

export function createIdbTokenStore (connection: DatabaseConnection): TokenStore {
  return {
    async add (token) {
      await (await connection.open()).add('tokens', token)
    },
    async findByHash (hash) {
      return (await connection.open()).getFromIndex('tokens', 'hash', hash)
    },
    async list () {
      const tokens = await (await connection.open()).getAll('tokens')
      return tokens.sort((a, b) => a.created - b.created)
    },
    async touch (id, when) {
      await inTransaction((await connection.open()).transaction('tokens', 'readwrite'), async (tx) => {
        const token = await tx.store.get(id)
        if (token !== undefined && (token.lastUsed ?? 0) < when) await tx.store.put({ ...token, lastUsed: when })
      })
    },
    async remove (id) {
      return inTransaction((await connection.open()).transaction('tokens', 'readwrite'), async (tx) => {
        const exists = await tx.store.getKey(id) !== undefined
        if (exists) await tx.store.delete(id)
        return exists
      })
    }
  }
}
