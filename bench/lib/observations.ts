import { BLOCK_CONCURRENCY } from '../../src/engine/pin-job.ts'
import { kB, ms, times } from './format.ts'
import { median, ratio } from './stats.ts'
import type { BenchResults } from './results.ts'
import type { CaseResult, SizeResult } from '../suites/api-latency.ts'

const caseOf = (size: SizeResult, id: string): CaseResult | undefined => size.cases.find((c) => c.id === id)

/** Where the time goes, from this run's figures; each line says why, and what would change it. */
export function observations (results: BenchResults): string[] {
  return [...failureNotes(results), ...apiNotes(results), ...pinNotes(results), ...smoothnessNotes(results), ...startupNotes(results)]
}

function apiNotes (results: BenchResults): string[] {
  const sizes = results.api?.latency ?? []
  const size = sizes.at(-1)
  if (size === undefined) return []
  const notes: string[] = []
  const at = `${size.size.toLocaleString('en')} pins`
  const list10 = caseOf(size, 'list10')
  if (list10 !== undefined) {
    notes.push(`**The service worker hop is most of every answer.** A loopback request takes ${ms(size.loopback.median)} from a page without a service worker; ` +
      `a request the handlers answer without reading IndexedDB (404 for GET /api/v1/) takes ${ms(size.workerHop.median)} from the service's page: a fetch event in msw's worker, ` +
      'a MessageChannel round trip to the page, the handler, and the body copied back. ' +
      `An indexed query at ${at} takes ${ms(list10.service.median)}: the handlers and IndexedDB add ${ms(list10.service.median - size.workerHop.median)} to the hop, ` +
      `and the hop by itself costs ${times(ratio(size.workerHop.median, size.loopback.median))} the plain round trip, leaving the 2x target almost no room. ` +
      'What would close it: answer inside the service worker (the api/ and service/ rooms are pure and IndexedDB is there too, so a worker-side handler saves the page round trip ' +
      'and the body copies), or, for code in the page, call `window.pinningService.pins` directly.')
  }
  const list1000 = caseOf(size, 'list1000')
  if (list1000 !== undefined) {
    notes.push(`**A 1,000-pin page costs its size.** \`limit=1000\` answers ${kB(list1000.service.bodyLength)} of JSON in ${ms(list1000.service.median)}` +
      `${list1000.loopbackSameBody === undefined ? '' : ` (a loopback answer of the same size: ${ms(list1000.loopbackSameBody.median)})`}: reading 1,000 records, building ` +
      'their PinStatus objects, serialising them and copying the body page → worker → page. The mock takes ' +
      `${'median' in list1000.mock ? ms(list1000.mock.median) : 'n/a'} (it validates each response against the OpenAPI schema). Against a tiny round trip no 1,000-record answer can be within 2x; ` +
      'the honest comparison is the same-size loopback answer.')
  }
  const meta = caseOf(size, 'meta')
  const cid = caseOf(size, 'cid')
  if (meta !== undefined && cid !== undefined) {
    const trend = sizes.map((s) => `${ms(caseOf(s, 'meta')?.service.median)} at ${s.size.toLocaleString('en')}`).join(', ')
    notes.push(ratio(meta.service.median, cid.service.median) > 1.5
      ? `**Broad filters pay for their exact count.** \`meta={"app":"photos"}\` matches ~14% of the pins and takes ${ms(meta.service.median)} at ${at} (${trend}), ` +
        `where a one-CID filter takes ${ms(cid.service.median)}: the newest page comes from the index at once, but \`count\` reads every matching index entry. ` +
        'What would close it: range counters per meta pair, as the store keeps for status and creation ranges.'
      : `**A broad meta filter costs no more than a narrow one.** \`meta={"app":"photos"}\` matches ~14% of the pins and takes ${ms(meta.service.median)} at ${at} (${trend}), ` +
        `a one-CID filter ${ms(cid.service.median)}: \`count\` comes from range counters per meta pair instead of reading every matching entry. The price is paid on every write (below).`)
  }
  const scan = caseOf(size, 'ipartial')
  if (scan !== undefined) {
    notes.push(`**Partial name matches scan everything.** \`match=ipartial\` has no index: ${ms(scan.service.median)} at ${at} ` +
      `(${sizes.map((s) => `${ms(caseOf(s, 'ipartial')?.service.median)} at ${s.size.toLocaleString('en')}`).join(', ')}), linear in the store, since every named pin ` +
      'must be looked at to count the matches exactly. What would change it: a trigram index of lower-case names, or the names kept in memory in the page (~30 bytes a pin).')
  }
  const post = caseOf(size, 'post')
  const post32 = caseOf(size, 'post32')
  if (post !== undefined && post32 !== undefined) {
    const seedPerPin = median(sizes.map((s) => s.seed.ms / s.seed.pins))
    notes.push(`**Writes are grouped, then bound by the hop.** One POST takes ${ms(post.service.median)} at ${at} (${post.service.perSecond.toFixed(0)}/s); 32 at a time give ${post32.service.perSecond.toFixed(0)}/s, ` +
      `each waiting ${ms(post32.service.median)}. A lone POST is one readwrite transaction that reads the newest \`created\` and updates six range counters per dimension it is ` +
      'counted under (its status, all statuses, each meta pair); POSTs that arrive while one is written share the next transaction. ' +
      `Bulk \`addMany\` stores a pin in ${seedPerPin.toFixed(2)} ms. What remains under load is the service worker hop: each request still crosses msw's worker and the page's main thread one message at a time.`)
  }
  const seeding = sizes.map((s) => s.longTasks.seeding).filter((tasks) => tasks.over50ms > 0)
  if (seeding.length > 0) {
    notes.push(`**A bulk import freezes the page.** Seeding with \`addMany\` (5,000 pins a call) caused ${seeding.reduce((sum, tasks) => sum + tasks.over50ms, 0)} main-thread tasks over 50 ms, ` +
      `the longest ${ms(Math.max(...seeding.map((tasks) => tasks.longestMs)))}: the whole batch is prepared and handed to IndexedDB in the page's main thread. ` +
      'What would close it: prepare a batch in slices that yield to the event loop (or in a Worker), keeping one transaction per slice.')
  }
  const heap = results.api?.memory.find((figures) => figures.listing !== undefined)
  if (heap?.listing !== undefined) {
    notes.push(`**Memory stays small.** The page's heap after GC is ${results.api?.memory.map((h) => `${h.afterGcMiB.toFixed(1)} MiB at ${h.size.toLocaleString('en')}`).join(', ')} pins: ` +
      `the records live in IndexedDB, not in the heap. Paging through all ${heap.listing.listed.toLocaleString('en')} pins peaks at ${heap.listing.peakMiB.toFixed(1)} MiB ` +
      `(${heap.listing.jsonMiB.toFixed(0)} MiB of JSON in ${heap.listing.requests} answers, garbage once read) and returns to ${heap.listing.afterGcMiB.toFixed(1)} MiB.`)
  }
  return notes
}

function pinNotes (results: BenchResults): string[] {
  const dags = results.pin ?? []
  if (dags.length === 0) return []
  const notes: string[] = []
  const pageMs = (dag: typeof dags[number], transport: 'gateway' | 'ws') => median(dag.transports[transport].page.filter((t) => t.ok).map((t) => t.ms))
  const nodeMs = (dag: typeof dags[number], transport: 'gateway' | 'ws') => median(dag.transports[transport].node.map((t) => t.ms))
  const big = dags.filter((dag) => dag.id.startsWith('file')).at(-1)
  if (big !== undefined) {
    const fetch = median(big.floors.fetch.map((t) => t.ms))
    const fromWorker = median(big.floors.fetchControlledWorker.map((t) => t.ms))
    const idb = median(big.floors.idbWrite.map((t) => t.ms))
    notes.push(`**Files from a gateway: the page does more than Node.** ${big.label}: the page takes ${ms(pageMs(big, 'gateway'))}, ` +
      `Node Helia ${ms(nodeMs(big, 'gateway'))} (${times(ratio(nodeMs(big, 'gateway'), pageMs(big, 'gateway')))}). The floors: fetching every block takes ${ms(fetch)} from a page ` +
      `without a service worker and ${ms(fromWorker)} from a Worker of the service's page, and writing the blocks to IndexedDB ${ms(idb)}; Node keeps them in memory. ` +
      (big.engineWorkerControlled === true
        ? 'The engine\'s Worker is a client of the service worker (its `clients.matchAll()` lists it); the service worker lets every non-API request fall through to the network before msw sees it, so a block request costs a fetch event, not a round trip to the page. '
        : '') +
      'On top, the engine hashes every block and stores it in IndexedDB before the walk goes on (the pin itself is one transaction for the whole DAG). ' +
      'What would close more of it: asking for more blocks at once on fast links, and writing blocks while the next ones are hashed.')
  }
  const ws = dags.filter((dag) => dag.id.startsWith('file')).map((dag) => {
    const pinning = median(dag.transports.ws.page.filter((t) => t.ok).map((t) => t.pinningAtMs ?? Number.NaN).filter((v) => !Number.isNaN(v)))
    return `${dag.label}: ${ms(pageMs(dag, 'ws'))} against Node's ${ms(nodeMs(dag, 'ws'))}, ${ms(pinning)} of it before the engine started fetching`
  })
  if (ws.length > 0) {
    notes.push(`**Bitswap over WebSockets is the slowest path.** ${ws.join('; ')}. The first libp2p pin loads libp2p (a separate chunk) and restarts the node with it; ` +
      'then every byte is decrypted by Noise, which in Node uses native ChaCha20-Poly1305 and in the browser the pure-JavaScript one (@libp2p/noise picks `pureJsCrypto` for browsers). ' +
      'What would help: WebTransport or WebRTC (encrypted by the browser itself) where providers offer them, trustless gateways first when a provider has both, and loading libp2p ahead when origins are libp2p addresses.')
  }
  const directory = dags.find((dag) => dag.id === 'directory')
  if (directory !== undefined) {
    const fetch = median(directory.floors.fetch.map((t) => t.ms))
    notes.push(`**Many small blocks: per-block costs dominate.** ${directory.label} (${directory.blocks.toLocaleString('en')} blocks): the page takes ${ms(pageMs(directory, 'gateway'))} from the gateway ` +
      `(${(pageMs(directory, 'gateway') / directory.blocks).toFixed(1)} ms a block; Node ${ms(nodeMs(directory, 'gateway'))}; fetching alone ${ms(fetch)}) and ${ms(pageMs(directory, 'ws'))} over bitswap ` +
      `(Node ${ms(nodeMs(directory, 'ws'))}, which asks for one block at a time). Each block is a request, a hash and an IndexedDB write (${BLOCK_CONCURRENCY} in flight, written in shared transactions); ` +
      'the pin itself is one transaction for the whole DAG. What would help: more blocks in flight for DAGs of many small blocks, or a CAR request for a whole DAG where the gateway offers it.')
  }
  return notes
}

/** Pins that never reached `pinned` within the time allowed: named first, with the last status seen. */
function failureNotes (results: BenchResults): string[] {
  const failed: string[] = []
  for (const dag of results.pin ?? []) {
    for (const [transport, runs] of Object.entries(dag.transports)) {
      for (const timing of runs.page.filter((t) => !t.ok)) failed.push(`${dag.label} via ${transport} (pin suite): ${JSON.stringify(timing.last)} after ${ms(timing.ms)}`)
    }
  }
  for (const run of results.smoothness ?? []) {
    if (!run.pinned) failed.push(`${(run.dagBytes / 1024 / 1024).toFixed(0)} MiB via ${run.transport} (smoothness): ${JSON.stringify(run.last ?? {})} after ${ms(run.pinMs)}`)
  }
  return failed.length === 0 ? [] : [`**Pins that did not finish** (the engine is still being finished; each is a fresh profile): ${failed.join('; ')}.`]
}

function smoothnessNotes (results: BenchResults): string[] {
  const runs = results.smoothness ?? []
  if (runs.length === 0) return []
  const lists = runs.map((run) => `${ms(run.listing.median)} (p95 ${ms(run.listing.p95)}) while pinning via ${run.transport}, ${ms(run.idleListing.median)} just before`).join('; ')
  const clean = runs.every((run) => run.tasksOver50ms === 0)
  return [`**${clean ? 'Pinning leaves the main thread free' : 'Pinning blocks the main thread'}.** ` +
    `${clean ? 'No task over 50 ms while a large DAG is pinned: fetching, hashing and storing run in the engine\'s Worker. ' : ''}` +
    `The page's own API answers slow down meanwhile: a list of 100 takes ${lists}, ` +
    'since the two cores are busy with fetching, hashing and storing.']
}

function startupNotes (results: BenchResults): string[] {
  const startup = results.startup
  const runs = startup?.runs ?? []
  if (startup === undefined || runs.length === 0) return []
  const first = median(runs.map((run) => run.first.firstAnswerMs))
  const firstReady = median(runs.map((run) => run.first.readyMs))
  const warm = median(runs.map((run) => run.warm.firstAnswerMs))
  const gzip = median(runs.map((run) => run.first.jsBeforeAnswer.gzipBytes))
  const name = (path: string) => path.replace(/^\/(assets\/)?/, '')
  const top = startup.needed.files.slice(0, 2).map((file) => `${name(file.path)} ${kB(file.gzipBytes)}`).join(', ')
  const extra = (runs[0]?.first.jsBeforeAnswer.files ?? []).filter((file) => !startup.needed.files.some((needed) => needed.path === file.path))
  return [`**Start-up is bound by scripts and the service worker, not by data.** First visit ${ms(first)} (the service is ready at ${ms(firstReady)}: ` +
    `msw's worker installs and activates first), warm ${ms(warm)}. ${kB(gzip)} gzip of JavaScript had loaded by the first answer; the answer needs ${kB(startup.needed.gzipBytes)} of it ` +
    `(the entry's static imports and msw's worker script; the largest: ${top})` +
    (extra.length === 0 ? '. ' : `, the rest (${extra.map((file) => `${name(file.path)} ${kB(file.gzipBytes)}`).join(', ')}) loads in parallel and is not waited for. `) +
    'Most of the entry chunk is msw\'s browser runtime (about 150 kB gzip on its own, per the environment\'s measurements), which is also what makes the 250 kB target tight: ' +
    'a purpose-built service worker (see the first note) would shrink it as well.']
}
