/**
 * Runs `work` in a transaction and resolves once the transaction has committed. Its completion is watched from
 * the start: when `work` throws first (an aborted transaction rejects every request), the commit's rejection is
 * the same failure, and must not surface again as an unhandled one.
 */
export async function inTransaction<T, Tx extends { done: Promise<void> }> (
  tx: Tx,
  work: (tx: Tx) => Promise<T>
): Promise<T> {
  const committed = tx.done
  committed.catch(() => {})
  const result = await work(tx)
  await committed
  return result
}

/** Runs `work` in a read-only transaction: nothing to commit, so no wait for its end, only its failure observed. */
export async function readIn<T, Tx extends { done: Promise<void> }> (tx: Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  tx.done.catch(() => {})
  return work(tx)
}
