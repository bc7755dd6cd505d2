/** The settings form as text: to and from the engine configuration, and the engine's own checks per field. */
import { MIN_PIN_TIMEOUT_MS, checkEngineConfig } from '../index.ts'
import type { EngineConfig, Problem } from '../index.ts'

/** The form's text, as typed. */
export interface Draft {
  gateways: string
  routers: string
  concurrency: string
  deadlineSeconds: string
  libp2p: EngineConfig['libp2p']
  allowInsecure: boolean
}

export type Field = 'gateways' | 'routers' | 'concurrency' | 'pinTimeoutMs'

export function draftOf (config: EngineConfig): Draft {
  return {
    gateways: config.gateways.join('\n'),
    routers: config.routers.join('\n'),
    concurrency: String(config.concurrency),
    deadlineSeconds: String(config.pinTimeoutMs / 1000),
    libp2p: config.libp2p,
    allowInsecure: config.allowInsecure
  }
}

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter((line) => line !== '')
const numberOf = (text: string) => text.trim() === '' ? Number.NaN : Number(text)

export function configOf (draft: Draft): Partial<EngineConfig> {
  return {
    gateways: lines(draft.gateways),
    routers: lines(draft.routers),
    concurrency: numberOf(draft.concurrency),
    pinTimeoutMs: numberOf(draft.deadlineSeconds) * 1000,
    libp2p: draft.libp2p,
    allowInsecure: draft.allowInsecure
  }
}

/** The engine's own checks, sorted by field, as the person types. */
export function problemsOf (draft: Draft): Partial<Record<Field, string>> {
  const problems: Partial<Record<Field, string>> = {}
  for (const problem of checkEngineConfig(configOf(draft))) {
    const field = FIELDS.find((name) => name === problem.field)
    if (field === undefined) continue
    const said = problems[field] === undefined ? '' : `${problems[field]}; `
    problems[field] = `${said}${textOf(problem)}`
  }
  return problems
}

const FIELDS: readonly Field[] = ['gateways', 'routers', 'concurrency', 'pinTimeoutMs']

/** The form's words: a bad URL is quoted under its own list; the deadline is typed in seconds. */
function textOf ({ field, index, message }: Problem): string {
  if (field === 'pinTimeoutMs') return `The deadline must be at least ${MIN_PIN_TIMEOUT_MS / 1000} second.`
  return index === undefined ? `${field} ${message}` : message
}
