import { makePin } from '../lib/pin-data.ts'
import type { Pin } from '../../src/index.ts'

const ALL = 'status=queued,pinning,pinned,failed'

/** What a case needs to build each request: request ids that exist there, and a random stored pin. */
export interface CaseTargets {
  ids: string[]
  random: () => number
  size: number
}

export interface ApiCase {
  id: string
  label: string
  /** Answered from an index (the target "within 2x of a loopback round trip at 100,000 pins" applies). */
  indexed: boolean
  /** Requests per series in a full run. */
  reps: number
  path(targets: CaseTargets): string
  /** Why the mock cannot run it (it answers 500 or ignores the filter). */
  mockUnsupported?: string
}

function storedPin ({ random, size }: CaseTargets, wanted: (pin: Pin) => boolean = () => true): Pin {
  for (;;) {
    const pin = makePin(Math.floor(random() * size))
    if (wanted(pin)) return pin
  }
}

const metaQuery = (meta: Record<string, string>) => `meta=${encodeURIComponent(JSON.stringify(meta))}`

/**
 * The list queries: `status` is sent explicitly where the spec's default (pinned only, none here) would
 * make the query trivial; with a cid, name or meta filter our service lists every status anyway.
 */
export const API_CASES: ApiCase[] = [
  {
    id: 'get',
    label: 'GET /pins/{id}',
    indexed: true,
    reps: 200,
    path: (t) => `/pins/${t.ids[Math.floor(t.random() * t.ids.length)]}`
  },
  {
    id: 'list10',
    label: 'GET /pins?limit=10 (all statuses)',
    indexed: true,
    reps: 200,
    path: () => `/pins?${ALL}&limit=10`
  },
  {
    id: 'list1000',
    label: 'GET /pins?limit=1000 (all statuses)',
    indexed: true,
    reps: 30,
    path: () => `/pins?${ALL}&limit=1000`
  },
  { id: 'status', label: 'status=queued', indexed: true, reps: 200, path: () => '/pins?status=queued&limit=10' },
  { id: 'cid', label: 'cid=<one CID>', indexed: true, reps: 200, path: (t) => `/pins?cid=${storedPin(t).cid}` },
  {
    id: 'name',
    label: 'name=<exact>',
    indexed: true,
    reps: 200,
    path: (t) => `/pins?name=${encodeURIComponent(storedPin(t, (p) => p.name !== undefined).name as string)}`
  },
  {
    id: 'meta',
    label: 'meta={"app":"photos"} (~14% match)',
    indexed: true,
    reps: 200,
    path: () => `/pins?${metaQuery({ app: 'photos' })}`,
    mockUnsupported: 'answers 500 to any meta filter'
  },
  {
    id: 'ipartial',
    label: 'name=REPORT-12&match=ipartial (no index: scan)',
    indexed: false,
    reps: 20,
    path: () => '/pins?name=REPORT-12&match=ipartial',
    mockUnsupported: 'ignores match (compares exactly)'
  }
]
