/** The words for a remote copy of a pin: `info["remote:<label>"]`, and the stage it is counted under. */
import type { ReplicaStage, StoredReplica } from '../store/replication-schema.ts'

/** One sentence, starting with the state: `pinned`, `queued: …`, `failed: …`, `not sent yet: …`, `refused: …`. */
export function replicaText (replica: StoredReplica): string {
  switch (replica.phase) {
    case 'follow': {
      const status = replica.remoteStatus ?? 'queued'
      const details = replica.remoteDetails === undefined || replica.remoteDetails === ''
        ? ''
        : `: ${replica.remoteDetails}`
      return `${status}${status === 'pinned' ? '' : details} (remote request ${replica.remoteRequestid ?? '?'})`
    }
    case 'create':
      return replica.note === undefined ? 'sending' : `not sent yet: ${replica.note}`
    case 'rejected':
      return `refused: ${replica.note ?? 'the service refused the pin'}`
    case 'remove':
      return 'being removed from the service'
  }
}

export function stageOf (replica: Pick<StoredReplica, 'phase' | 'remoteStatus' | 'note'>): ReplicaStage {
  if (replica.phase === 'remove') return 'removing'
  if (replica.phase === 'rejected' || (replica.phase === 'follow' && replica.remoteStatus === 'failed')) {
    return 'problem'
  }
  if (replica.phase === 'follow' && replica.remoteStatus === 'pinned') return 'pinned'
  return 'working'
}
