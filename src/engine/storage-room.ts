import { formatBytes } from '../format-bytes.ts'

/** Room kept free for records and status writes: the API and the engine's own words must fit when blocks no longer do. */
export const RECORDS_RESERVE_BYTES = 4 * 1024 * 1024

/** A block write the browser refused for lack of storage (its quota for this site is used up). */
export class StorageFullError extends Error {
  override name = 'StorageFullError'
  constructor (
    message = 'The browser refused to store more: this site\'s storage quota is used up',
    options?: { cause?: unknown }
  ) {
    super(message, options)
  }
}

/** A pin given up for lack of storage: what it fetched, what it needs, and what the browser allows. */
export class PinNeedsStorageError extends Error {
  override name = 'PinNeedsStorageError'
  constructor (
    readonly fetchedBytes: number,
    readonly neededBytes: number | undefined,
    readonly room: StorageRoom | undefined
  ) {
    super('Not enough storage for this DAG')
  }
}

/** Whether an error (or what it wraps) is the browser refusing a write for quota. */
export function isQuotaError (error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false
  const { name, message, cause, errors } = error as {
    name?: unknown
    message?: unknown
    cause?: unknown
    errors?: unknown
  }
  if (name === 'QuotaExceededError' || name === 'StorageFullError') return true
  if (typeof message === 'string' && message.includes('QuotaExceededError')) return true
  if (Array.isArray(errors) && errors.some((inner) => isQuotaError(inner, depth + 1))) return true
  return isQuotaError(cause, depth + 1)
}

export interface StorageRoom {
  /** What the browser allows this site, and what it uses, in bytes. */
  quota: number
  usage: number
}

/** The site's storage as the browser reports it; undefined where it cannot say. */
export async function storageRoom (): Promise<StorageRoom | undefined> {
  try {
    const { quota, usage } = await navigator.storage.estimate()
    return quota === undefined || usage === undefined ? undefined : { quota, usage }
  } catch {
    return undefined
  }
}

/** Bytes that may still be stored before the records' reserve, by the browser's own figures. */
export function roomLeft (room: StorageRoom): number {
  return room.quota - room.usage - RECORDS_RESERVE_BYTES
}

/** The sentence a pin given up for lack of storage shows. */
export function notEnoughStorage ({ fetchedBytes, neededBytes, room }: PinNeedsStorageError): string {
  const needs = neededBytes !== undefined && neededBytes > fetchedBytes
    ? `this DAG needs at least ${formatBytes(neededBytes)}`
    : `this DAG needs more than the ${formatBytes(fetchedBytes)} fetched before the browser refused more`
  let allows = 'The browser refused to store more for this site'
  if (room !== undefined) {
    // The browser's figures may say there is room while its storage refuses (another limit, or its figures lag).
    allows = roomLeft(room) > (neededBytes ?? fetchedBytes) - fetchedBytes
      ? `The browser refused to store more for this site, though it reports ${formatBytes(room.usage)} used of ${
        formatBytes(room.quota)
      }`
      : `The browser allows ${formatBytes(room.quota)} for this site and ${formatBytes(room.usage)} are used`
  }
  return `Not enough storage: ${allows}; ${needs}. Free space by deleting pins, or ask the browser to keep more for this site (Storage).`
}
