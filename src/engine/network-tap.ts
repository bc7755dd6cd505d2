/**
 * What the network said to each request of the engine. Helia's gateway and routing clients log a failed
 * request and move on, so nobody could tell "unreachable" from "does not have it". Every HTTP request they
 * make goes through the global `fetch` of the engine's Worker: wrapped once here, it reports each outcome
 * to whoever listens (the pin jobs), and changes nothing about the request or its response.
 */

/** How one request ended. `providers` is set for delegated routing answers, once their body was read. */
export type RequestOutcome =
  | { kind: 'answered', status: number, providers?: number }
  | { kind: 'no-answer', message: string }

export type RequestEvent =
  | { phase: 'start', url: URL }
  | { phase: 'end', url: URL, outcome: RequestOutcome }

type Listener = (event: RequestEvent) => void

const listeners = new Set<Listener>()
let installed = false

/** Hears every request of this context from now on, until the returned function is called. */
export function onRequest (listener: Listener): () => void {
  install()
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

function emit (event: RequestEvent): void {
  for (const listener of listeners) {
    try {
      listener(event)
    } catch (error) {
      console.error('network tap: a listener failed', error)
    }
  }
}

function install (): void {
  if (installed || typeof globalThis.fetch !== 'function') return
  installed = true
  const original = globalThis.fetch.bind(globalThis)
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = urlOf(input)
    if (url === undefined || listeners.size === 0) return original(input, init)
    emit({ phase: 'start', url })
    let response: Response
    try {
      response = await original(input, init)
    } catch (error) {
      // An abort is the engine's own doing (a block arrived elsewhere, the pin was cut): nothing to report.
      const aborted = (error as Error)?.name === 'AbortError' || init?.signal?.aborted === true
      if (!aborted) {
        emit({ phase: 'end', url, outcome: { kind: 'no-answer', message: (error as Error)?.message ?? String(error) } })
      }
      throw error
    }
    if (isProvidersRequest(url) && response.ok) {
      // Counted from a copy, in the background: the routing client reads its own body as usual.
      void countProviders(response.clone()).then((providers) => {
        emit({
          phase: 'end',
          url,
          outcome: providers === undefined
            ? { kind: 'answered', status: response.status }
            : { kind: 'answered', status: response.status, providers }
        })
      })
    } else {
      emit({ phase: 'end', url, outcome: { kind: 'answered', status: response.status } })
    }
    return response
  }
}

function urlOf (input: RequestInfo | URL): URL | undefined {
  try {
    return new URL(input instanceof Request ? input.url : input instanceof URL ? input.href : input)
  } catch {
    return undefined
  }
}

/** A delegated routing V1 provider lookup: `<router>/routing/v1/providers/<cid>`. */
export function isProvidersRequest (url: URL): boolean {
  return /\/routing\/v1\/providers\/[^/]+$/.test(url.pathname)
}

/** Providers in a routing answer: NDJSON (one per line) or JSON (`{ Providers: [...] }`). */
async function countProviders (response: Response): Promise<number | undefined> {
  try {
    const text = await response.text()
    if ((response.headers.get('content-type') ?? '').includes('ndjson')) {
      return text.split('\n').filter((line) => line.trim() !== '').length
    }
    const body = JSON.parse(text) as { Providers?: unknown }
    return Array.isArray(body.Providers) ? body.Providers.length : 0
  } catch {
    return undefined
  }
}
