// `node --experimental-strip-types scripts/room-graph.ts`: the imports between the rooms of src/ (its folders, and
// each file at its top), as `from -> to (how many imports)`, every pair of rooms that import each other, and every
// circle of imports between files. With `--check` (run by `npm run lint`) it fails when there is a circle or a room
// the walls of scripts/lint/room-walls.js do not list: the walls keep rooms apart, this keeps the files inside a room
// from leaning on each other.
// Type-only imports count: an arrow is an arrow.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ROOM_IMPORTS } from './lint/room-walls.js'

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src')
const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm

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

/** Every relative import of every file of src/, as absolute paths. */
function fileImports (): Map<string, string[]> {
  const imports = new Map<string, string[]>()
  for (const file of filesIn(SRC)) {
    const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((match) => match[1] ?? match[2] ?? match[3] ?? '')
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolve(dirname(file), specifier))
    imports.set(file, targets)
  }
  return imports
}

export function roomEdges (imports = fileImports()): Map<string, number> {
  const edges = new Map<string, number>()
  for (const [file, targets] of imports) {
    for (const target of targets) {
      const from = roomOf(file)
      const to = roomOf(target)
      if (from === to) continue
      const key = `${from} -> ${to}`
      edges.set(key, (edges.get(key) ?? 0) + 1)
    }
  }
  return edges
}

/** The circles of imports between files (each found once, from where the walk first met it). */
export function fileCircles (imports = fileImports()): string[][] {
  const circles: string[][] = []
  const done = new Set<string>()
  const path: string[] = []
  const visit = (file: string): void => {
    const at = path.indexOf(file)
    if (at >= 0) {
      circles.push([...path.slice(at), file].map((each) => relative(SRC, each)))
      return
    }
    if (done.has(file)) return
    path.push(file)
    for (const target of imports.get(file) ?? []) visit(target)
    path.pop()
    done.add(file)
  }
  for (const file of imports.keys()) visit(file)
  // A circle met from two of its files is the same circle.
  return [...new Map(circles.map((circle) => [circle.join(' -> '), circle])).values()]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const imports = fileImports()
  const edges = roomEdges(imports)
  const check = process.argv.includes('--check')
  if (!check) {
    for (const [edge, count] of [...edges].sort(([a], [b]) => a.localeCompare(b))) console.log(`${edge} (${count})`)
  }
  const both = [...edges.keys()].filter((edge) => {
    const [from, to] = edge.split(' -> ')
    return from! < to! && edges.has(`${to} -> ${from}`)
  })
  const circles = fileCircles(imports)
  // A room the walls do not list has no wall: its imports would go unchecked.
  const unlisted = [...new Set([...imports.keys()].map(roomOf))].filter((room) => !(room in ROOM_IMPORTS))
  if (unlisted.length > 0) console.log(`rooms with no wall in scripts/lint/room-walls.js: ${unlisted.join(', ')}`)
  if (!check || both.length > 0) {
    console.log(
      both.length === 0
        ? '\nno two rooms import each other'
        : `\nrooms that import each other: ${both.map((edge) => edge.replace(' -> ', ' <-> ')).join(', ')}`
    )
  }
  if (!check || circles.length > 0) {
    console.log(
      circles.length === 0
        ? 'no circle of imports between files'
        : `circles of imports between files:\n${circles.map((circle) => `  ${circle.join(' -> ')}`).join('\n')}`
    )
  }
  if (check && (both.length > 0 || circles.length > 0 || unlisted.length > 0)) process.exit(1)
}
