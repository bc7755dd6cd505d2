import 'fake-indexeddb/auto'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { expect, test } from 'vitest'
import { ensurePeerId } from '../../src/identity/ensure-peer-id.ts'
import { loadPeerIdentity } from '../../src/identity/peer-identity.ts'
import { newEd25519Identity } from '../../src/identity/webcrypto-identity.ts'
import { connectServiceDatabase } from '../../src/store/database.ts'

test('an identity made with WebCrypto is one libp2p reads as its own: same peer id, and its signatures verify', async () => {
  const fresh = await newEd25519Identity()
  if (fresh === undefined) throw new Error('this Node has no Ed25519 in WebCrypto')
  const key = privateKeyFromProtobuf(fresh.privateKey)
  expect(key.type).toBe('Ed25519')
  expect(peerIdFromPrivateKey(key).toString()).toBe(fresh.peerId)
  const message = new TextEncoder().encode('delegates')
  expect(await key.publicKey.verify(message, await key.sign(message))).toBe(true)
})

test('the page makes the identity once; later starts, other tabs and the engine all see the same one', async () => {
  const connection = connectServiceDatabase(`identity-${Math.random()}`)
  const [first, racing] = await Promise.all([ensurePeerId(connection), ensurePeerId(connection)])
  expect(racing).toBe(first)
  expect(await ensurePeerId(connection)).toBe(first)
  expect((await loadPeerIdentity(connection)).peerId.toString()).toBe(first)
})

test('a key stored by an earlier version, without its peer id text, keeps its peer id', async () => {
  const connection = connectServiceDatabase(`identity-old-${Math.random()}`)
  const fresh = await newEd25519Identity()
  await (await connection.open()).put('settings', fresh!.privateKey, 'peer-identity')
  expect(await ensurePeerId(connection)).toBe(fresh!.peerId)
})
