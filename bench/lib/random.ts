/** xorshift32 in [0, 1): the same seed gives the same sequence on every run, in Node and in the page. */
export function seededRandom (seed: number): () => number {
  let x = (seed >>> 0) || 0x9e3779b9
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 0x1_0000_0000
  }
}
