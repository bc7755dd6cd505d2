/** Milliseconds with precision that suits their size. */
export function ms (value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return 'n/a'
  if (value < 10) return `${value.toFixed(2)} ms`
  if (value < 100) return `${value.toFixed(1)} ms`
  return `${Math.round(value).toLocaleString('en')} ms`
}

export function times (value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? 'n/a' : `${value.toFixed(2)}x`
}

export function kB (bytes: number): string {
  return `${(bytes / 1000).toFixed(0)} kB`
}

/** A body's size: bytes under 1 kB, else kB with a decimal under 10 kB. */
export function bytes (value: number): string {
  if (value < 1000) return `${value.toFixed(0)} B`
  return value < 10_000 ? `${(value / 1000).toFixed(1)} kB` : kB(value)
}

/** `n thing` or `n things`. */
export function plural (n: number, thing: string): string {
  return `${n} ${thing}${n === 1 ? '' : 's'}`
}

export function mibPerS (bytes: number, millis: number): string {
  return `${(bytes / 1024 / 1024 / (millis / 1000)).toFixed(1)} MiB/s`
}

export function count (value: number): string {
  return value.toLocaleString('en')
}

/** A Markdown table. */
export function table (headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n')
}

/** An estimate's interval in its unit, with its confidence: `1.02–1.10x (95%)`. */
export function interval (
  estimate: { low: number, high: number, confidence: number, n: number } | undefined,
  unit: 'x' | 'ms' | 'kB'
): string {
  if (estimate === undefined || estimate.n === 0) return 'n/a'
  const one = (value: number) => unit === 'x' ? times(value) : unit === 'ms' ? ms(value) : `${value.toFixed(0)} kB`
  return `${one(estimate.low)}–${one(estimate.high)} (${Math.floor(estimate.confidence * 100)}%)`
}
