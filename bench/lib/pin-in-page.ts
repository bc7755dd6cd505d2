import type { Page } from 'playwright-core'

export interface PinTiming {
  /** performance.now() in the page when the POST was sent. */
  t0: number
  /** From just before POST /pins to the GET /pins/{id} that first answered `pinned`. */
  ms: number
  /** When GET first showed `pinning` (the engine took the pin). */
  pinningAtMs?: number
  /** The last PinStatus seen (pinned, or why not). */
  last: { status: string, info?: Record<string, string> }
  ok: boolean
}

/**
 * POSTs a pin from inside the page and waits there for `pinned`, asking GET /pins/{id} on every change notice
 * from the engine and at least every `pollMs`, so the figure does not depend on a polling interval.
 */
export async function pinAndWait (
  page: Page,
  token: string,
  pin: Record<string, unknown>,
  timeoutMs: number,
  pollMs = 250
): Promise<PinTiming> {
  return page.evaluate(async ({ token, pin, timeoutMs, pollMs }) => {
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
    const t0 = performance.now()
    const posted = await (await fetch('/api/v1/pins', { method: 'POST', headers, body: JSON.stringify(pin) }))
      .json() as { requestid: string }
    return new Promise<PinTiming>((resolve) => {
      let pinningAtMs: number | undefined
      let lastSeen: { status: string, info?: Record<string, string> } = { status: 'not seen yet' }
      let busy = false
      let again = false
      const finish = (timing: PinTiming) => {
        clearInterval(timer)
        clearTimeout(deadline)
        unsubscribe()
        resolve(timing)
      }
      const check = async (): Promise<void> => {
        if (busy) {
          again = true
          return
        }
        busy = true
        let status: { status: string, info?: Record<string, string> }
        try {
          status = await (await fetch(`/api/v1/pins/${posted.requestid}`, { headers })).json() as typeof status
        } catch {
          busy = false
          return // the next notice or poll asks again
        }
        const at = performance.now() - t0
        busy = false
        if (status.status === 'pinning' && pinningAtMs === undefined) pinningAtMs = at
        const last = { status: status.status, ...(status.info === undefined ? {} : { info: status.info }) }
        lastSeen = last
        if (status.status === 'pinned') {
          finish({ t0, ms: at, ...(pinningAtMs === undefined ? {} : { pinningAtMs }), last, ok: true })
        } else if (status.status === 'failed') finish({ t0, ms: at, last, ok: false })
        else if (again) {
          again = false
          void check()
        }
      }
      const unsubscribe = window.pinningService!.changes.subscribe((kind) => {
        if (kind === 'pins') void check()
      })
      const timer = setInterval(() => {
        void check()
      }, pollMs)
      const deadline = setTimeout(() => {
        finish({
          t0,
          ms: performance.now() - t0,
          last: { ...lastSeen, status: `timeout while ${lastSeen.status}` },
          ok: false
        })
      }, timeoutMs)
      void check()
    })
  }, { token, pin, timeoutMs, pollMs })
}
