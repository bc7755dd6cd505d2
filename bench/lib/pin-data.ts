import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'
import { seededRandom as random } from './random.ts'
import type { Pin } from '../../src/index.ts'

const SHA2_256 = 0x12
const RAW = 0x55
const DAG_PB = 0x70

export const APPS = ['photos', 'docs', 'backup', 'music', 'dapp'] as const
const WORDS = ['Report', 'invoice', 'IMG', 'holiday photo', 'Backup', 'notes', 'Song', 'dataset', 'Thesis', 'website']
const EXTENSIONS = ['pdf', 'JPG', 'png', 'tar.gz', 'mp3', 'json', 'car', 'html']
const PEER = '12D3KooWPAQzJxB61eyeDyuXWv2HiNRdomjcaVWQxjkXG6Uthvrh'

/**
 * Pins `from` .. `from + count - 1` of one endless, deterministic sequence, with the variety real use has:
 * raw, dag-pb and CIDv0 CIDs, some CIDs requested twice, most pins named (mixed case, spaces, extensions),
 * most with meta (an app, an owner, sometimes more), a few with origins.
 */
export function makePins (from: number, count: number): Pin[] {
  const pins: Pin[] = []
  for (let i = from; i < from + count; i++) pins.push(makePin(i))
  return pins
}

export function makePin (i: number): Pin {
  const next = random(i * 2654435761 + 1)
  // Every 33rd request pins the CID of an earlier one (the same DAG wanted twice).
  const cid = i > 100 && i % 33 === 0 ? cidOf(i - 1 - Math.floor(next() * 100)) : cidOf(i)
  const pin: Pin = { cid }
  if (next() < 0.85) pin.name = nameOf(i, next)
  if (next() < 0.7) {
    const meta: Record<string, string> = { app: APPS[i % APPS.length] as string, owner: `user-${i % 500}` }
    if (next() < 0.3) meta.env = next() < 0.5 ? 'prod' : 'dev'
    pin.meta = meta
  }
  if (next() < 0.1) pin.origins = [`/ip4/127.0.0.${1 + (i % 200)}/tcp/4001/p2p/${PEER}`]
  return pin
}

/** The CID of request `i`; a pure function of `i`, so query targets can be computed without the data. */
export function cidOf (i: number): string {
  const next = random(i * 40503 + 7)
  const bytes = new Uint8Array(32)
  for (let b = 0; b < bytes.length; b++) bytes[b] = Math.floor(next() * 256)
  const digest = createDigest(SHA2_256, bytes)
  const kind = i % 10
  if (kind === 0) return CID.createV0(digest).toString()
  return CID.create(1, kind < 4 ? DAG_PB : RAW, digest).toString()
}

function nameOf (i: number, next: () => number): string {
  const word = WORDS[Math.floor(next() * WORDS.length)] as string
  const extension = EXTENSIONS[Math.floor(next() * EXTENSIONS.length)] as string
  return `${word}-${i}.${extension}`
}
