#!/usr/bin/env node
// Runs before `npm start` and `npm test`: on a fresh clone, installs the locked dependencies first,
// so that one command is enough. Refuses a Node older than the project supports, with a clear message.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Node ${process.versions.node} is too old: this project needs Node >= 22.12 (24 LTS recommended).`)
  process.exit(1)
}
if (!existsSync('node_modules/.package-lock.json')) {
  console.log('Installing dependencies (npm ci)…')
  const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' })
  if (install.status !== 0) process.exit(install.status ?? 1)
}
