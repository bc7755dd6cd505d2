import { describe, expect, test } from 'vitest'
import { DEFAULT_ENGINE_CONFIG, checkEngineConfig, settingProblemText } from '../../src/settings/engine-config.ts'
import { draftOf, problemsOf } from '../../src/ui/settings-draft.ts'
import type { EngineConfig } from '../../src/index.ts'

describe('checkEngineConfig', () => {
  test('the defaults and an empty change have no problem', () => {
    expect(checkEngineConfig(DEFAULT_ENGINE_CONFIG)).toEqual([])
    expect(checkEngineConfig({})).toEqual([])
  })

  test.each<[Partial<EngineConfig>, object]>([
    [{ gateways: 'https://a.example' as never }, { field: 'gateways', message: 'must be a list of URLs' }],
    [{ routers: ['https://a.example', 'ftp://b.example'] }, {
      field: 'routers',
      index: 1,
      message: '"ftp://b.example" is not an http(s) URL'
    }],
    [{ concurrency: 33 }, { field: 'concurrency', message: 'must be a whole number from 1 to 32' }],
    [{ pinTimeoutMs: 999 }, { field: 'pinTimeoutMs', message: 'must be at least 1000' }],
    [{ libp2p: 'sometimes' as never }, { field: 'libp2p', message: 'must be auto, always or never' }],
    [{ allowInsecure: 'yes' as never }, { field: 'allowInsecure', message: 'must be true or false' }]
  ])('%j', (config, problem) => {
    expect(checkEngineConfig(config)).toEqual([problem])
  })

  test('settings.update words a problem as before: a setting, then what is wrong', () => {
    const words = checkEngineConfig({ gateways: ['nope'], concurrency: 0 }).map(settingProblemText)
    expect(words).toEqual(['gateways: "nope" is not an http(s) URL', 'concurrency must be a whole number from 1 to 32'])
  })
})

describe('the settings form\'s words', () => {
  test('each bad URL is quoted under its list; the deadline is spoken of in seconds', () => {
    const gateways = 'ftp://a.example\n\nhttps://b.example\nnope'
    const draft = { ...draftOf(DEFAULT_ENGINE_CONFIG), gateways, deadlineSeconds: '0.5' }
    expect(problemsOf(draft)).toEqual({
      gateways: '"ftp://a.example" is not an http(s) URL; "nope" is not an http(s) URL',
      pinTimeoutMs: 'The deadline must be at least 1 second.'
    })
    expect(problemsOf({ ...draftOf(DEFAULT_ENGINE_CONFIG), concurrency: '0' }))
      .toEqual({ concurrency: 'concurrency must be a whole number from 1 to 32' })
  })
})
