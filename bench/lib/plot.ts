/** A line of a panel: points in data units, drawn in `color`. */
export interface Line {
  label: string
  color: string
  points: Array<[number, number]>
}

export interface Panel {
  title: string
  xLabel: string
  yLabel: string
  /** Logarithmic x axis (sizes that grow tenfold). */
  logX?: boolean
  logY?: boolean
  lines: Line[]
}

const W = 420
const H = 280
const M = { left: 60, right: 16, top: 30, bottom: 46 }

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function ticks (min: number, max: number, log: boolean): number[] {
  if (log) {
    const out: number[] = []
    for (let p = Math.floor(Math.log10(min)); p <= Math.ceil(Math.log10(max)); p++) out.push(10 ** p)
    return out
  }
  const span = max - min || 1
  const step = 10 ** Math.floor(Math.log10(span / 4))
  const nice = [1, 2, 5, 10].map((k) => k * step).find((s) => span / s <= 6) ?? step * 10
  const out: number[] = []
  for (let v = Math.floor(min / nice) * nice; v <= max + nice / 2; v += nice) out.push(Number(v.toPrecision(6)))
  return out
}

function label (value: number): string {
  if (value >= 1e6) return `${value / 1e6}M`
  if (value >= 1e3) return `${value / 1e3}k`
  return String(value)
}

/** One panel as an SVG group at (x, y). */
function panel (p: Panel, x: number, y: number): string {
  const points = p.lines.flatMap((line) => line.points).filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py))
  if (points.length === 0) return ''
  const xs = points.map(([px]) => px)
  const ys = points.map(([, py]) => py)
  const xTicks = ticks(Math.min(...xs), Math.max(...xs), p.logX === true)
  const yTicks = ticks(p.logY === true ? Math.min(...ys) : 0, Math.max(...ys), p.logY === true)
  const [x0, x1] = [xTicks[0] as number, xTicks.at(-1) as number]
  const [y0, y1] = [yTicks[0] as number, yTicks.at(-1) as number]
  const fx = (v: number) => {
    const t = p.logX === true
      ? (Math.log10(v) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0) || 1)
      : (v - x0) / (x1 - x0 || 1)
    return x + M.left + t * (W - M.left - M.right)
  }
  const fy = (v: number) => {
    const t = p.logY === true
      ? (Math.log10(v) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0) || 1)
      : (v - y0) / (y1 - y0 || 1)
    return y + H - M.bottom - t * (H - M.top - M.bottom)
  }
  const parts = [
    `<text x="${x + W / 2}" y="${y + 18}" text-anchor="middle" font-weight="bold">${escape(p.title)}</text>`,
    `<line x1="${fx(x0)}" y1="${fy(y0)}" x2="${fx(x1)}" y2="${fy(y0)}" stroke="#444"/>`,
    `<line x1="${fx(x0)}" y1="${fy(y0)}" x2="${fx(x0)}" y2="${fy(y1)}" stroke="#444"/>`,
    ...xTicks.map((t) =>
      `<text x="${fx(t)}" y="${fy(y0) + 14}" text-anchor="middle" font-size="10">${label(t)}</text>`
    ),
    ...yTicks.map((t) =>
      `<line x1="${fx(x0)}" y1="${fy(t)}" x2="${fx(x1)}" y2="${fy(t)}" stroke="#ddd"/><text x="${fx(x0) - 4}" y="${
        fy(t) + 3
      }" text-anchor="end" font-size="10">${label(t)}</text>`
    ),
    `<text x="${x + W / 2}" y="${y + H - 12}" text-anchor="middle" font-size="11">${escape(p.xLabel)}</text>`,
    `<text transform="translate(${x + 14} ${y + H / 2}) rotate(-90)" text-anchor="middle" font-size="11">${
      escape(p.yLabel)
    }</text>`
  ]
  p.lines.forEach((line, i) => {
    const drawn = line.points.filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py))
    if (drawn.length === 0) return
    parts.push(
      `<polyline fill="none" stroke="${line.color}" stroke-width="2" points="${
        drawn.map(([px, py]) => `${fx(px).toFixed(1)},${fy(py).toFixed(1)}`).join(' ')
      }"/>`
    )
    parts.push(
      ...drawn.map(([px, py]) =>
        `<circle cx="${fx(px).toFixed(1)}" cy="${fy(py).toFixed(1)}" r="3" fill="${line.color}"/>`
      )
    )
    parts.push(
      `<text x="${x + M.left + 8}" y="${y + M.top + 12 + i * 13}" font-size="10" fill="${line.color}">${
        escape(line.label)
      }</text>`
    )
  })
  return parts.join('\n')
}

/** Panels in a grid, two a row, as one SVG document. */
export function svgPlot (panels: Panel[]): string {
  const drawn = panels.filter((p) => p.lines.some((line) => line.points.length > 0))
  const rows = Math.ceil(drawn.length / 2)
  const body = drawn.map((p, i) => panel(p, (i % 2) * W, Math.floor(i / 2) * H)).join('\n')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W * 2}" height="${
    H * rows
  }" font-family="sans-serif" font-size="12">\n<rect width="100%" height="100%" fill="white"/>\n${body}\n</svg>\n`
}
