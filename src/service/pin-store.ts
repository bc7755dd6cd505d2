import type { PinDraft, PinPage, PinQuery, PinRecord } from './types.ts'

/**
 * Where pin records live: the port the pin service needs (store/idb-pin-store.ts is the IndexedDB one).
 * Implementations must keep `created` unique and increasing, also across tabs.
 */
export interface PinStore {
  /** Stores a new record, giving it `created = max(now, last created + 1)` atomically. */
  add(draft: PinDraft, now: number): Promise<PinRecord>
  /** Adds many records in one transaction (bulk import), in order, each newer than the one before. */
  addMany(drafts: PinDraft[], now: number): Promise<PinRecord[]>
  get(requestid: string): Promise<PinRecord | undefined>
  /** Removes `requestid` and adds `draft` in one transaction; undefined (and no change) when it does not exist. */
  replace(requestid: string, draft: PinDraft, now: number): Promise<PinRecord | undefined>
  /** False when there was no such record. */
  remove(requestid: string): Promise<boolean>
  /** Newest first, at most `query.limit` results, and the exact count of all matches. */
  query(query: PinQuery): Promise<PinPage>
}
