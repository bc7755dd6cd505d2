import { isQuotaError } from './storage-room.ts'
import type { StorageReserve } from './storage-reserve.ts'

/**
 * The engine's store with room for its writes: a write the browser refuses for lack of storage gives the records'
 * reserve back and is tried once more, so that a pin's status still lands when blocks have filled the site.
 */
export function withRoomForRecords<T extends object> (store: T, reserve: StorageReserve | undefined): T {
  if (reserve === undefined) return store
  return new Proxy(store, {
    get (target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
        } catch (error) {
          if (!isQuotaError(error)) throw error
          await reserve.give()
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
        }
      }
    }
  })
}
