/**
 * Runs `work` over `items`, at most `limit` at once. On the first failure it starts no more and aborts `stop` (so
 * the running ones can end early), waits for every running one to settle, then rejects with that first failure.
 */
export async function eachAtMost<T> (
  limit: number,
  items: readonly T[],
  work: (item: T) => Promise<void>,
  stop?: AbortController
): Promise<void> {
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T
      try {
        await work(item)
      } catch (error) {
        failure ??= { error }
        stop?.abort()
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failure !== undefined) throw failure.error
}
