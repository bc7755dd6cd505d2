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
