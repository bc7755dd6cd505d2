import * as dagPb from '@ipld/dag-pb'
import { MemoryBlockstore } from 'blockstore-core'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { expect, test } from 'vitest'
import { runPinJob } from '../../src/engine/pin-job.ts'
import { createSourceReport } from '../../src/engine/source-report.ts'
import type { EngineNode } from '../../src/engine/engine-node.ts'

async function put (store: MemoryBlockstore, code: number, bytes: Uint8Array): Promise<CID> {
  const cid = CID.createV1(code, await sha256.digest(bytes))
  await store.put(cid, bytes)
  return cid
}

test('an attempt that stops receiving blocks is started afresh, and the pin completes', async () => {
  const source = new MemoryBlockstore()
  const leaves = await Promise.all([1, 2, 3, 4].map(async (n) => put(source, raw.code, new Uint8Array(100).fill(n))))
  const root = await put(
    source,
    dagPb.code,
    dagPb.encode(dagPb.prepare({ Links: leaves.map((Hash, i) => ({ Hash, Name: `${i}`, Tsize: 100 })) }))
  )
  const lost = leaves[2]!

  let sessions = 0
  const pinned: CID[][] = []
  const details: string[] = []
  const node = {
    helia: {
      getCodec: async (code: number) => (code === raw.code ? raw : dagPb),
      blockstore: {
        createSession: () => {
          const attempt = ++sessions
          return {
            close: () => {},
            async *get (cid: CID, options?: { signal?: AbortSignal }) {
              // The first attempt's answer for one block is lost: it waits until the attempt is given up.
              if (attempt === 1 && cid.equals(lost)) {
                await new Promise((_resolve, reject) =>
                  options?.signal?.addEventListener('abort', () => {
                    reject(options.signal?.reason)
                  })
                )
              }
              yield* source.get(cid)
            }
          }
        }
      }
    },
    ledger: {
      pin: async (_root: CID, blocks: CID[]) => {
        pinned.push(blocks)
      }
    }
  } as unknown as EngineNode

  const held = await runPinJob(node, {
    cid: root,
    origins: [],
    signal: new AbortController().signal,
    deadlineMs: 20_000,
    stallMs: 200,
    // A source to look in (the fake session stands for it): with nowhere to look at all, the job would wait instead.
    report: createSourceReport({
      gateways: ['https://gateway.test'],
      routers: [],
      origins: [],
      allowInsecure: false,
      libp2p: 'never'
    }),
    onProgress: (info) => {
      if (info.status_details !== undefined) details.push(info.status_details)
    }
  })
  expect(sessions).toBe(2)
  expect(held.blocks).toBe(5)
  expect(pinned).toHaveLength(1)
  expect(pinned[0]!.map(String).sort()).toEqual([root, ...leaves].map(String).sort())
  // Between the attempts it said what it waited for, and for how long.
  expect(details.some((text) => /Trying again in \d+ s\.$/.test(text))).toBe(true)
})

test('with nowhere to look, the job asks once and then waits for its deadline instead of asking again and again', async () => {
  const missing = CID.createV1(raw.code, await sha256.digest(new Uint8Array([9])))
  let sessions = 0
  const node = {
    helia: {
      getCodec: async () => raw,
      blockstore: {
        createSession: () => {
          sessions++
          return {
            close: () => {},
            async *get (_cid: CID, options?: { signal?: AbortSignal }) {
              await new Promise((_resolve, reject) =>
                options?.signal?.addEventListener('abort', () => {
                  reject(options.signal?.reason)
                })
              )
            }
          }
        }
      }
    },
    ledger: { pin: async () => {} }
  } as unknown as EngineNode
  const details: string[] = []
  const started = Date.now()
  await expect(runPinJob(node, {
    cid: missing,
    origins: [],
    signal: new AbortController().signal,
    deadlineMs: 2500,
    report: createSourceReport({ gateways: [], routers: [], origins: [], allowInsecure: false, libp2p: 'never' }),
    onProgress: (info) => {
      if (info.status_details !== undefined) details.push(info.status_details)
    }
  })).rejects.toMatchObject({ name: 'PinTimeoutError' })
  expect(Date.now() - started).toBeGreaterThanOrEqual(2400)
  expect(sessions).toBe(1)
  expect(details.at(-1)).toMatch(
    /^Nowhere to look: Settings list no gateways or routers, and the pin names no origins\.$/
  )
})
