// `node scripts/room-graph.ts`: the imports between the rooms of src/ (its folders, and each file at its top: the
// front doors, the wiring, the shared settings), as `from -> to (how many imports)`, and every pair of rooms that
// import each other.
// Type-only imports count: an arrow is an arrow.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src')
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm

function filesIn (folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) return filesIn(path)
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** The room of a file: its first folder under src/; a file at src/'s top is a room of its own (`index.ts`). */
function roomOf (file: string): string {
  const [first, ...rest] = relative(SRC, file).split('/')
  return rest.length === 0 ? (first as string).replace(/\.ts$/, '.ts') : `${first as string}/`
}

export function roomEdges (): Map<string, number> {
  const edges = new Map<string, number>()
  for (const file of filesIn(SRC)) {
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? ''
      if (!specifier.startsWith('.')) continue
      const from = roomOf(file)
      const to = roomOf(resolve(dirname(file), specifier))
      if (from === to) continue
      const key = `${from} -> ${to}`
      edges.set(key, (edges.get(key) ?? 0) + 1)
    }
  }
  return edges
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const edges = roomEdges()
  for (const [edge, count] of [...edges].sort(([a], [b]) => a.localeCompare(b))) console.log(`${edge} (${count})`)
  const both = [...edges.keys()].filter((edge) => {
    const [from, to] = edge.split(' -> ')
    return from! < to! && edges.has(`${to} -> ${from}`)
  })
  console.log(both.length === 0 ? '\nno two rooms import each other' : `\nrooms that import each other: ${both.map((edge) => edge.replace(' -> ', ' <-> ')).join(', ')}`)
}
