import type { BenchResults } from './results.ts'

/** What the figures say about where time goes; filled in from this run's numbers. */
export function observations (_results: BenchResults): string[] {
  return []
}
