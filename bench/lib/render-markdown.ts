import { BLOCK_CONCURRENCY } from '../../src/engine/pin-job.ts'
import { count, kB, mibPerS, ms, table, times } from './format.ts'
import { observations } from './observations.ts'
import { median, ratio } from './stats.ts'
import { checkTargets } from './targets.ts'
import type { BenchResults } from './results.ts'

/** The whole run as Markdown: targets first, then each suite's figures beside their references. */
export function renderMarkdown (results: BenchResults): string {
  const m = results.machine
  const parts = [
    `# Benchmarks (${m.mode} run)`,
    `${m.date} · commit ${m.commit} · Node ${m.node} · Chromium ${m.chromium} · ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB · ${(m.durationS ?? 0).toFixed(0)} s · ` +
      `1-minute load average ${m.loadAtStart.toFixed(1)} at the start, ${(m.loadDuringRun?.mean ?? Number.NaN).toFixed(1)} on average during the run (max ${(m.loadDuringRun?.max ?? Number.NaN).toFixed(1)}; the run itself accounts for 1–2)`,
    'Figures are medians unless marked; every reference was measured in the same run, on the same machine. ' +
      'Nothing passes or fails on time: the targets below are reported, not enforced. Regenerate with `npm run bench` (`-- --quick` for small sizes).',
    results.errors.length === 0 ? '' : `**Suites that broke:**\n\n${results.errors.map((e) => `- ${e.suite}: \`${e.message.split('\n')[0] ?? ''}\``).join('\n')}`,
    (results.offLoopback ?? []).length === 0 ? 'Nothing tried to leave loopback.' : `**Requests that tried to leave loopback:** ${(results.offLoopback ?? []).join(', ')}`,
    targetsSection(results),
    apiSection(results),
    memorySection(results),
    pinSection(results),
    startupSection(results),
    smoothnessSection(results),
    `## Observations\n\n${observations(results).map((line) => `- ${line}`).join('\n')}`
  ]
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`
}

function targetsSection (results: BenchResults): string {
  const checks = checkTargets(results)
  if (checks.length === 0) return ''
  return `## Targets\n\n${table(['target', 'figure', 'reference', 'ratio', 'verdict'],
    checks.map((c) => [c.target, c.figure, c.reference, times(c.ratio), c.met ? 'met' : `**missed**: ${c.gap ?? ''}`]))}`
}

function apiSection (results: BenchResults): string {
  const sizes = results.api?.latency ?? []
  if (sizes.length === 0) return ''
  const blocks = sizes.map((size) => {
    const rows = size.cases.map((c) => {
      const mock = 'median' in c.mock ? c.mock : undefined
      const isPost = c.id.startsWith('post')
      return [
        c.label,
        `${ms(c.service.median)} / ${ms(c.service.p95)}`,
        isPost
          ? `${c.service.perSecond.toFixed(0)}/s`
          : `${times(ratio(c.service.median, size.loopback.median))}${c.loopbackSameBody === undefined ? '' : ` (${times(ratio(c.service.median, c.loopbackSameBody.median))} of a loopback answer of the same ${kB(c.service.bodyLength)})`}`,
        mock === undefined ? `n/a: ${'unsupported' in c.mock ? c.mock.unsupported : ''}` : `${ms(mock.median)} / ${ms(mock.p95)}${isPost ? ` (${mock.perSecond.toFixed(0)}/s)` : ''}`,
        mock === undefined ? '' : times(ratio(c.service.median, mock.median)),
        String(c.service.n)
      ]
    })
    const lt = size.longTasks
    return `### ${count(size.size)} pins stored\n\n` +
      `Loopback round trip (no service worker): ${ms(size.loopback.median)} / p95 ${ms(size.loopback.p95)}; the service worker hop alone ` +
      `(GET /api/v1/, which the handlers answer 404 before reading IndexedDB): ${ms(size.workerHop.median)}. Seeded ${count(size.seed.pins)} pins in ${ms(size.seed.ms)} ` +
      `(${(size.seed.ms / size.seed.pins).toFixed(2)} ms per pin, addMany in batches of 5,000). The mock holds ${count(size.mockPins)} (one per CID). ` +
      `Long tasks: seeding ${lt.seeding.over50ms} (longest ${ms(lt.seeding.longestMs)}), requests ${lt.requests.over50ms} (longest ${ms(lt.requests.longestMs)}).\n\n` +
      table(['request', 'service median / p95', 'x loopback (POST: rate)', 'mock median / p95', 'x mock', 'n'], rows)
  })
  return `## API latency through the service worker\n\nEach request is a \`fetch\` inside the page, timed until its body is read. ` +
    'The references are timed from pages of their own origins, so no service worker sees them. ' +
    'Lists send `status=queued,pinning,pinned,failed` where the spec\'s default (pinned only) would match nothing here; ' +
    'every stored pin is queued or pinning, since the engine is kept off the network.\n\n' + blocks.join('\n\n')
}

function memorySection (results: BenchResults): string {
  const memory = results.api?.memory ?? []
  if (memory.length === 0) return ''
  const rows = memory.map((heap) => [
    count(heap.size),
    `${heap.afterGcMiB.toFixed(1)} MiB`,
    heap.listing === undefined ? '' : `${heap.listing.peakMiB.toFixed(1)} MiB`,
    heap.listing === undefined ? '' : `${heap.listing.afterGcMiB.toFixed(1)} MiB`,
    heap.listing === undefined ? '' : `${count(heap.listing.listed)} pins in ${heap.listing.requests} requests, ${ms(heap.listing.ms)}, ${heap.listing.jsonMiB.toFixed(1)} MiB of JSON`
  ])
  return '## Memory: the page\'s JS heap\n\nMain thread only (CDP `Runtime.getHeapUsage`, after a forced GC; the peak sampled every 50 ms while a client in the page ' +
    'pages through every pin, 1,000 per request). The engine\'s Worker has a heap of its own, not counted here.\n\n' +
    table(['pins stored', 'heap after GC', 'peak while listing all', 'after listing, GC', 'listing'], rows)
}

function pinSection (results: BenchResults): string {
  const dags = results.pin ?? []
  if (dags.length === 0) return ''
  const rows = dags.flatMap((dag) => Object.entries(dag.transports).map(([transport, runs]) => {
    const ok = runs.page.filter((t) => t.ok)
    const page = median(ok.map((t) => t.ms))
    const node = median(runs.node.map((t) => t.ms))
    return [
      dag.label,
      transport === 'gateway' ? 'trustless gateway' : 'WebSockets bitswap',
      ok.length === runs.page.length ? `${ms(page)} (${mibPerS(dag.dagBytes, page)})` : `**${runs.page.length - ok.length} of ${runs.page.length} not pinned**: ${JSON.stringify(runs.page.find((t) => !t.ok)?.last)}`,
      ms(median(ok.map((t) => t.pinningAtMs ?? Number.NaN).filter((v) => !Number.isNaN(v)))),
      `${ms(node)} (${mibPerS(dag.dagBytes, node)})`,
      times(ratio(node, page)),
      String(runs.page.length)
    ]
  }))
  const floors = dags.map((dag) => {
    const fetch = median(dag.floors.fetch.map((t) => t.ms))
    const fromService = median(dag.floors.fetchControlledWorker.map((t) => t.ms))
    const idb = median(dag.floors.idbWrite.map((t) => t.ms))
    const gatewayPin = median(dag.transports.gateway.page.filter((t) => t.ok).map((t) => t.ms))
    return [dag.label, `${count(dag.blocks)} / ${(dag.dagBytes / 1024 / 1024).toFixed(1)} MiB`, `${ms(fetch)} (${mibPerS(dag.dagBytes, fetch)})`, `${ms(fromService)}`, `${ms(idb)} (${mibPerS(dag.dagBytes, idb)})`, times(ratio(gatewayPin, fetch + idb))]
  })
  return '## Pin throughput\n\nThe page: POST /pins with `origins: [the fixture\'s gateway or WebSockets multiaddr]` (no routing, no other gateway), timed until GET /pins/{id} answers `pinned`, ' +
    'on a fresh browser profile each run. Node Helia: `createHelia` with an in-memory blockstore and the same libraries, `helia.pins.add` (dialling first, for WebSockets), in a child process; ' +
    'its start is not counted. "Until `pinning`": when GET first showed the engine at work; for WebSockets this includes loading libp2p and restarting the node with it. Throughput ratio = Node time / page time (1.00x = as fast as Node).\n\n' +
    table(['DAG', 'from', 'page: POST until pinned', 'of which until `pinning`', 'Node Helia pins.add', 'page / Node throughput', 'runs'], rows) +
    `\n\nFloors in the same browser, ${BLOCK_CONCURRENCY} blocks in flight as the engine does: ` +
    'every block fetched with a plain `fetch` from a page without a service worker and from a Worker of the service\'s page ' +
    '(as the engine fetches: a client of the service worker, which lets non-API requests fall through), and the same blocks written to a fresh IndexedDB database (one transaction per block, bytes already in memory).\n\n' +
    table(['DAG', 'blocks / size', 'plain fetch', 'fetch from a Worker of the service page', 'IndexedDB writes', 'gateway pin / (fetch + writes)'], floors)
}

function startupSection (results: BenchResults): string {
  const runs = results.startup?.runs ?? []
  if (runs.length === 0) return ''
  const rows = (['first', 'warm'] as const).map((visit) => {
    const of = (pick: (r: typeof runs[number]) => number) => runs.map(pick)
    const answers = of((r) => r[visit].firstAnswerMs)
    return [
      visit === 'first' ? 'first visit (fresh profile)' : 'warm (second navigation)',
      `${ms(median(answers))} (${ms(Math.min(...answers))}–${ms(Math.max(...answers))})`,
      ms(median(of((r) => r[visit].readyMs))),
      `${kB(median(of((r) => r[visit].jsBeforeAnswer.gzipBytes)))} (${kB(median(of((r) => r[visit].jsBeforeAnswer.bytes)))} min)`,
      `${kB(median(of((r) => r[visit].jsTotal.gzipBytes)))} (${kB(median(of((r) => r[visit].jsTotal.bytes)))} min)`,
      ms(median(of((r) => r[visit].longestTaskMs))),
      [...new Set(runs.map((r) => String(r[visit].answerStatus)))].join(', ')
    ]
  })
  const first = runs[0]?.first
  const listed = (files: Array<{ path: string, gzipBytes: number }>) => files.map((file) => `${file.path} (${kB(file.gzipBytes)})`).join(', ')
  const before = listed(first?.jsBeforeAnswer.files ?? [])
  const after = listed((first?.jsTotal.files ?? []).filter((file) => !(first?.jsBeforeAnswer.files ?? []).some((loaded) => loaded.path === file.path)))
  return `## Start-up\n\nFrom navigation start to the first API answer: a GET /pins made the moment the page announces the service (first visit: no token yet, so the answer is the handlers' 401; ` +
    `warm: a token kept from the first visit, 200). JavaScript before the answer: the scripts the page asked for before the service was ready and had loaded when the answer came ` +
    `(Resource Timing), plus msw's worker script on a first visit; sizes are the built files, gzip -6. The preview server sends \`Cache-Control: no-cache\`, ` +
    `so a warm visit revalidates each file. ${runs.length} fresh profiles.\n\n` +
    table(['visit', 'first API answer (min–max)', 'service ready', 'JS before the answer: gzip', 'JS within 3 s: gzip', 'longest task before the answer', 'answer status'], rows) +
    `\n\nLoaded before the first answer (first run, first visit): ${before}. Later: ${after === '' ? 'nothing' : after}.` +
    (results.startup === undefined
      ? ''
      : ` What the first answer cannot do without, the entry chunk's static imports and msw's worker script: ${kB(results.startup.needed.gzipBytes)} gzip ` +
        `(${listed(results.startup.needed.files)}). The whole build: ${kB(results.startup.build.gzipBytes)} gzip (${kB(results.startup.build.bytes)} min).`)
}

function smoothnessSection (results: BenchResults): string {
  const runs = results.smoothness ?? []
  if (runs.length === 0) return ''
  const rows = runs.map((run) => [
    `${(run.dagBytes / 1024 / 1024).toFixed(0)} MiB via ${run.transport}`,
    run.pinned ? ms(run.pinMs) : `not pinned (${ms(run.pinMs)})`,
    ms(run.longestTaskMs),
    String(run.tasksOver50ms),
    `${run.listing.n} lists, ${ms(run.listing.median)} / p95 ${ms(run.listing.p95)}`,
    `${ms(run.idleListing.median)} / p95 ${ms(run.idleListing.p95)}`
  ])
  const api = results.api?.latency ?? []
  const apiLine = api.length === 0
    ? ''
    : `\n\nDuring the API series: ${api.map((size) => `${count(size.size)} pins: seeding ${size.longTasks.seeding.over50ms} long tasks (longest ${ms(size.longTasks.seeding.longestMs)}), listing every pin ${size.longTasks.hook.over50ms} (longest ${ms(size.longTasks.hook.longestMs)}), the request series ${size.longTasks.requests.over50ms} (longest ${ms(size.longTasks.requests.longestMs)})`).join('; ')}.`
  return '## Smoothness: the page\'s main thread while pinning\n\nLong Tasks API in the page from before its first script; the window runs from POST to `pinned`, while the page lists pins ' +
    '(GET /pins?limit=100, all statuses) every 250 ms.\n\n' +
    table(['pin', 'until pinned', 'longest task', 'tasks over 50 ms', 'lists meanwhile (median / p95)', 'the same list before the pin'], rows) + apiLine
}
