import { makePin } from '../lib/pin-data.ts'
import { seededRandom } from '../lib/random.ts'
import { API_CASES } from './api-cases.ts'
import type { ClientRequest } from '../lib/time-in-page.ts'

/** Clients at once, each sending its requests one after the other (a closed loop: it waits for each answer). */
export const MIXED_CLIENTS = 16
/** Requests per client and round. */
export const MIXED_REQUESTS = 8

/**
 * The mix, in percent: what a dapp and the service page do together. Reads dominate: GET by id (a client
 * polling its pins' status) and the indexed lists; a fifth are new pins; a few delete a pin the same client
 * made earlier in the round (never a seeded one, so both builds keep the same records).
 */
export const MIX = { get: 35, list: 35, post: 20, delete: 10 } as const
const LISTS = ['list10', 'status', 'cid', 'name', 'meta'] as const

type MixedOp =
  | { kind: 'get', pick: number }
  | { kind: 'list', path: string }
  | { kind: 'post', body: string }
  | { kind: 'delete' }

/** One round of the mix: the same operations, in the same order per client, for every build. */
export interface MixedRound {
  clients: MixedOp[][]
  /** Pins the round POSTs (it uses the next ones of the sequence that starts at `firstPin`). */
  posts: number
}

/** Builds round `round`'s operations; `size` pins are stored, `idCount` of their request ids are known. */
export function mixedRound (size: number, idCount: number, round: number, firstPin: number): MixedRound {
  let posts = 0
  const clients = Array.from({ length: MIXED_CLIENTS }, (_, client) => {
    const random = seededRandom(size * 7919 + round * 104_729 + client * 31 + 1)
    const ops: MixedOp[] = []
    let open = 0
    for (let i = 0; i < MIXED_REQUESTS; i++) {
      const draw = random() * 100
      if (draw < MIX.get) {
        ops.push({ kind: 'get', pick: Math.floor(random() * idCount) })
      } else if (draw < MIX.get + MIX.list) {
        const id = LISTS[Math.floor(random() * LISTS.length)]
        const apiCase = API_CASES.find((c) => c.id === id)
        if (apiCase === undefined) throw new Error('a list case of the mix is missing from API_CASES')
        ops.push({ kind: 'list', path: apiCase.path({ ids: [], random, size }) })
      } else if (draw >= MIX.get + MIX.list + MIX.post && open > 0) {
        ops.push({ kind: 'delete' })
        open--
      } else {
        ops.push({ kind: 'post', body: JSON.stringify(makePin(firstPin + posts++)) })
        open++
      }
    }
    return ops
  })
  return { clients, posts }
}

/** The round's requests for one build: its base path, its token, its request ids. */
export function mixedRequests (
  round: MixedRound,
  base: string,
  ids: string[],
  auth: Record<string, string>
): ClientRequest[][] {
  const json = { ...auth, 'Content-Type': 'application/json' }
  return round.clients.map((ops) =>
    ops.map((op): ClientRequest => {
      switch (op.kind) {
        case 'get':
          return { url: `${base}/pins/${ids[op.pick] ?? 'missing'}`, headers: auth }
        case 'list':
          return { url: `${base}${op.path}`, headers: auth }
        case 'post':
          return { url: `${base}/pins`, method: 'POST', headers: json, body: op.body, remember: true }
        case 'delete':
          return { url: `${base}/pins/{posted}`, method: 'DELETE', headers: auth }
        default:
          throw new Error(`unknown operation: ${JSON.stringify(op satisfies never)}`)
      }
    })
  )
}

/** What the mix contains, counted: for the report. */
export function mixCounts (round: MixedRound): Record<MixedOp['kind'], number> {
  const counts = { get: 0, list: 0, post: 0, delete: 0 }
  for (const op of round.clients.flat()) counts[op.kind]++
  return counts
}
