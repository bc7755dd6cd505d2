#!/usr/bin/env node
// `npm run lint`: ESLint (neostandard's rules and the walls between rooms), the check that no files import each
// other in a circle (scripts/room-graph.ts), and `dprint check` (the format). ESLint and dprint come from tools/lint,
// a package of its own, installed on first use. `--fix` (`npm run format`) formats and fixes.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const TOOLS = 'tools/lint'
const fix = process.argv.includes('--fix')

if (!existsSync(`${TOOLS}/node_modules/.package-lock.json`)) {
  console.log(
    `Installing the linter and formatter (npm install --prefix ${TOOLS}, at the versions its lock file names)…`
  )
  // Not `npm ci`: dprint's binaries for other platforms are optional packages a registry mirror may lack, so the
  // lock file cannot list them all, and `npm ci` refuses a lock file without them. `npm install` keeps the locked
  // versions and leaves the lock file as it is.
  const install = spawnSync('npm', ['install', '--prefix', TOOLS, '--no-audit', '--no-fund'], { stdio: 'inherit' })
  if (install.status !== 0) process.exit(install.status ?? 1)
}

const run = (tool, args) => spawnSync(`${TOOLS}/node_modules/.bin/${tool}`, args, { stdio: 'inherit' }).status ?? 1
const formatted = run('dprint', [fix ? 'fmt' : 'check'])
const linted = run('eslint', ['--max-warnings=0', ...(fix ? ['--fix'] : []), '.'])
const circles = spawnSync(process.execPath, [
  '--experimental-strip-types',
  '--disable-warning=ExperimentalWarning',
  'scripts/room-graph.ts',
  '--check'
], { stdio: 'inherit' }).status ?? 1
if (formatted !== 0) {
  console.error(
    fix ? 'dprint could not format every file' : 'some files are not formatted: `npm run format` formats them'
  )
}
process.exit(formatted !== 0 || linted !== 0 || circles !== 0 ? 1 : 0)
