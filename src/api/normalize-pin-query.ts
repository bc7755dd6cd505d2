import { cidKey, parseCid } from '../service/cid-key.ts'
import type { PinQuery } from '../service/types.ts'

/**
 * The query `pins.list` takes, from one without problems (see checkPinQuery): each CID in the form pins are
 * matched by (so `Qm…` finds its `bafy…` form), each CID and state once (each source is read once).
 */
export function normalizePinQuery (query: PinQuery): PinQuery {
  const normal: PinQuery = { ...query, statuses: [...new Set(query.statuses)] }
  if (query.cidKeys !== undefined) normal.cidKeys = [...new Set(query.cidKeys.map((cid) => cidKey(parseCid(cid))))]
  return normal
}
