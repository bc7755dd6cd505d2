import { inTransaction } from './transaction.ts'
import type { DatabaseConnection } from './database.ts'
import type { TokenStore } from '../service/token-store.ts'

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
