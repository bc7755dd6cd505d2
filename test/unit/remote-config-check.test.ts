import { describe, expect, test } from 'vitest'
import { checkRemote, checkRemoteServiceInit } from '../../src/replication/remote-config.ts'
import { draftFor, problemsOf } from '../../src/ui/remote-draft.ts'
import type { RemoteServiceInit } from '../../src/index.ts'

const GOOD: RemoteServiceInit = { label: 'Cluster', endpoint: 'https://pin.example/api', token: 'secret-token' }
const PAGE = 'https://app.example'

describe('checkRemoteServiceInit', () => {
  test('a good init has no problem', () => {
    expect(checkRemoteServiceInit(GOOD, PAGE)).toEqual([])
  })

  test.each<[Partial<RemoteServiceInit>, object]>([
    [{ label: ' ' }, { field: 'label', message: 'give the service a name' }],
    [{ label: 'x'.repeat(65) }, { field: 'label', message: 'at most 64 characters' }],
    [{ endpoint: 'pin.example' }, { field: 'endpoint', message: 'not a URL (e.g. https://pinning.example.com/api)' }],
    [{ endpoint: 'http://pin.example/api' }, {
      field: 'endpoint',
      message: expect.stringMatching(/^this page is served over https/)
    }],
    [{ token: 'two words' }, { field: 'token', message: 'a token has no spaces, line breaks or control characters' }],
    [{ pins: { meta: {} } }, {
      field: 'pins',
      message: 'a meta filter needs at least one key and value (or keep all pins)'
    }],
    [{ keepRemotePins: 'no' as never }, { field: 'keepRemotePins', message: 'true or false' }],
    [{ upload: { kind: 'kubo', url: 'https://kubo.example/rpc?x=1' } }, {
      field: 'upload.url',
      message: 'no query (?) or fragment (#)'
    }],
    [{ upload: { kind: 'kubo', url: 'https://kubo.example', authorization: 'token' } }, {
      field: 'upload.authorization',
      message: expect.stringMatching(/^the whole header value/)
    }]
  ])('%j', (change, problem) => {
    expect(checkRemoteServiceInit({ ...GOOD, ...change }, PAGE)).toEqual([problem])
  })

  test('adding a service words its problems as before: each field, a colon, what is wrong', () => {
    expect(() => checkRemote({ ...GOOD, label: '', token: '' }, PAGE)).toThrow(
      'Invalid remote service: label: give the service a name; token: paste the access token the service gave you'
    )
  })
})

describe('the remote service form\'s words', () => {
  test('each problem under its own field, as a sentence', () => {
    const upload = { uploadKind: 'kubo' as const, uploadUrl: 'nope' }
    const draft = { ...draftFor(), label: 'A', endpoint: 'https://pin.example', ...upload }
    expect(problemsOf(draft, false, PAGE)).toEqual({
      token: 'Paste the access token the service gave you.',
      uploadUrl: 'Not a URL (e.g. https://pinning.example.com/api).'
    })
  })

  test('while editing, a token left empty is kept, not a problem', () => {
    expect(problemsOf({ ...draftFor(), label: 'A', endpoint: 'https://pin.example' }, true, PAGE)).toEqual({})
  })
})
