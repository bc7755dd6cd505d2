/**
 * The gateways a DAG's CARs are asked from, in order: those known up front (the pin's origin gateways, then
 * Settings), then those delegated routing names for the root, looked up only once the known ones are used up.
 */
export interface GatewayList {
  /** The `index`th gateway (an http(s) origin), waiting for routing if need be; undefined when there is none. */
  at(index: number): Promise<string | undefined>
  stop(): void
}

/** How long the list waits for routing to name one more gateway before it says there is none. */
export const ROUTING_WAIT_MS = 10_000

export function gatewayList (
  known: readonly string[],
  lookUp: (signal: AbortSignal) => AsyncIterable<string>,
  signal: AbortSignal
): GatewayList {
  const list = [...new Set(known)]
  const stop = new AbortController()
  let lookup: Promise<void> | undefined
  let changed = Promise.withResolvers<void>()
  let done = false

  const run = async () => {
    try {
      for await (const gateway of lookUp(AbortSignal.any([signal, stop.signal]))) {
        if (list.includes(gateway)) continue
        list.push(gateway)
        changed.resolve()
        changed = Promise.withResolvers()
      }
    } catch {
      // A router that fails names nothing; the report says what it answered.
    } finally {
      done = true
      changed.resolve()
    }
  }

  return {
    async at (index) {
      while (index >= list.length && !done && !signal.aborted) {
        lookup ??= run()
        if (!await changedWithin(changed.promise, ROUTING_WAIT_MS, signal)) break
      }
      return list[index]
    },
    stop () {
      stop.abort()
    }
  }
}

/** Whether `changed` settled within `ms` (false once the time is up or `signal` aborted). */
async function changedWithin (changed: Promise<void>, ms: number, signal: AbortSignal): Promise<boolean> {
  const gaveUp = Promise.withResolvers<false>()
  const timer = setTimeout(() => {
    gaveUp.resolve(false)
  }, ms)
  const onAbort = () => {
    gaveUp.resolve(false)
  }
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    return await Promise.race([changed.then(() => true), gaveUp.promise])
  } finally {
    clearTimeout(timer)
    signal.removeEventListener('abort', onAbort)
  }
}
