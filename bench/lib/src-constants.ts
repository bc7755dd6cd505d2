import { readFileSync } from 'node:fs'

/**
 * Constants of the page's source, read from its text rather than imported: Node runs the bench with type stripping
 * only, and src/ uses TypeScript that stripping cannot run (parameter properties), so importing an engine module
 * would break the bench. Each is checked to be found, so a rename fails the run instead of measuring with a stale value.
 */
function constantIn (file: string, pattern: RegExp, what: string): string {
  const text = readFileSync(new URL(`../../src/${file}`, import.meta.url), 'utf8')
  const match = pattern.exec(text)
  if (match?.[1] === undefined) throw new Error(`bench: ${what} not found in src/${file}`)
  return match[1]
}

/** Blocks the engine fetches at once within one DAG (src/engine/fetch-dag.ts). */
export const BLOCK_CONCURRENCY = Number(
  constantIn('engine/fetch-dag.ts', /export const BLOCK_CONCURRENCY = (\d+)/, 'BLOCK_CONCURRENCY')
)

/** Blocks the gateway reads ahead of the one it sends (src/gateway/dag-walk.ts). */
export const GATEWAY_READ_AHEAD = Number(constantIn('gateway/dag-walk.ts', /const READ_AHEAD = (\d+)/, 'READ_AHEAD'))

/** The service's default database (src/store/database.ts) and its blockstore's database and store (src/config.ts). */
export const DEFAULT_DATABASE_NAME = constantIn(
  'store/database.ts',
  /export const DEFAULT_DATABASE_NAME = '([^']+)'/,
  'DEFAULT_DATABASE_NAME'
)
const BLOCKS_SUFFIX = constantIn(
  'config.ts',
  /function blockstoreName \(databaseName: string\): string \{\s*return `\$\{databaseName\}([^`]*)`/,
  'blockstoreName'
)
export const BLOCKS_DATABASE = `${DEFAULT_DATABASE_NAME}${BLOCKS_SUFFIX}`
