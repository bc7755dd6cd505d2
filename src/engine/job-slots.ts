/**
 * The running pin jobs of the engine, one per CID, and what the other parts ask of them: how many fetch now
 * (jobs waiting between attempts give their slot up), how much each has fetched (when storage runs out, the
 * one holding the most gives way), and whether a collection is running (a waiting job resumes only after it).
 */
export class JobSlots {
  readonly #jobs = new Map<string, { controller: AbortController, done: Promise<void> }>()
  /** Jobs between attempts: they keep their place but not their fetch slot. */
  readonly #waiting = new Set<string>()
  /** Bytes each running job has fetched. */
  readonly #fetched = new Map<string, number>()
  /** Bytes of DAGs given up for lack of storage, until a collection frees them: room that is coming back. */
  readonly #freeing = new Map<string, number>()
  #collecting: Promise<void> | undefined

  get size (): number {
    return this.#jobs.size
  }

  /** Jobs fetching now (not waiting between attempts). */
  get fetching (): number {
    return this.#jobs.size - this.#waiting.size
  }

  /** Every job waits between attempts (or there is none): nothing is being fetched. */
  get idle (): boolean {
    return this.fetching === 0
  }

  cidKeys (): Set<string> {
    return new Set(this.#jobs.keys())
  }

  has (cidKey: string): boolean {
    return this.#jobs.has(cidKey)
  }

  /** Runs `job` for `cidKey`; `settled` follows its end, whatever it was (the slot is free by then). */
  start (cidKey: string, job: (signal: AbortSignal) => Promise<void>, settled: () => void): void {
    const controller = new AbortController()
    const done = job(controller.signal).finally(() => {
      this.#jobs.delete(cidKey)
      this.#waiting.delete(cidKey)
      this.#fetched.delete(cidKey)
      settled()
    })
    this.#jobs.set(cidKey, { controller, done })
  }

  /** Cuts one job's fetch (its records stay as they are). */
  abort (cidKey: string, reason: string): void {
    this.#jobs.get(cidKey)?.controller.abort(new Error(reason))
  }

  /** Cuts every job and waits for each to settle; their records stay `pinning` and resume later. */
  async haltAll (reason: string): Promise<void> {
    const running = [...this.#jobs.values()]
    for (const job of running) job.controller.abort(new Error(reason))
    await Promise.allSettled(running.map(async (job) => job.done))
  }

  waiting (cidKey: string): void {
    this.#waiting.add(cidKey)
  }

  /** The job fetches again, once any collection in progress is over (it may delete blocks the job shares). */
  async resume (cidKey: string): Promise<void> {
    while (this.#collecting !== undefined) await this.#collecting
    this.#waiting.delete(cidKey)
  }

  fetched (cidKey: string, bytes: number): void {
    this.#fetched.set(cidKey, bytes)
  }

  /** A DAG given up for lack of storage: its bytes come back at the next collection. */
  freeing (cidKey: string, bytes: number): void {
    this.#freeing.set(cidKey, bytes)
  }

  /** Whether the job that fetched `bytes` is the one to give up: nothing else holds more, or will free more. */
  holdsTheMost (cidKey: string, bytes: number): boolean {
    return [...this.#fetched].every(([other, theirs]) =>
      other === cidKey || this.#waiting.has(other) || theirs <= bytes
    ) &&
      [...this.#freeing.values()].every((theirs) => theirs <= bytes)
  }

  /** Runs a collection; waiting jobs resume only after it, and what was given up is freed by then. */
  async whileCollecting (collect: () => Promise<void>): Promise<void> {
    const done = Promise.withResolvers<void>()
    this.#collecting = done.promise
    try {
      await collect()
      this.#freeing.clear()
    } finally {
      this.#collecting = undefined
      done.resolve()
    }
  }
}
