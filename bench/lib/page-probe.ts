/**
 * Runs in every page before its own scripts (context.addInitScript): records long main-thread tasks from
 * the start, and times the first API answer. That answer is a GET /pins made as soon as the page
 * announces the service (`pinning-service-ready`), with the token a previous visit kept, if any.
 */
export function installPageProbe (): void {
  interface Probe {
    longTasks: Array<{ start: number, duration: number }>
    ready?: number
    answer?: number
    answerStatus?: number
  }
  const probe: Probe = { longTasks: [] }
  ;(window as unknown as { __benchProbe: Probe }).__benchProbe = probe
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration })
    }).observe({ type: 'longtask', buffered: true })
  } catch {
    // No Long Tasks API: the figures say so by being absent.
  }
  window.addEventListener('pinning-service-ready', () => {
    probe.ready = performance.now()
    const token = localStorage.getItem('bench-token')
    void fetch('/api/v1/pins?limit=1', token === null ? {} : { headers: { Authorization: `Bearer ${token}` } }).then(
      async (response) => {
        await response.text()
        probe.answer = performance.now()
        probe.answerStatus = response.status
      }
    )
  })
}

export interface ProbeReading {
  timeOrigin: number
  longTasks: Array<{ start: number, duration: number }>
  ready?: number
  answer?: number
  answerStatus?: number
}
