import type { ImportedContent } from '../index.ts'

/**
 * The Add view's list of recent imports, kept in this browser's localStorage so that a reload does not
 * lose the CIDs just made. Only what the list shows is kept: the pins' live status is read again.
 */
const KEY = 'in-page-pinning-service:recent-imports'
/** Imports kept, newest first. */
export const MAX_RECENT = 10
/** Entries kept per import (a big folder keeps its first ones; the count stays exact). */
export const MAX_KEPT_ENTRIES = 100

/** One import as kept: the result, with the entries cut down and their full count. */
export interface RecentImport extends ImportedContent {
  entryCount: number
  /** When it was imported (ISO 8601). */
  at: string
}

export function loadRecentImports (): RecentImport[] {
  try {
    const kept = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown
    return Array.isArray(kept) ? kept.filter(isRecentImport) : []
  } catch {
    return [] // unreadable (another version's format, or storage refused): start a new list
  }
}

export function saveRecentImports (recent: RecentImport[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(recent.slice(0, MAX_RECENT)))
  } catch (error) {
    console.error('recent imports not kept', error) // storage full or refused: the list lives until the reload
  }
}

export function toRecent (result: ImportedContent, at = new Date()): RecentImport {
  return {
    ...result,
    entries: result.entries.slice(0, MAX_KEPT_ENTRIES),
    entryCount: result.entries.length,
    at: at.toISOString()
  }
}

function isRecentImport (value: unknown): value is RecentImport {
  const candidate = value as Partial<RecentImport> | null
  return typeof candidate === 'object' && candidate !== null && typeof candidate.cid === 'string' &&
    Array.isArray(candidate.pins) && Array.isArray(candidate.entries) && Array.isArray(candidate.reused) &&
    typeof candidate.entryCount === 'number' && typeof candidate.at === 'string'
}
