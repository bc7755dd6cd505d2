/** A remote pinning service as the library takes it: checked, normalized, and shown without its secrets. */
import { InvalidArgumentError } from '../service/errors.ts'
import type { Problem } from '../problem.ts'
import type { RemoteRecord, RemoteScope, RemoteUpload, UploadKind } from '../store/replication-schema.ts'

export const UPLOAD_KINDS: readonly UploadKind[] = ['ipfs-cluster', 'kubo']
export const MAX_LABEL_LENGTH = 64
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** What a caller gives to add a remote service (`service.remotes.add`). */
export interface RemoteServiceInit {
  /** A name to tell services apart; unique. Pins' `info` shows each service's status as `remote:<label>`. */
  label: string
  /** The Pinning Service API base URL, e.g. `https://api.pinata.cloud/psa` (a trailing `/pins` is dropped). */
  endpoint: string
  /** The access token the service gave; sent as `Authorization: Bearer <token>`. */
  token: string
  /** Which local pins to keep there: `all` (default) or those whose meta has every one of these pairs. */
  pins?: 'all' | { meta: Record<string, string> }
  /** Deleting or replacing a local pin keeps its remote pin (default false: the remote pin is deleted too). */
  keepRemotePins?: boolean
  /**
   * Where the content is uploaded as a CAR before the pin by CID, for content only this browser has: IPFS
   * Cluster's REST API (`POST /add?format=car`) or Kubo's RPC (`POST /api/v0/dag/import`). `null` removes it.
   */
  upload?: { kind: UploadKind, url: string, authorization?: string } | null
}

/** A remote service as `service.remotes.list()` shows it: the token only as a hint. */
export interface RemoteServiceView {
  id: string
  label: string
  endpoint: string
  /** The token's first and last characters, e.g. `eyJh…X1c`; never the token itself. */
  tokenHint: string
  pins: 'all' | { meta: Record<string, string> }
  keepRemotePins: boolean
  upload?: { kind: UploadKind, url: string, authorizationHint?: string }
  created: string
}

type CheckedRemote = Pick<RemoteRecord, 'label' | 'endpoint' | 'token' | 'scope' | 'keepRemotePins'> & {
  upload?: RemoteUpload
}

/** Checks an init (or the changes of an edit, merged onto the current record) and returns the record's fields. */
export function checkRemote (init: RemoteServiceInit, pageOrigin: string | undefined): CheckedRemote {
  const { checked, problems } = examine(init, pageOrigin)
  if (checked === undefined) {
    const said = problems.map(({ field, message }) => `${field}: ${message}`)
    throw new InvalidArgumentError(`Invalid remote service: ${said.join('; ')}`)
  }
  return checked
}

/**
 * What is wrong with an init, each problem by its field (`label`, `upload.url`…), worded to follow it after a
 * colon; empty when all is well.
 */
export function checkRemoteServiceInit (init: RemoteServiceInit, pageOrigin: string | undefined): Problem[] {
  return examine(init, pageOrigin).problems
}

interface Examined {
  checked?: CheckedRemote
  problems: Problem[]
}

function examine (init: RemoteServiceInit, pageOrigin: string | undefined): Examined {
  const problems: Problem[] = []
  const label = typeof init.label === 'string' ? init.label.trim() : ''
  if (label === '') problems.push({ field: 'label', message: 'give the service a name' })
  else if ([...label].length > MAX_LABEL_LENGTH) {
    problems.push({ field: 'label', message: `at most ${MAX_LABEL_LENGTH} characters` })
  }

  const endpoint = checkUrl(init.endpoint, 'endpoint', pageOrigin, problems)?.replace(/\/pins$/, '')
  const token = typeof init.token === 'string' ? init.token.trim() : ''
  if (token === '') problems.push({ field: 'token', message: 'paste the access token the service gave you' })
  else if (!isHeaderSafe(token) || /\s/.test(token)) {
    problems.push({ field: 'token', message: 'a token has no spaces, line breaks or control characters' })
  }

  let scope: RemoteScope = { kind: 'all' }
  if (init.pins !== undefined && init.pins !== 'all') {
    const meta = typeof init.pins === 'object' && init.pins !== null ? init.pins.meta : undefined
    const field = 'pins'
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
      problems.push({ field, message: '"all", or { meta: { key: "value", … } }' })
    } else if (Object.keys(meta).length === 0) {
      problems.push({ field, message: 'a meta filter needs at least one key and value (or keep all pins)' })
    } else if (Object.entries(meta).some(([key, value]) => key === '' || typeof value !== 'string')) {
      problems.push({ field, message: 'meta filter keys must not be empty and values must be text' })
    } else scope = { kind: 'meta', meta: { ...meta } }
  }
  if (init.keepRemotePins !== undefined && typeof init.keepRemotePins !== 'boolean') {
    problems.push({ field: 'keepRemotePins', message: 'true or false' })
  }

  let upload: RemoteUpload | undefined
  if (init.upload !== undefined && init.upload !== null) {
    const { kind, url, authorization } = init.upload
    if (!UPLOAD_KINDS.includes(kind)) {
      problems.push({ field: 'upload.kind', message: `one of ${UPLOAD_KINDS.join(', ')}` })
    }
    const uploadUrl = checkUrl(url, 'upload.url', pageOrigin, problems)
    const auth = typeof authorization === 'string' ? authorization.trim() : undefined
    if (auth !== undefined && auth !== '' && (!isHeaderSafe(auth) || !/^\S+ \S+$/.test(auth))) {
      const message = 'the whole header value, a scheme and a credential, e.g. "Basic dXNlcjpwYXNz" or "Bearer <token>"'
      problems.push({ field: 'upload.authorization', message })
    }
    if (uploadUrl !== undefined) {
      upload = { kind, url: uploadUrl, ...(auth === undefined || auth === '' ? {} : { authorization: auth }) }
    }
  }

  if (problems.length > 0 || endpoint === undefined) return { problems }
  return {
    checked: {
      label,
      endpoint,
      token,
      scope,
      keepRemotePins: init.keepRemotePins ?? false,
      ...(upload === undefined ? {} : { upload })
    },
    problems
  }
}

/**
 * An http(s) URL without query or fragment, trailing slashes dropped. On an https page an http URL is refused
 * unless it is loopback: the browser would block it as mixed content.
 */
function checkUrl (value: unknown, field: string, pageOrigin: string | undefined, problems: Problem[]) {
  const message = urlFault(value, pageOrigin)
  if (message !== undefined) {
    problems.push({ field, message })
    return undefined
  }
  const url = new URL((value as string).trim())
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

function urlFault (value: unknown, pageOrigin: string | undefined): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value.trim())) {
    return 'not a URL (e.g. https://pinning.example.com/api)'
  }
  const url = new URL(value.trim())
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only http:// and https:// URLs'
  if (url.search !== '' || url.hash !== '') return 'no query (?) or fragment (#)'
  if (url.username !== '' || url.password !== '') return 'no user name or password in the URL (use the token)'
  if (url.protocol === 'http:' && pageOrigin?.startsWith('https:') === true && !LOOPBACK.has(url.hostname)) {
    return 'this page is served over https, so the browser blocks plain http:// requests (mixed content); use the ' +
      'service\'s https:// URL'
  }
  return undefined
}

function isHeaderSafe (text: string): boolean {
  // A header value must be visible ASCII (or space / tab): anything else makes fetch throw.
  return /^[\x20-\x7e\t]*$/.test(text)
}

/** `eyJh…X1c`: enough to recognise a secret, never enough to use it. */
export function secretHint (secret: string): string {
  if (secret.length <= 12) return '••••'
  return `${secret.slice(0, 4)}…${secret.slice(-3)}`
}

export function viewOf (record: RemoteRecord): RemoteServiceView {
  const view: RemoteServiceView = {
    id: record.id,
    label: record.label,
    endpoint: record.endpoint,
    tokenHint: secretHint(record.token),
    pins: record.scope.kind === 'all' ? 'all' : { meta: { ...record.scope.meta } },
    keepRemotePins: record.keepRemotePins,
    created: new Date(record.created).toISOString()
  }
  if (record.upload !== undefined) {
    const { kind, url, authorization } = record.upload
    view.upload = {
      kind,
      url,
      ...(authorization === undefined ? {} : { authorizationHint: secretHint(authorization) })
    }
  }
  return view
}

/** The scope as a stable string: a change means the engine considers every local pin again. */
export function scopeKey (scope: RemoteScope): string {
  return scope.kind === 'all' ? 'all' : JSON.stringify(Object.entries(scope.meta).sort(([a], [b]) => a < b ? -1 : 1))
}

/** Whether a local pin's meta puts it in the scope. */
export function inScope (scope: RemoteScope, meta: Record<string, string> | undefined): boolean {
  if (scope.kind === 'all') return true
  return Object.entries(scope.meta).every(([key, value]) => meta?.[key] === value)
}
