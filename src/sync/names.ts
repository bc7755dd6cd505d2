/**
 * The names every tab, worker and service worker of the origin meets under: one database, one engine lock,
 * one collection lock, one change channel. Built here only, so that two contexts never disagree on a name.
 */

/** The Web Lock held by the one tab that runs the origin's pinning engine. */
export function engineLockName (databaseName: string): string {
  return `${databaseName}:engine`
}

/** The Web Lock that keeps imports and garbage collection apart (see collection-lock.ts). */
export function collectionLockName (databaseName: string): string {
  return `${databaseName}:collection`
}

/** The BroadcastChannel of change notices (see change-feed.ts). */
export function changeChannelName (databaseName: string): string {
  return `${databaseName}:changes`
}
