import { changeChannelName } from './names.ts'

/**
 * What changed: pin records (status, progress, added, removed), the engine settings, held storage, tokens, the
 * remote services (their settings) or the replicas (what the engine did at a remote).
 */
export type ChangeKind = 'pins' | 'settings' | 'storage' | 'tokens' | 'remotes' | 'replicas'

/**
 * Change notices between the tabs and the engine of one origin (BroadcastChannel). Listeners in the same
 * context hear their own notices too, so the UI of the tab that made a change updates like the others.
 */
export interface ChangeFeed {
  notify(kind: ChangeKind): void
  subscribe(listener: (kind: ChangeKind) => void): () => void
  close(): void
}

export function createChangeFeed (databaseName: string): ChangeFeed {
  const channel = new BroadcastChannel(changeChannelName(databaseName))
  const listeners = new Set<(kind: ChangeKind) => void>()
  const deliver = (kind: ChangeKind) => {
    for (const listener of listeners) listener(kind)
  }
  channel.onmessage = (event: MessageEvent<ChangeKind>) => {
    deliver(event.data)
  }
  return {
    notify (kind) {
      channel.postMessage(kind)
      deliver(kind)
    },
    subscribe (listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    close () {
      listeners.clear()
      channel.close()
    }
  }
}
