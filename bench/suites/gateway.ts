import { startBytesServer } from '../lib/bytes-server.ts'
import { interleave } from '../lib/interleave.ts'
import { medianInterval, pairedRatios } from '../lib/interval.ts'
import { importFromServer, readIdbKeys, readUrls } from '../lib/read-in-page.ts'
import { openServicePage } from '../lib/service-page.ts'
import { median, summarize } from '../lib/stats.ts'
import { BLOCKS_DATABASE, GATEWAY_READ_AHEAD } from '../lib/src-constants.ts'
import { layoutOf } from '../lib/unixfs-layout.ts'
import type { BenchContext } from '../lib/context.ts'
import type { Estimate } from '../lib/interval.ts'
import type { Read } from '../lib/read-in-page.ts'
import type { Summary } from '../lib/stats.ts'
import type { FileSpec } from '../lib/unixfs-layout.ts'

const MiB = 1024 * 1024
/** The IndexedDB floor reads with as many blocks in flight as the gateway reads ahead (GATEWAY_READ_AHEAD). */
const BLOCKS_DB = BLOCKS_DATABASE
/** Requests per round for the first-byte and range comparisons (the round's figure is their median). */
const PER_ROUND = 10
/** Heap readings of the service worker at each checkpoint of the large read (each after a forced GC). */
const HEAP_READINGS = 5
const IMPORT_TIMEOUT_MS = 600_000

/** The per-round figures of two arms compared, and their ratio's interval. */
export interface Compared {
  /** Each round's figure, in ms (the median of the round's requests, or the one read's time). */
  figure: Summary & { rounds: number[] }
  reference: Summary & { rounds: number[] }
  /** figure / reference per round (for throughput targets: reference time / figure time). */
  ratio: Estimate
}

export interface GatewayResult {
  imports: Array<{ what: string, bytes: number, ms: number }>
  /** Time to the first byte of a held raw block (`?format=raw`) against a loopback answer of the same size. */
  firstByte: Array<{ label: string, blockBytes: number } & Compared>
  /** The file read in full through the gateway against reading its blocks straight from IndexedDB. */
  fullRead: { fileBytes: number, blocks: number, blockBytes: number, concurrency: number } & Compared
  /** `Range` of 1 MiB centred on the middle of the file against a raw block read of a 1 MiB leaf. */
  range: { start: number, end: number, leaves: number, leafBytes: number } & Compared
  /** The folder's CAR (whole DAG) against fetching its blocks one by one (`?format=raw`) from the same page. */
  car: { files: number, blocks: number, carBytes: number, blockBytes: number } & Compared
  /** The service worker's JS heap while a large file streams through the gateway. */
  heap?: {
    fileBytes: number
    readMs: number
    checkpoints: Array<{ readBytes: number, readings: number[] }>
    peakMiB: number
    baselineMiB: number
    ratio: Estimate
  }
}

const byRound = (values: number[]) => ({ ...summarize(values), rounds: values })

/** The offline gateway on the page's origin (issue 9): every figure beside a reference taken in the same rounds. */
export async function runGateway (ctx: BenchContext): Promise<GatewayResult> {
  const { config } = ctx
  const bytesServer = await startBytesServer()
  const browser = await ctx.launch()
  try {
    const fileSpec: FileSpec = { path: 'large.bin', size: config.gatewayFileBytes, seed: 901 }
    const folderSpec: FileSpec[] = Array.from(
      { length: config.directoryFiles },
      (_, i) => ({ path: `file-${String(i).padStart(4, '0')}.txt`, size: 1024 + ((i * 977) % 3072), seed: 1000 + i })
    )
    const [file, folder] = [await layoutOf([fileSpec]), await layoutOf(folderSpec)]
    const { page } = await openServicePage(browser.context, ctx.origin)
    const loopPage = await browser.context.newPage()
    await loopPage.goto(`${bytesServer.origin}/`)
    const imports: GatewayResult['imports'] = []
    const imported = async (what: string, specs: FileSpec[], expected?: string) => {
      const result = await importFromServer(page, bytesServer.origin, specs, IMPORT_TIMEOUT_MS)
      if (expected !== undefined && result.cid !== expected) {
        throw new Error(`the page imported ${what} as ${result.cid}, Node's importer made ${expected}`)
      }
      const bytes = specs.reduce((sum, spec) => sum + spec.size, 0)
      imports.push({ what, bytes, ms: result.ms })
      ctx.log(`  imported ${what} in ${(result.ms / 1000).toFixed(1)} s`)
      return result.cid
    }
    await imported(`a ${fileSpec.size / MiB} MiB file`, [fileSpec], file.root)
    await imported(`a folder of ${folderSpec.length} files`, folderSpec, folder.root)

    // Warm the worker and the blockstore's connection up: the first request opens the database.
    await readUrls(page, [`/ipfs/${folder.root}?format=raw`])
    const rounds = config.latencyRounds

    const firstByte: GatewayResult['firstByte'] = []
    const small = folder.blocks.find((block) => block.cid !== folder.root) ?? folder.blocks[0]!
    const leaf = file.leaves[Math.floor(file.leaves.length / 2)]!
    for (const [label, block] of [['a small block', small], ['a 1 MiB leaf', leaf]] as const) {
      const compared = await compareReads(
        rounds,
        {
          figure: async () => readUrls(page, Array.from({ length: PER_ROUND }, () => `/ipfs/${block.cid}?format=raw`)),
          reference: async () =>
            readUrls(loopPage, Array.from({ length: PER_ROUND }, () => `/blob?bytes=${block.bytes}`))
        },
        (read) => read.firstByteMs,
        block.bytes
      )
      firstByte.push({ label, blockBytes: block.bytes, ...compared })
      ctx.log(
        `  first byte of ${label} (${block.bytes} B): ${compared.figure.median.toFixed(2)} ms, loopback ${
          compared.reference.median.toFixed(2)
        } ms: ${compared.ratio.value.toFixed(2)}x`
      )
    }

    const readRounds = config.gatewayReadRounds
    const keys = file.blocks.map((block) => block.key)
    const fullRead = await compareOnce(readRounds, {
      figure: async () => {
        const [read] = await readUrls(page, [`/ipfs/${file.root}`])
        if (read === undefined || read.status !== 200 || read.bytes !== fileSpec.size) {
          throw new Error(`the gateway answered ${read?.status} with ${read?.bytes} of ${fileSpec.size} bytes`)
        }
        return read.ms
      },
      reference: async () => {
        const floor = await readIdbKeys(page, BLOCKS_DB, keys, GATEWAY_READ_AHEAD)
        if (floor.bytes !== file.blockBytes) {
          throw new Error(`the IndexedDB floor read ${floor.bytes} of ${file.blockBytes} bytes`)
        }
        return floor.ms
      }
    }, 'throughput')
    ctx.log(
      `  ${fileSpec.size / MiB} MiB read in full: gateway ${fullRead.figure.median.toFixed(0)} ms, IndexedDB floor ${
        fullRead.reference.median.toFixed(0)
      } ms: ${fullRead.ratio.value.toFixed(2)}x the floor's throughput`
    )

    const start = Math.max(0, Math.floor(fileSpec.size / 2) - MiB / 2)
    const end = Math.min(fileSpec.size, start + MiB)
    const leaves = file.leaves.filter((l) => l.offset < end && l.offset + l.bytes > start).length
    const range = await compareReads(
      rounds,
      {
        figure: async () =>
          readUrls(page, Array.from({ length: PER_ROUND }, () => `/ipfs/${file.root}`), {
            Range: `bytes=${start}-${end - 1}`
          }),
        reference: async () => readUrls(page, Array.from({ length: PER_ROUND }, () => `/ipfs/${leaf.cid}?format=raw`))
      },
      (read) => read.ms,
      undefined,
      (read, which) => {
        const wanted = which === 'figure' ? end - start : leaf.bytes
        if (read.bytes !== wanted || read.status !== (which === 'figure' ? 206 : 200)) {
          throw new Error(
            `${
              which === 'figure' ? 'range' : 'raw block'
            } read answered ${read.status} with ${read.bytes} of ${wanted} bytes`
          )
        }
      }
    )
    ctx.log(
      `  1 MiB range from the middle (${leaves} leaves): ${range.figure.median.toFixed(2)} ms, raw 1 MiB block ${
        range.reference.median.toFixed(2)
      } ms: ${range.ratio.value.toFixed(2)}x`
    )

    const car = await compareOnce(readRounds, {
      figure: async () => {
        const [read] = await readUrls(page, [`/ipfs/${folder.root}?format=car`])
        if (read === undefined || read.bytes !== folder.carBytes) {
          throw new Error(`the folder's CAR had ${read?.bytes} bytes, ${folder.carBytes} expected`)
        }
        return read.ms
      },
      reference: async () => {
        const reads = await readUrls(page, folder.blocks.map((block) => `/ipfs/${block.cid}?format=raw`))
        const bytes = reads.reduce((sum, read) => sum + read.bytes, 0)
        if (bytes !== folder.blockBytes) {
          throw new Error(`one by one, the folder's blocks had ${bytes} of ${folder.blockBytes} bytes`)
        }
        return reads.reduce((sum, read) => sum + read.ms, 0)
      }
    }, 'throughput')
    ctx.log(
      `  CAR of the ${folderSpec.length}-file folder: ${car.figure.median.toFixed(0)} ms for ${
        (folder.carBytes / MiB).toFixed(1)
      } MiB; its ${folder.blocks.length} blocks one by one ${car.reference.median.toFixed(0)} ms`
    )

    const result: GatewayResult = {
      imports,
      firstByte,
      fullRead: {
        fileBytes: fileSpec.size,
        blocks: file.blocks.length,
        blockBytes: file.blockBytes,
        concurrency: GATEWAY_READ_AHEAD,
        ...fullRead
      },
      range: { start, end, leaves, leafBytes: leaf.bytes, ...range },
      car: {
        files: folderSpec.length,
        blocks: folder.blocks.length,
        carBytes: folder.carBytes,
        blockBytes: folder.blockBytes,
        ...car
      }
    }
    result.heap = await heapWhileStreaming(ctx, browser, page, bytesServer.origin, imported)
    return result
  } finally {
    await browser.dispose()
    await bytesServer.close()
  }
}

/** Blocks of `PER_ROUND` requests per arm, interleaved; a round's figure is its requests' median. */
async function compareReads (
  rounds: number,
  arms: { figure: () => Promise<Read[]>, reference: () => Promise<Read[]> },
  pick: (read: Read) => number,
  expectedBytes?: number,
  check?: (read: Read, which: 'figure' | 'reference') => void
): Promise<Compared> {
  const verify = (reads: Read[], which: 'figure' | 'reference') => {
    for (const read of reads) {
      if (check !== undefined) check(read, which)
      else if (read.status !== 200 || (expectedBytes !== undefined && read.bytes !== expectedBytes)) {
        throw new Error(`${which} answered ${read.status} with ${read.bytes} bytes (${expectedBytes} expected)`)
      }
    }
    return median(reads.map(pick))
  }
  await arms.figure()
  await arms.reference()
  const results = await interleave<number>([
    { name: 'figure', run: async () => verify(await arms.figure(), 'figure') },
    { name: 'reference', run: async () => verify(await arms.reference(), 'reference') }
  ], rounds)
  const figure = results.get('figure') ?? []
  const reference = results.get('reference') ?? []
  return {
    figure: byRound(figure),
    reference: byRound(reference),
    ratio: medianInterval(pairedRatios(figure, reference))
  }
}

/**
 * One timed run per arm and round, interleaved. `throughput`: the ratio is the reference's time over the figure's
 * (the figure's rate as a multiple of the reference's).
 */
async function compareOnce (
  rounds: number,
  arms: { figure: () => Promise<number>, reference: () => Promise<number> },
  kind: 'throughput'
): Promise<Compared> {
  await arms.figure()
  await arms.reference()
  const results = await interleave<number>([{ name: 'figure', run: arms.figure }, {
    name: 'reference',
    run: arms.reference
  }], rounds)
  const figure = results.get('figure') ?? []
  const reference = results.get('reference') ?? []
  const ratio = kind === 'throughput' ? pairedRatios(reference, figure) : pairedRatios(figure, reference)
  return { figure: byRound(figure), reference: byRound(reference), ratio: medianInterval(ratio) }
}

/**
 * Streams a large file through the gateway from the page, pausing at every tenth of it to read the service
 * worker's heap (DevTools on its target; each reading after a forced GC), and sampling it without GC while the
 * bytes flow. Flat: the readings near the end against those at the first tenth, pair by pair.
 */
async function heapWhileStreaming (
  ctx: BenchContext,
  browser: Awaited<ReturnType<BenchContext['launch']>>,
  page: import('playwright-core').Page,
  bytesOrigin: string,
  imported: (what: string, specs: FileSpec[]) => Promise<string>
): Promise<NonNullable<GatewayResult['heap']>> {
  const size = ctx.config.gatewayHugeBytes
  const cid = await imported(`a ${size / MiB} MiB file`, [{ path: 'huge.bin', size, seed: 902 }])
  const cdp = await browser.cdp()
  const [worker] = await cdp.targets('service_worker', ctx.origin)
  if (worker === undefined) throw new Error('no service worker target')
  const session = await cdp.attach(worker.targetId)
  const readings = async () => {
    const values: number[] = []
    for (let i = 0; i < HEAP_READINGS; i++) values.push(await cdp.heapAfterGcMiB(session))
    return values
  }
  const baseline = median(await readings())
  await page.evaluate(async (cid) => {
    const response = await fetch(`/ipfs/${cid}`, { cache: 'no-store' })
    ;(window as unknown as { __benchStream: unknown }).__benchStream = {
      reader: (response.body as ReadableStream<Uint8Array>).getReader(),
      read: 0,
      ms: 0
    }
  }, cid)
  const checkpoints: Array<{ readBytes: number, readings: number[] }> = []
  let peak = 0
  // Tenths of the file; the last checkpoint stops 8 MiB before the end, while the response still streams.
  const marks = Array.from({ length: 10 }, (_, i) => i === 9 ? size - 8 * MiB : Math.round(((i + 1) * size) / 10))
  for (const mark of marks) {
    let reading = true
    const sampler = (async () => {
      while (reading) {
        peak = Math.max(peak, await cdp.heapMiB(session))
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    })()
    const readBytes = await page.evaluate(async (until) => {
      const stream = (window as unknown as {
        __benchStream: { reader: ReadableStreamDefaultReader<Uint8Array>, read: number, ms: number }
      }).__benchStream
      const t0 = performance.now()
      while (stream.read < until) {
        const { done, value } = await stream.reader.read()
        if (done) break
        stream.read += value.byteLength
      }
      stream.ms += performance.now() - t0
      return stream.read
    }, mark)
    reading = false
    await sampler
    checkpoints.push({ readBytes, readings: await readings() })
  }
  const { total, readMs } = await page.evaluate(async () => {
    const stream = (window as unknown as {
      __benchStream: { reader: ReadableStreamDefaultReader<Uint8Array>, read: number, ms: number }
    }).__benchStream
    const t0 = performance.now()
    for (;;) {
      const { done, value } = await stream.reader.read()
      if (done) break
      stream.read += value.byteLength
    }
    return { total: stream.read, readMs: stream.ms + performance.now() - t0 }
  })
  if (total !== size) throw new Error(`the ${size / MiB} MiB file streamed ${total} bytes`)
  const first = checkpoints[0]!
  const last = checkpoints.at(-1)!
  const ratio = medianInterval(pairedRatios(last.readings, first.readings))
  ctx.log(
    `  service worker heap while ${size / MiB} MiB streamed: ${median(first.readings).toFixed(2)} MiB at ${
      (first.readBytes / MiB).toFixed(0)
    } MiB read, ${median(last.readings).toFixed(2)} MiB at ${(last.readBytes / MiB).toFixed(0)} MiB (${
      ratio.value.toFixed(2)
    }x); peak without GC ${peak.toFixed(1)} MiB; idle ${baseline.toFixed(2)} MiB`
  )
  return { fileBytes: size, readMs, checkpoints, peakMiB: peak, baselineMiB: baseline, ratio }
}
