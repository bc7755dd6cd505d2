import { mkdir, writeFile } from 'node:fs/promises'
import { renderMarkdown, scalePlot, scalePlotName } from './render-markdown.ts'
import type { BenchResults } from './results.ts'

const DIR = new URL('../results/', import.meta.url)

/** Writes bench/results/<name>.json and <name>.md; prints the Markdown tables to the console. */
export async function writeResults (results: BenchResults, name: string): Promise<string[]> {
  await mkdir(DIR, { recursive: true })
  const markdown = renderMarkdown(results)
  await writeFile(new URL(`${name}.json`, DIR), `${JSON.stringify(results, null, 2)}\n`)
  await writeFile(new URL(`${name}.md`, DIR), markdown)
  const written = [`bench/results/${name}.json`, `bench/results/${name}.md`]
  const plot = scalePlot(results)
  if (plot !== undefined) {
    await writeFile(new URL(scalePlotName(results), DIR), plot)
    written.push(`bench/results/${scalePlotName(results)}`)
  }
  console.log(`\n${markdown}`)
  return written
}
