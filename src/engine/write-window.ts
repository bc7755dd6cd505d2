/**
 * Block writes in flight, up to a number of bytes. A stream reads on while its blocks commit (the batched
 * blockstore writes those that arrive together in one transaction), yet never holds more than this in memory.
 */
export interface WriteWindow {
  /** Tracks a write; resolves once there is room for more, rejects with the first write that failed. */
  add(write: Promise<unknown>, bytes: number): Promise<void>
  /** The first write that failed, if any. */
  readonly failure: { error: unknown } | undefined
  /** Resolves once every write tracked has settled, failed or not: nothing lands after it. */
  settled(): Promise<void>
}

export function createWriteWindow (limitBytes: number): WriteWindow {
  const inFlight = new Set<Promise<void>>()
  let bytes = 0
  let failure: { error: unknown } | undefined

  return {
    get failure () {
      return failure
    },
    async add (write, size) {
      bytes += size
      const tracked: Promise<void> = write.then(() => {}, (error: unknown) => {
        failure ??= { error }
      }).finally(() => {
        inFlight.delete(tracked)
        bytes -= size
      })
      inFlight.add(tracked)
      while (bytes > limitBytes && failure === undefined) await Promise.race(inFlight)
      if (failure !== undefined) throw failure.error
    },
    async settled () {
      while (inFlight.size > 0) await Promise.all(inFlight)
    }
  }
}
