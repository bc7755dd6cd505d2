import { BLOCK_CONCURRENCY } from './src-constants.ts'
import { bytes, count, interval, kB, mibPerS, ms, table, times } from './format.ts'
import { observations } from './observations.ts'
import { median, ratio } from './stats.ts'
import { checkTargets } from './targets.ts'
import { svgPlot } from './plot.ts'
import type { TargetCheck } from './targets.ts'
import { medianInterval } from './interval.ts'
import { allSucceeded } from './series.ts'
import { MIXED_CLIENTS, MIXED_REQUESTS } from '../suites/mixed-traffic.ts'
import type { Estimate } from './interval.ts'
import type { BenchResults } from './results.ts'
import type { Series } from './series.ts'

/** The whole run as Markdown: targets first, then each suite's figures beside their references. */
export function renderMarkdown (results: BenchResults): string {
  const m = results.machine
  const parts = [
    `# Benchmarks (${m.mode} run)`,
    `${m.date} · commit ${m.commit} · Node ${m.node} · Chromium ${m.chromium} · ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB · ${
      (m.durationS ?? 0).toFixed(0)
    } s · ` +
    `1-minute load average ${m.loadAtStart.toFixed(1)} at the start, ${
      (m.loadDuringRun?.mean ?? Number.NaN).toFixed(1)
    } on average during the run (max ${
      (m.loadDuringRun?.max ?? Number.NaN).toFixed(1)
    }; the run itself accounts for 1–2)`,
    'Figures are medians unless marked; every reference was measured in the same run, on the same machine. ' +
    'Nothing passes or fails on time: the targets below are reported, not enforced. Regenerate with `npm run bench` (`-- --quick` for small sizes).',
    results.errors.length === 0
      ? ''
      : `**Suites that broke:**\n\n${
        results.errors.map((e) => `- ${e.suite}: \`${e.message.split('\n')[0] ?? ''}\``).join('\n')
      }`,
    (results.offLoopback ?? []).length === 0
      ? 'Nothing tried to leave loopback.'
      : `**Requests that tried to leave loopback:** ${(results.offLoopback ?? []).join(', ')}`,
    targetsSection(results),
    apiSection(results),
    memorySection(results),
    pinSection(results),
    startupSection(results),
    smoothnessSection(results),
    gatewaySection(results),
    scaleSection(results),
    observationsSection(results)
  ]
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`
}

function observationsSection (results: BenchResults): string {
  const lines = observations(results)
  return lines.length === 0 ? '' : `## Observations\n\n${lines.map((line) => `- ${line}`).join('\n')}`
}

function targetsSection (results: BenchResults): string {
  const checks = checkTargets(results)
  if (checks.length === 0) return ''
  const shown = (c: TargetCheck, value: number | undefined) =>
    value === undefined ? 'n/a' : c.unit === 'x' ? times(value) : c.unit === 'ms' ? ms(value) : `${value.toFixed(0)} kB`
  return '## Targets\n\nEach verdict is read off an interval, never off a median alone: **met** when the whole interval is on the right side of the target, ' +
    '**missed** when it is all on the wrong side, **inconclusive** when it touches or straddles the target (or rests on fewer than three samples). ' +
    'Intervals are the median\'s order-statistic confidence intervals (distribution-free); for ratios, the samples are the ratios of interleaved rounds ' +
    '(each reference measured in the same round as the figure, in ABBA order).\n\n' +
    table(
      ['target', 'figure', 'reference', 'ratio / median', 'interval (confidence)', 'verdict', 'rests on', 'set by'],
      checks.map((
        c
      ) => [
        c.target,
        c.figure,
        c.reference,
        shown(c, c.estimate?.value),
        interval(c.estimate, c.unit),
        c.verdict === 'met' ? 'met' : `**${c.verdict}**`,
        c.basis,
        c.source
      ])
    )
}

function apiSection (results: BenchResults): string {
  const api = results.api
  const sizes = api?.latency ?? []
  if (api === undefined || sizes.length === 0) return ''
  const today = api.baseline.commit === undefined ? undefined : `${api.baseline.ref} (${api.baseline.commit})`
  const ratioOf = (estimate: Estimate | undefined) =>
    estimate === undefined ? 'n/a' : `${times(estimate.value)} (${interval(estimate, 'x')})`
  const failures = (series: Series | undefined, name: string) =>
    series === undefined || allSucceeded(series) ? '' : ` **${name} answered ${JSON.stringify(series.statuses)}**`
  const blocks = sizes.map((size) => {
    const rows = size.cases.map((c) => {
      const mock = 'median' in c.mock ? c.mock : undefined
      return [
        c.label,
        `${ms(c.service.median)} / ${ms(c.service.p95)}${failures(c.service, 'the service')}`,
        `${ratioOf(c.vsLoopback)} of ${ms(c.loopback.median)} for ${bytes(c.service.bodyLength)}${
          failures(c.loopback, 'loopback')
        }`,
        c.baseline === undefined
          ? 'n/a'
          : `${ms(c.baseline.median)}: ${ratioOf(c.vsBaseline)}${failures(c.baseline, 'today\'s build')}`,
        mock === undefined
          ? `n/a: ${'unsupported' in c.mock ? c.mock.unsupported : ''}`
          : `${ms(mock.median)} / ${ms(mock.p95)}`,
        mock === undefined ? '' : times(c.vsMock?.value),
        String(c.service.n)
      ]
    })
    const writes = size.writes.map((w) => {
      const mock = 'median' in w.mock ? w.mock : undefined
      return [
        w.label,
        `${w.service.perSecond.toFixed(0)}/s, each ${ms(w.service.median)} / p95 ${ms(w.service.p95)}${
          failures(w.service, 'the service')
        }`,
        w.baseline === undefined
          ? 'n/a'
          : `${w.baseline.perSecond.toFixed(0)}/s: ${ratioOf(w.vsBaseline)}${failures(w.baseline, 'today\'s build')}`,
        mock === undefined
          ? `n/a: ${'unsupported' in w.mock ? w.mock.unsupported : ''}`
          : `${mock.perSecond.toFixed(0)}/s: ${ratioOf(w.vsMock)}`,
        String(w.service.n)
      ]
    })
    const lt = size.longTasks
    return `### ${count(size.size)} pins stored\n\n` +
      `Loopback round trip (no service worker): ${ms(size.loopback.median)} / p95 ${
        ms(size.loopback.p95)
      }; the service worker hop alone ` +
      `(GET /api/v1/, which the handlers answer 404 before reading IndexedDB): ${ms(size.workerHop.median)}, ${
        ratioOf(size.hopVsLoopback)
      } the loopback round trip` +
      `${size.baselineHop === undefined ? '' : ` (today's build: ${ms(size.baselineHop.median)})`}. Seeded ${
        count(size.seed.pins)
      } pins in ${ms(size.seed.ms)} ` +
      `(${(size.seed.ms / size.seed.pins).toFixed(2)} ms per pin, addMany in batches of 5,000${
        size.baselineSeed === undefined
          ? ''
          : `; today's build ${(size.baselineSeed.ms / size.baselineSeed.pins).toFixed(2)} ms per pin`
      }). The mock holds ${count(size.mockPins)} (one per CID). ` +
      `Long tasks: seeding ${lt.seeding.over50ms} (longest ${
        ms(lt.seeding.longestMs)
      }), requests ${lt.requests.over50ms} (longest ${ms(lt.requests.longestMs)}).\n\n` +
      table([
        'request',
        'service median / p95',
        'x a same-size loopback answer (interval)',
        `today's build${today === undefined ? '' : ` ${api.baseline.commit ?? ''}`}: median, x (interval)`,
        'mock median / p95',
        'x mock',
        'n'
      ], rows) +
      '\n\n' +
      table([
        'writes and mixed traffic',
        'service: rate, latency',
        'today\'s build: rate, service x its rate (interval)',
        'mock: rate, service x its rate',
        'n'
      ], writes)
  })
  const mix = sizes.at(-1)?.writes.find((w) => w.mix !== undefined)?.mix
  return `## API latency through the service worker\n\nEach request is a \`fetch\` inside the page, timed until its body is read. ` +
    'The references are timed from pages of their own origins, so no service worker of ours sees them, and in the same rounds as the service: ' +
    'every comparison runs in interleaved rounds (ABBA), and a ratio is the median of the rounds\' ratios, with its interval. ' +
    `The loopback reference answers each request with a body of the same length as the service's answer to it. ${
      today === undefined
        ? `No build of today (${api.baseline.ref}: ${api.baseline.unavailable ?? 'none'}).`
        : `Today's build is ${today}, built and served beside this one on an origin of its own and seeded with the same pins.`
    } ` +
    'Lists send `status=queued,pinning,pinned,failed` where the spec\'s default (pinned only) would match nothing here; ' +
    'every stored pin is queued or pinning, since the engine is kept off the network. ' +
    `Writes: POST one at a time, 32 at a time (waves of 32, each waiting for the last), and mixed traffic: ${MIXED_CLIENTS} clients at once, each sending ${MIXED_REQUESTS} requests a round one after the other` +
    `${
      mix === undefined
        ? ''
        : ` (per round: ${mix.get} GET by id, ${mix.list} indexed lists, ${mix.post} POSTs, ${mix.delete} DELETEs of the same client's new pins)`
    }` +
    `${today === undefined ? '' : ', the same sequence for both builds'}.\n\n` +
    blocks.join('\n\n')
}

function memorySection (results: BenchResults): string {
  const memory = results.api?.memory ?? []
  if (memory.length === 0) return ''
  const rows = memory.map((heap) => [
    count(heap.size),
    `${heap.afterGcMiB.toFixed(1)} MiB (${heap.readings.map((r) => r.toFixed(1)).join(', ')})`,
    heap.listing === undefined ? '' : `${heap.listing.peakMiB.toFixed(1)} MiB`,
    heap.listing === undefined ? '' : `${heap.listing.afterGcMiB.toFixed(1)} MiB`,
    heap.listing === undefined
      ? ''
      : `${count(heap.listing.listed)} pins in ${heap.listing.requests} requests, ${ms(heap.listing.ms)}, ${
        heap.listing.jsonMiB.toFixed(1)
      } MiB of JSON`
  ])
  return '## Memory: the page\'s JS heap\n\nMain thread only (CDP `Runtime.getHeapUsage`; each reading after the same 20 lists of 10 and a forced GC; the peak sampled every 50 ms while a client in the page ' +
    'pages through every pin, 1,000 per request). The engine\'s Worker has a heap of its own, not counted here.\n\n' +
    table(
      ['pins stored', 'heap after GC: median (readings)', 'peak while listing all', 'after listing, GC', 'listing'],
      rows
    )
}

function pinSection (results: BenchResults): string {
  const dags = results.pin ?? []
  if (dags.length === 0) return ''
  const rows = dags.flatMap((dag) =>
    Object.entries(dag.transports).map(([transport, runs]) => {
      const ok = runs.page.filter((t) => t.ok)
      const page = median(ok.map((t) => t.ms))
      const node = median(runs.node.map((t) => t.ms))
      const variant = (name: 'memory-16' | 'memory-1') => {
        const value = median((runs.nodeVariants?.[name] ?? []).map((t) => t.ms))
        return `${ms(value)} (${times(ratio(value, page))})`
      }
      return [
        dag.label,
        transport === 'gateway' ? 'trustless gateway' : 'WebSockets bitswap',
        ok.length === runs.page.length
          ? `${ms(page)} (${mibPerS(dag.dagBytes, page)})`
          : `**${runs.page.length - ok.length} of ${runs.page.length} not pinned**: ${
            JSON.stringify(runs.page.find((t) => !t.ok)?.last)
          }`,
        ms(median(ok.map((t) => t.pinningAtMs ?? Number.NaN).filter((v) => !Number.isNaN(v)))),
        `${ms(node)} (${mibPerS(dag.dagBytes, node)})`,
        times(ratio(node, page)),
        variant('memory-16'),
        variant('memory-1'),
        String(runs.page.length)
      ]
    })
  )
  const floors = dags.map((dag) => {
    const fetch = median(dag.floors.fetch.map((t) => t.ms))
    const fromService = median(dag.floors.fetchControlledWorker.map((t) => t.ms))
    const idb = median(dag.floors.idbWrite.map((t) => t.ms))
    const batched = median((dag.floors.idbBatched ?? []).map((t) => t.ms))
    const car = median((dag.floors.carWrite ?? []).map((t) => t.ms))
    const gatewayPin = median(dag.transports.gateway.page.filter((t) => t.ok).map((t) => t.ms))
    return [
      dag.label,
      `${count(dag.blocks)} / ${(dag.dagBytes / 1024 / 1024).toFixed(1)} MiB`,
      `${ms(fetch)} (${mibPerS(dag.dagBytes, fetch)})`,
      `${ms(fromService)}`,
      `${ms(idb)} (${mibPerS(dag.dagBytes, idb)})`,
      `${ms(batched)} (${mibPerS(dag.dagBytes, batched)})`,
      `${ms(car)} (${mibPerS(dag.dagBytes, car)})`,
      times(ratio(gatewayPin, fetch + batched)),
      times(ratio(gatewayPin, car))
    ]
  })
  const controlled = dags.find((dag) => dag.engineWorkerControlled !== undefined)?.engineWorkerControlled
  return '## Pin throughput\n\nThe page: POST /pins with `origins: [the fixture\'s gateway or WebSockets multiaddr]` (no routing, no other gateway), timed until GET /pins/{id} answers `pinned`, ' +
    'on a fresh browser profile each run. Node Helia: `createHelia` with the same libraries, `helia.pins.add` (dialling first, for WebSockets), in a child process after each page run; ' +
    `its start is not counted. The reference judged is the fair one: blocks on disk (blockstore-fs, in a temporary folder) and Helia's own walker with ${BLOCK_CONCURRENCY} blocks in flight, as the engine has; ` +
    'beside it, an in-memory blockstore with the same concurrency, and Helia\'s default walk (one block at a time, in memory). ' +
    '"Until `pinning`": when GET first showed the engine at work; for WebSockets this includes loading libp2p and restarting the node with it. Throughput ratio = Node time / page time (1.00x = as fast as Node).\n\n' +
    table([
      'DAG',
      'from',
      'page: POST until pinned',
      'of which until `pinning`',
      `Node Helia, disk, ${BLOCK_CONCURRENCY} in flight`,
      'page / Node throughput',
      `Node, memory, ${BLOCK_CONCURRENCY} in flight (page/Node)`,
      'Node, memory, one at a time (page/Node)',
      'runs'
    ], rows) +
    `\n\nFloors in the same browser, ${BLOCK_CONCURRENCY} blocks in flight as the engine does: ` +
    'every block fetched with a plain `fetch` from a page without a service worker and from a Worker of the service\'s page ' +
    `(as the engine fetches${
      controlled === undefined
        ? ''
        : `; the engine's Worker was ${controlled ? '' : 'not '}a client of the service worker in this run`
    }), ` +
    'and the same blocks written to a fresh IndexedDB database (bytes already in memory): one transaction per block, and the way the engine writes ' +
    `(${BLOCK_CONCURRENCY} writers through the engine's own write batcher, so blocks that arrive together share a transaction). The CAR floor asks the bench's CAR gateway for the whole DAG in one request, ` +
    'checks each block\'s SHA-256 against its CID as it arrives and writes it batched; today\'s engine fetches block by block, so this is what fetching CARs could reach. ' +
    'Every floor run is checked to have got every byte of the DAG (the written ones by reading the database back).\n\n' +
    table([
      'DAG',
      'blocks / size',
      'plain fetch',
      'fetch from a Worker of the service page',
      'IndexedDB writes, a transaction per block',
      'IndexedDB writes, batched as the engine',
      'one CAR, checked and written',
      'gateway pin / (fetch + batched writes)',
      'gateway pin / CAR floor'
    ], floors)
}

function startupSection (results: BenchResults): string {
  const runs = results.startup?.runs ?? []
  if (runs.length === 0) return ''
  const rows = (['first', 'warm'] as const).map((visit) => {
    const of = (pick: (r: typeof runs[number]) => number) => runs.map(pick)
    const answers = of((r) => r[visit].firstAnswerMs)
    return [
      visit === 'first' ? 'first visit (fresh profile)' : 'warm (second navigation)',
      `${ms(median(answers))} (${interval(medianInterval(answers), 'ms')})`,
      ms(median(of((r) => r[visit].readyMs))),
      `${kB(median(of((r) => r[visit].jsBeforeAnswer.gzipBytes)))} (${
        kB(median(of((r) => r[visit].jsBeforeAnswer.bytes)))
      } min)`,
      `${kB(median(of((r) => r[visit].jsTotal.gzipBytes)))} (${kB(median(of((r) => r[visit].jsTotal.bytes)))} min)`,
      ms(median(of((r) => r[visit].longestTaskMs))),
      [...new Set(runs.map((r) => String(r[visit].answerStatus)))].join(', ')
    ]
  })
  const first = runs[0]?.first
  const listed = (files: Array<{ path: string, gzipBytes: number }>) =>
    files.map((file) => `${file.path} (${kB(file.gzipBytes)})`).join(', ')
  const before = listed(first?.jsBeforeAnswer.files ?? [])
  const after = listed(
    (first?.jsTotal.files ?? []).filter((file) =>
      !(first?.jsBeforeAnswer.files ?? []).some((loaded) => loaded.path === file.path)
    )
  )
  return `## Start-up\n\nFrom navigation start to the first API answer: a GET /pins made the moment the page announces the service (first visit: no token yet, so the answer is the handlers' 401; ` +
    `warm: a token kept from the first visit, 200). JavaScript before the answer: the scripts the page asked for before the service was ready and had loaded when the answer came ` +
    `(Resource Timing), plus the service worker's scripts on a first visit (the browser fetches them, the page waits for the worker); sizes are the built files, gzip -6. The preview server sends \`Cache-Control: no-cache\`, ` +
    `so a warm visit revalidates each file. ${runs.length} fresh profiles.\n\n` +
    table([
      'visit',
      'first API answer: median (interval)',
      'service ready',
      'JS before the answer: gzip',
      'JS within 3 s: gzip',
      'longest task before the answer',
      'answer status'
    ], rows) +
    `\n\nLoaded before the first answer (first run, first visit): ${before}. Later: ${
      after === '' ? 'nothing' : after
    }.` +
    (results.startup === undefined
      ? ''
      : ` What the first answer cannot do without, the entry chunk's static imports and the service worker's scripts (${
        results.startup.workerScripts.join(', ') || 'none seen'
      }): ${kB(results.startup.needed.gzipBytes)} gzip ` +
        `(${listed(results.startup.needed.files)}). The whole build: ${kB(results.startup.build.gzipBytes)} gzip (${
          kB(results.startup.build.bytes)
        } min).`)
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
    : `\n\nDuring the API series: ${
      api.map((size) =>
        `${count(size.size)} pins: seeding ${size.longTasks.seeding.over50ms} long tasks (longest ${
          ms(size.longTasks.seeding.longestMs)
        }), listing every pin ${size.longTasks.hook.over50ms} (longest ${
          ms(size.longTasks.hook.longestMs)
        }), the request series ${size.longTasks.requests.over50ms} (longest ${ms(size.longTasks.requests.longestMs)})`
      ).join('; ')
    }.`
  return '## Smoothness: the page\'s main thread while pinning\n\nLong Tasks API in the page from before its first script; the window runs from POST to `pinned`, while the page lists pins ' +
    '(GET /pins?limit=100, all statuses) every 250 ms.\n\n' +
    table([
      'pin',
      'until pinned',
      'longest task',
      'tasks over 50 ms',
      'lists meanwhile (median / p95)',
      'the same list before the pin'
    ], rows) + apiLine
}

function gatewaySection (results: BenchResults): string {
  const gateway = results.gateway
  if (gateway === undefined) return ''
  const MiB = 1024 * 1024
  const row = (
    what: string,
    c: { figure: { median: number }, reference: { median: number }, ratio: Estimate },
    reference: string,
    extra = ''
  ) => [
    what,
    ms(c.figure.median),
    `${reference} ${ms(c.reference.median)}`,
    `${times(c.ratio.value)} (${interval(c.ratio, 'x')})`,
    extra
  ]
  const { fullRead, range, car, heap } = gateway
  const rows = [
    ...gateway.firstByte.map((first) =>
      row(
        `first byte, ?format=raw of ${first.label} (${bytes(first.blockBytes)})`,
        first,
        'loopback answer of the same size:'
      )
    ),
    row(
      `${(fullRead.fileBytes / MiB).toFixed(0)} MiB file read in full (${count(fullRead.blocks)} blocks)`,
      fullRead,
      `IndexedDB, ${fullRead.concurrency} in flight:`,
      `${mibPerS(fullRead.fileBytes, fullRead.figure.median)} against ${
        mibPerS(fullRead.blockBytes, fullRead.reference.median)
      }; ratio = floor time / gateway time`
    ),
    row(
      `Range bytes=${range.start}-${range.end - 1} (${range.leaves} leaves)`,
      range,
      `?format=raw of one ${bytes(range.leafBytes)} leaf:`
    ),
    row(
      `CAR of the ${count(car.files)}-file folder (${count(car.blocks)} blocks, ${bytes(car.carBytes)})`,
      car,
      'its blocks one by one (?format=raw):',
      `${mibPerS(car.carBytes, car.figure.median)}; ratio = one-by-one time / CAR time`
    )
  ]
  const heapLine = heap === undefined
    ? ''
    : `\n\nThe service worker's JS heap (DevTools on its target; ${
      heap.checkpoints[0]?.readings.length ?? 0
    } readings after a forced GC at each tenth of the file) while a ${
      (heap.fileBytes / MiB).toFixed(0)
    } MiB file streamed to the page ` +
      `(read in ${ms(heap.readMs)}, ${mibPerS(heap.fileBytes, heap.readMs)}, pausing at each tenth): idle ${
        heap.baselineMiB.toFixed(2)
      } MiB; ` +
      heap.checkpoints.map((point) =>
        `${(point.readBytes / MiB).toFixed(0)} MiB read: ${median(point.readings).toFixed(2)}`
      ).join(', ') +
      ` MiB; the largest reading without GC while bytes flowed ${heap.peakMiB.toFixed(1)} MiB.`
  return '## Gateway: content back out of the node (issue 9)\n\nEvery request is a `fetch` from the service\'s page through its service worker, body read to the end as a stream; ' +
    'the content was imported offline (`window.pinningService.imports`) and its blocks computed in Node with the same importer to check the root and every byte. ' +
    `Imports: ${
      gateway.imports.map((imp) => `${imp.what} ${ms(imp.ms)}`).join(', ')
    }. Each comparison runs in interleaved rounds (ABBA) with its reference.\n\n` +
    table(['read', 'gateway: median', 'reference: median', 'ratio (interval)', 'notes'], rows) + heapLine
}

function scaleSection (results: BenchResults): string {
  const scale = results.scale
  if (scale === undefined) return ''
  const MiB = 1024 * 1024
  const med = (values: number[]) => median(values).toFixed(1)
  const parts = [
    '## Scale: cost as the work grows (issue 12)',
    `Plot: [${scalePlotName(results)}](${scalePlotName(results)}) (the same figures as these tables).`
  ]
  if (scale.series.length > 0) {
    parts.push(
      'Pins stored step by step in one profile (`addMany`, 5,000 a call; the engine kept off the network, so every pin is queued or waiting), and at each size the same warm-up (20 lists of 10) before each of five heap readings ' +
        'after a forced GC: the page\'s main thread (Playwright\'s DevTools session), the engine\'s Worker and the service worker (DevTools on their targets). Then 50 lists of 10 (all statuses) and 50 lists by one CID, one after the other.\n\n' +
        table(
          [
            'pins stored',
            'seeded in',
            'list of 10: median / p95',
            'by CID: median / p95',
            'heap, page (MiB)',
            'heap, engine Worker (MiB)',
            'heap, service worker (MiB)'
          ],
          scale.series.map((
            point
          ) => [
            count(point.size),
            ms(point.seedMs),
            `${ms(point.list.median)} / ${ms(point.list.p95)}`,
            `${ms(point.listCid.median)} / ${ms(point.listCid.p95)}`,
            `${med(point.heap.page)} (${point.heap.page.map((r) => r.toFixed(1)).join(', ')})`,
            `${med(point.heap.engine)} (${point.heap.engine.map((r) => r.toFixed(1)).join(', ')})`,
            `${med(point.heap.serviceWorker)} (${point.heap.serviceWorker.map((r) => r.toFixed(1)).join(', ')})`
          ])
        ) +
        (scale.notSeeded === undefined
          ? ''
          : `\n\n${
            count(scale.notSeeded.size)
          } pins were not seeded: at the rate of the last step it would take about ${
            (scale.notSeeded.projectedS / 60).toFixed(0)
          } minutes, over this run's budget of ${(scale.notSeeded.budgetS / 60).toFixed(0)}.`)
    )
  }
  const records = scale.records
  if (records !== undefined) {
    const time = (pins: Array<{ ok: boolean, ms: number }>) =>
      ms(median(pins.map((pin) => pin.ok ? pin.ms : Number.POSITIVE_INFINITY)))
    parts.push(
      `**With ${count(records.stored)} pin records stored.** One profile holds ${
        count(records.stored)
      } pinned records (stored in ${ms(records.seedMs)}; the engine took ${
        ms(records.pinnedMs)
      } more to mark them pinned: ` +
        `${
          (records.pinnedMs / records.stored).toFixed(2)
        } ms a record, over 1,000 identity CIDs that need no network), another none. In interleaved rounds each pins a fresh ${
          (records.dagBytes / MiB).toFixed(0)
        } MiB DAG from the bench's gateway: ` +
        `${time(records.empty)} with none, ${time(records.full)} with the records (${times(records.ratio.value)}, ${
          interval(records.ratio, 'x')
        }); POST to the first block asked for: ` +
        `${ms(median(records.empty.map((pin) => pin.firstBlockMs)))} and ${
          ms(median(records.full.map((pin) => pin.firstBlockMs)))
        }. ` +
        `Warm start-up (navigation to the first API answer): ${
          ms(median(records.startup.empty.map((v) => v.answerMs)))
        } with no pins, ${ms(median(records.startup.full.map((v) => v.answerMs)))} with ${count(records.stored)} ` +
        `(${times(records.startup.ratio.value)}, ${interval(records.startup.ratio, 'x')}; the service ready at ${
          ms(median(records.startup.empty.map((v) => v.readyMs)))
        } and ${
          ms(median(records.startup.full.map((v) => v.readyMs)))
        }), ${records.startup.empty.length} visits each, interleaved.`
    )
  }
  if (scale.pinSizes.length > 0) {
    parts.push(
      'Pin time by size (POST until `pinned`, the fixture\'s gateway as the pin\'s origin, one profile, fresh content each run):\n\n' +
        table(
          ['DAG', 'blocks', 'POST until pinned (median)', 'throughput', 'runs'],
          scale.pinSizes.map((size) => {
            const value = median(size.runs)
            return [
              `${(size.bytes / MiB).toFixed(0)} MiB`,
              count(size.blocks),
              ms(value),
              mibPerS(size.bytes, value),
              size.runs.map((run) => ms(run)).join(', ')
            ]
          })
        )
    )
  }
  if (scale.concurrent.length > 0) {
    parts.push(
      'Pins at once (distinct 1 MiB files POSTed together, until every one is pinned; the engine fetches `concurrency` = 3 DAGs at a time by default):\n\n' +
        table(
          ['pins', 'all pinned in', 'pins per second', 'throughput'],
          scale.concurrent.map((
            c
          ) => [String(c.pins), ms(c.ms), (c.pins / (c.ms / 1000)).toFixed(1), mibPerS(c.bytes, c.ms)])
        )
    )
  }
  return parts.join('\n\n')
}

/** The plot's file name beside the Markdown (bench/results/<run>-scale.svg). */
export function scalePlotName (results: BenchResults): string {
  return `${results.machine.mode}${results.name === undefined ? '' : `-${results.name}`}-scale.svg`
}

/** The scale curves as an SVG: list latency and heaps by pins stored, pin time by size, and by pins at once. */
export function scalePlot (results: BenchResults): string | undefined {
  const scale = results.scale
  if (scale === undefined) return undefined
  const MiB = 1024 * 1024
  const series = scale.series
  return svgPlot([
    {
      title: 'API list latency by pins stored',
      xLabel: 'pins stored',
      yLabel: 'ms (median)',
      logX: true,
      lines: [
        { label: 'GET /pins?limit=10', color: '#1f77b4', points: series.map((p) => [p.size, p.list.median]) },
        { label: 'GET /pins?cid=…', color: '#ff7f0e', points: series.map((p) => [p.size, p.listCid.median]) }
      ]
    },
    {
      title: 'JS heap after GC by pins stored',
      xLabel: 'pins stored',
      yLabel: 'MiB (median)',
      logX: true,
      lines: [
        { label: 'page', color: '#1f77b4', points: series.map((p) => [p.size, median(p.heap.page)]) },
        { label: 'engine Worker', color: '#2ca02c', points: series.map((p) => [p.size, median(p.heap.engine)]) },
        { label: 'service worker', color: '#d62728', points: series.map((p) => [p.size, median(p.heap.serviceWorker)]) }
      ]
    },
    {
      title: 'Pin time by DAG size',
      xLabel: 'MiB',
      yLabel: 'ms (median)',
      logX: true,
      logY: true,
      lines: [
        {
          label: 'POST until pinned',
          color: '#9467bd',
          points: scale.pinSizes.map((s) => [s.bytes / MiB, median(s.runs)])
        }
      ]
    },
    {
      title: 'Pins POSTed at once (1 MiB each)',
      xLabel: 'pins',
      yLabel: 'ms until all pinned',
      logX: true,
      logY: true,
      lines: [
        { label: 'all pinned', color: '#8c564b', points: scale.concurrent.map((c) => [c.pins, c.ms]) }
      ]
    }
  ])
}
