import { isRemoteInfoKey } from '../index.ts'
import { formatBytes, formatCount, formatDate, infoNumber, infoTime } from './format.ts'

/** How the pin details show the engine's `info` keys: a name a person knows, and the value formatted. */
interface Known {
  label: string
  format(info: Record<string, string>, key: string): string | undefined
}

const count: Known['format'] = (info, key) => {
  const value = infoNumber(info, key)
  return value === undefined ? undefined : formatCount(value)
}
const bytes: Known['format'] = (info, key) => {
  const value = infoNumber(info, key)
  return value === undefined ? undefined : `${formatBytes(value)} (${formatCount(value)} bytes)`
}
const time: Known['format'] = (info, key) => {
  const value = infoTime(info, key)
  return value === undefined ? undefined : formatDate(new Date(value).toISOString())
}

const KNOWN: Record<string, Known> = {
  dag_size: { label: 'Size', format: bytes },
  raw_size: { label: 'Size of the content', format: bytes },
  blocks: { label: 'Blocks', format: count },
  blocks_fetched: { label: 'Blocks received', format: count },
  blocks_known: { label: 'Blocks known so far', format: count },
  bytes_fetched: { label: 'Received', format: bytes },
  deadline: { label: 'Gives up at', format: time },
  next_attempt: { label: 'Next try at', format: time },
  pinned_until: { label: 'Kept until', format: time }
}

/** Shown elsewhere in the details: the sentence beside the badge, and the sources as a list. */
export const SHOWN_APART = new Set(['status_details', 'sources'])

export interface InfoRow {
  key: string
  /** A known key's name, or the key itself. */
  label: string
  value: string
  known: boolean
}

/** The info entries as rows: known keys first, in a fixed order, then any other key as it is. */
export function infoRows (info: Record<string, string>): InfoRow[] {
  const rows: InfoRow[] = []
  for (const [key, known] of Object.entries(KNOWN)) {
    if (info[key] === undefined) continue
    rows.push({ key, label: known.label, value: known.format(info, key) ?? info[key], known: true })
  }
  for (const [key, value] of Object.entries(info)) {
    // remote:<label> keys: shown per service by <pin-remotes>.
    if (!Object.hasOwn(KNOWN, key) && !SHOWN_APART.has(key) && !isRemoteInfoKey(key)) {
      rows.push({ key, label: key, value, known: false })
    }
  }
  return rows
}
