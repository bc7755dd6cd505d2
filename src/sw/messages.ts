/**
 * What a page may ask of the service worker. A page loaded with a hard reload (Shift+Reload) is not controlled
 * by the worker, so its requests would bypass the API: it asks the active worker to claim it.
 */
export const CLAIM_PAGE = 'pinning-service:claim'
