/** One of the things compared: it runs one block of its work per round. */
export interface Arm<T> {
  name: string
  run(round: number): Promise<T>
}

/**
 * Runs `rounds` rounds; each round runs every arm's block once, in ABBA order (forwards in even rounds,
 * backwards in odd ones), so that a machine getting busier or quieter weighs on every arm alike and the
 * arms' figures of one round can be compared as a pair. Returns each arm's blocks, by round.
 */
export async function interleave<T> (arms: Array<Arm<T>>, rounds: number): Promise<Map<string, T[]>> {
  const results = new Map<string, T[]>(arms.map((arm) => [arm.name, []]))
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? arms : [...arms].reverse()
    for (const arm of order) results.get(arm.name)?.push(await arm.run(round))
  }
  return results
}

/** `items` cut into `rounds` blocks as even as can be (none empty when there are enough items). */
export function blocks<T> (items: T[], rounds: number): T[][] {
  const count = Math.max(1, Math.min(rounds, items.length))
  return Array.from(
    { length: count },
    (_, i) => items.slice(Math.floor((i * items.length) / count), Math.floor(((i + 1) * items.length) / count))
  )
}
