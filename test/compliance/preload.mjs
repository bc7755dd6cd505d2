// Preload for @ipfs-shipyard/pinning-service-compliance 1.8.1:
//   node --import ./preload.mjs node_modules/.bin/pinning-service-compliance -s <endpoint> <token>
// It only fixes the suite's environment; it never changes what the checks expect.
import { isMainThread } from 'node:worker_threads'
import module from 'node:module'
import path from 'node:path'
import util from 'node:util'

// (b) Node 23 removed util.isObject/isNumber/isFunction/isUndefined. The suite's schema builder
// (oas2joi -> enjoi 6) calls them; without them 4 of the 9 checks are silently skipped (report total 5).
// Node 22's definitions, added only where missing.
/** @type {Record<string, (arg: unknown) => boolean>} */
const legacyUtil = {
  isObject: (arg) => arg !== null && typeof arg === 'object',
  isNumber: (arg) => typeof arg === 'number',
  isFunction: (arg) => typeof arg === 'function',
  isUndefined: (arg) => arg === undefined
}
const utilObject = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (util))
for (const [name, fn] of Object.entries(legacyUtil)) {
  if (typeof utilObject[name] !== 'function') utilObject[name] = fn
}

// (a) The suite downloads the spec from raw.githubusercontent.com at every run (the `specLocation`
// constant, handed to oas2joi -> swagger-parser, which accepts a URL or a file path). Offline the
// download fails and 4 of the 9 checks are silently skipped (report total 5). When PINNING_SPEC_PATH is
// set, rewrite that constant to the absolute local path.
const specPath = process.env.PINNING_SPEC_PATH ? path.resolve(process.env.PINNING_SPEC_PATH) : null
const CONSTANTS = '/@ipfs-shipyard/pinning-service-compliance/dist/src/utils/constants.js'
const SPEC_LOCATION = /const specLocation = `[^`]*`;/

/**
 * @template {import('node:module').LoadFnOutput} T
 * @param {string} url
 * @param {T} result
 * @returns {T}
 */
function patch (url, result) {
  if (specPath == null || !url.endsWith(CONSTANTS)) return result
  const source = typeof result.source === 'string'
    ? result.source
    : new TextDecoder().decode(result.source ?? undefined)
  if (!SPEC_LOCATION.test(source)) {
    throw new Error(`compliance preload: no specLocation constant in ${url} (suite version changed?)`)
  }
  return { ...result, source: source.replace(SPEC_LOCATION, `const specLocation = ${JSON.stringify(specPath)};`) }
}

// Off-thread hook for Node < 22.15, which lacks registerHooks: this file is loaded again in the
// hooks thread, where only this export matters.
/** @type {import('node:module').LoadHook} */
export async function load (url, context, nextLoad) {
  return patch(url, await nextLoad(url, context))
}

if (typeof module.registerHooks === 'function') {
  module.registerHooks({ load: (url, context, nextLoad) => patch(url, nextLoad(url, context)) })
} else if (isMainThread) {
  module.register(import.meta.url)
}
