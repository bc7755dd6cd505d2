#!/usr/bin/env node
// `npm test`: type-checks, lints (scripts/lint.js: rules, walls between rooms, format), runs every Vitest project
// (unit in Node, browser in Chromium), then prints the plain closing line `N passed, N failed` that CI reads. Extra arguments go to Vitest (e.g. a file filter).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const reportDir = mkdtempSync(join(tmpdir(), 'pinning-test-'))
const reportFile = join(reportDir, 'vitest.json')

// The page, tests and tools; then the service worker on its own (it has the worker's globals, not the DOM's).
const typecheck = [['-p', '.'], ['-p', 'src/sw']]
  .map((project) => spawnSync('npx', ['tsc', '--noEmit', ...project], { stdio: 'inherit' }))
  .find((run) => run.status !== 0) ?? { status: 0 }
const lint = spawnSync(process.execPath, ['scripts/lint.js'], { stdio: 'inherit' })
const vitest = spawnSync('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reportFile}`,
  ...process.argv.slice(2)
], { stdio: 'inherit' })

let passed = 0
let failed = 0
try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'))
  passed = report.numPassedTests
  failed = report.numFailedTests +
    (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0)
} catch {
  failed += 1
  console.error('vitest wrote no report: counting the run as one failure')
}
if (typecheck.status !== 0) {
  failed += 1
  console.error('type check failed: counted as one failure')
}
if (lint.status !== 0) {
  failed += 1
  console.error('lint failed (npm run lint): counted as one failure')
}
rmSync(reportDir, { recursive: true, force: true })

console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 && vitest.status === 0 ? 0 : 1)
