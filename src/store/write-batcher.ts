export interface WriteBatcherInit {
  /**
   * `now`: the first write of a quiet moment starts at once (least latency; what arrives meanwhile shares the
   * next transaction). `next-task`: it waits one macrotask, so that what arrives together shares the first.
   */
  start: 'now' | 'next-task'
}

/**
 * Groups writes into transactions: IndexedDB runs write transactions over the same stores one after another,
 * and each costs far more than the records in it, so writes that come together share one. When a shared
 * transaction fails, each of its writes is tried again alone: one write's failure never fails another's.
 * `writeAll` writes its items in one transaction, in order, and resolves with one result per item.
 */
export function createWriteBatcher<T, R> (
  writeAll: (items: T[]) => Promise<R[]>,
  init: WriteBatcherInit
): (item: T) => Promise<R> {
  let queued: Array<{ item: T, done: PromiseWithResolvers<R> }> = []
  let writing = false

  const drain = async (): Promise<void> => {
    while (queued.length > 0) {
      const batch = queued
      queued = []
      try {
        const results = await writeAll(batch.map(({ item }) => item))
        batch.forEach(({ done }, i) => {
          done.resolve(results[i] as R)
        })
      } catch (error) {
        if (batch.length === 1) {
          batch[0]?.done.reject(error)
          continue
        }
        for (const { item, done } of batch) {
          await writeAll([item]).then(([result]) => {
            done.resolve(result as R)
          }, (failure: unknown) => {
            done.reject(failure)
          })
        }
      }
    }
    writing = false
  }

  return async (item) => {
    const done = Promise.withResolvers<R>()
    queued.push({ item, done })
    if (!writing) {
      writing = true
      if (init.start === 'now') void drain()
      else {setTimeout(() => {
          void drain()
        }, 0)}
    }
    return done.promise
  }
}
