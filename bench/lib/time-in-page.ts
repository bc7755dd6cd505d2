import type { Page } from 'playwright-core'

export interface RequestSpec {
  /** Absolute, or relative to the page's origin (then it goes through the service worker). */
  url: string
  method?: string
  headers?: Record<string, string>
  body?: string
}

export interface Timings {
  /** Milliseconds per request: fetch until the body is read. */
  durations: number[]
  /** Length of each answer's body, in characters, in the order the requests were given. */
  lengths: number[]
  /** How many answers had each HTTP status (a reference that errors must not pass as fast). */
  statuses: Record<string, number>
  /** From the first request to the last answer. */
  wallMs: number
  /** Median length of the response bodies, in characters. */
  bodyLength: number
}

/**
 * Times requests from inside the page, `width` at a time (1: one after the other). The loop runs in the
 * page, so no Playwright round trip is counted; each body is read in full, as a client would.
 */
export async function timeRequests (page: Page, requests: RequestSpec[], width = 1): Promise<Timings> {
  return page.evaluate(async ({ requests, width }) => {
    const durations: number[] = []
    const lengths: number[] = []
    const statuses: Record<string, number> = {}
    const one = async (spec: RequestSpec, index: number) => {
      const init: RequestInit = { method: spec.method ?? 'GET', cache: 'no-store' }
      if (spec.headers !== undefined) init.headers = spec.headers
      if (spec.body !== undefined) init.body = spec.body
      const t0 = performance.now()
      const response = await fetch(new URL(spec.url, location.origin), init)
      const text = await response.text()
      durations.push(performance.now() - t0)
      lengths[index] = text.length
      statuses[response.status] = (statuses[response.status] ?? 0) + 1
    }
    const started = performance.now()
    for (let i = 0; i < requests.length; i += width) {
      await Promise.all(requests.slice(i, i + width).map(async (spec, j) => one(spec, i + j)))
    }
    const wallMs = performance.now() - started
    return {
      durations,
      lengths,
      statuses,
      wallMs,
      bodyLength: [...lengths].sort((a, b) => a - b)[Math.floor(lengths.length / 2)] ?? 0
    }
  }, { requests, width })
}

/** A client's request; a POST can be remembered, and a later request can name the newest one remembered. */
export interface ClientRequest extends RequestSpec {
  /** Keep the `requestid` of this answer for a later `{posted}`. */
  remember?: boolean
}

/**
 * Closed-loop clients in the page: each client sends its requests one after the other, every client at once.
 * A `{posted}` in a URL becomes the newest request id the same client remembered and not yet used.
 */
export async function timeClients (page: Page, clients: ClientRequest[][]): Promise<Timings> {
  return page.evaluate(async ({ clients }) => {
    const durations: number[] = []
    const lengths: number[] = []
    const statuses: Record<string, number> = {}
    const client = async (requests: ClientRequest[]) => {
      const posted: string[] = []
      for (const spec of requests) {
        const url = spec.url.includes('{posted}') ? spec.url.replace('{posted}', posted.pop() ?? 'none') : spec.url
        const init: RequestInit = { method: spec.method ?? 'GET', cache: 'no-store' }
        if (spec.headers !== undefined) init.headers = spec.headers
        if (spec.body !== undefined) init.body = spec.body
        const t0 = performance.now()
        const response = await fetch(new URL(url, location.origin), init)
        const text = await response.text()
        durations.push(performance.now() - t0)
        lengths.push(text.length)
        statuses[response.status] = (statuses[response.status] ?? 0) + 1
        if (spec.remember === true && response.ok) posted.push((JSON.parse(text) as { requestid: string }).requestid)
      }
    }
    const started = performance.now()
    await Promise.all(clients.map(client))
    const wallMs = performance.now() - started
    return {
      durations,
      lengths,
      statuses,
      wallMs,
      bodyLength: [...lengths].sort((a, b) => a - b)[Math.floor(lengths.length / 2)] ?? 0
    }
  }, { clients })
}
