import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * A DevTools connection of our own to the bench's Chromium (launched with `--remote-debugging-port=0`), for the
 * targets Playwright gives no CDP session for: the service worker and the page's dedicated Workers (the engine).
 * Flat sessions: every command names the session of the target it is for.
 */
export interface DirectCdp {
  /** Targets of a type (`service_worker`, `page`, …) whose URL contains `urlPart`. */
  targets(type: string, urlPart?: string): Promise<Array<{ targetId: string, url: string }>>
  /** A session on a target. */
  attach(targetId: string): Promise<string>
  /** Sessions on a page's dedicated Workers (auto-attached through the page), with their script URLs. */
  workersOf(pageUrlPart: string): Promise<Array<{ sessionId: string, url: string }>>
  /** The target's JS heap after a full GC, in MiB. */
  heapAfterGcMiB(sessionId: string): Promise<number>
  /** The target's JS heap as it is (no GC), in MiB. */
  heapMiB(sessionId: string): Promise<number>
  /** Any DevTools command, on a session or the browser (for profiling a worker while looking into a figure). */
  send<T>(method: string, params?: Record<string, unknown>, sessionId?: string): Promise<T>
  close(): void
}

const MiB = 1024 * 1024

/** Connects to the browser of `profile` (it writes its port into DevToolsActivePort once it listens). */
export async function connectDirectCdp (profile: string): Promise<DirectCdp> {
  let active: string | undefined
  for (let tries = 0; active === undefined && tries < 100; tries++) {
    active = await readFile(join(profile, 'DevToolsActivePort'), 'utf8').catch(() => undefined)
    if (active === undefined) await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const [port, path] = (active ?? '').trim().split('\n')
  if (port === undefined || path === undefined) {
    throw new Error(`no DevTools port in ${profile} (launched without --remote-debugging-port?)`)
  }
  const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`)
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => {
      resolve()
    }, { once: true })
    socket.addEventListener('error', () => {
      reject(new Error('DevTools connection failed'))
    }, { once: true })
  })
  let nextId = 1
  const waiting = new Map<number, { resolve(value: unknown): void, reject(error: Error): void }>()
  const listeners = new Set<(method: string, params: Record<string, unknown>, sessionId?: string) => void>()
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as {
      id?: number
      result?: unknown
      error?: { message: string }
      method?: string
      params?: Record<string, unknown>
      sessionId?: string
    }
    if (message.id !== undefined) {
      const pending = waiting.get(message.id)
      waiting.delete(message.id)
      if (message.error !== undefined) pending?.reject(new Error(message.error.message))
      else pending?.resolve(message.result)
    } else if (message.method !== undefined) {
      for (const listener of listeners) listener(message.method, message.params ?? {}, message.sessionId)
    }
  })
  const send = async <T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> => {
    const id = nextId++
    const reply = new Promise<unknown>((resolve, reject) => {
      waiting.set(id, { resolve, reject })
    })
    socket.send(JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) }))
    return reply as Promise<T>
  }
  const usage = async (sessionId: string) =>
    (await send<{ usedSize: number }>('Runtime.getHeapUsage', {}, sessionId)).usedSize / MiB

  const cdp: DirectCdp = {
    async targets (type, urlPart = '') {
      const { targetInfos } = await send<{ targetInfos: Array<{ targetId: string, type: string, url: string }> }>(
        'Target.getTargets'
      )
      return targetInfos.filter((info) => info.type === type && info.url.includes(urlPart)).map((
        { targetId, url }
      ) => ({ targetId, url }))
    },
    async attach (targetId) {
      return (await send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })).sessionId
    },
    async workersOf (pageUrlPart) {
      const [page] = await cdp.targets('page', pageUrlPart)
      if (page === undefined) throw new Error(`no page at ${pageUrlPart}`)
      const pageSession = await cdp.attach(page.targetId)
      const workers: Array<{ sessionId: string, url: string }> = []
      const listener = (method: string, params: Record<string, unknown>, sessionId?: string) => {
        const info = params.targetInfo as { type: string, url: string } | undefined
        if (method === 'Target.attachedToTarget' && sessionId === pageSession && info?.type === 'worker') {
          workers.push({ sessionId: params.sessionId as string, url: info.url })
        }
      }
      listeners.add(listener)
      try {
        await send(
          'Target.setAutoAttach',
          { autoAttach: true, waitForDebuggerOnStart: false, flatten: true },
          pageSession
        )
        // The already-running workers are announced right after the command.
        await new Promise((resolve) => setTimeout(resolve, 300))
      } finally {
        listeners.delete(listener)
      }
      return workers
    },
    async heapAfterGcMiB (sessionId) {
      await send('HeapProfiler.collectGarbage', {}, sessionId)
      return usage(sessionId)
    },
    heapMiB: usage,
    send,
    close () {
      socket.close()
    }
  }
  return cdp
}
