/**
 * Uploads a DAG as a CAR to the API beside a pinning service that accepts content, so that content only this
 * browser has reaches the service before it is asked to pin it by CID. Wire formats, from the projects' sources:
 * - IPFS Cluster REST API: `POST <url>/add?format=car&stream-channels=false`, multipart/form-data with the CAR as
 *   a file part (one root only); 200 with a JSON array of AddedOutput `{name, cid, bytes, size, allocations}`, or
 *   an error `{code, message}`. Cluster pins what it adds.
 * - Kubo RPC: `POST <url>/api/v0/dag/import?pin-roots=false&stats=true`, multipart/form-data with the CAR as the
 *   `file` part; 200 with NDJSON lines `{"Root":{"Cid":{"/":…},"PinErrorMsg":…}}` (absent with pin-roots=false on
 *   some versions) and `{"Stats":{"BlockCount":…,"BlockBytesCount":…}}`, or an error `{"Message","Code","Type"}`.
 *   The roots are not pinned by Kubo itself: the pinning service that uses this node pins them by CID next, and
 *   deleting that pin then frees them.
 */
import { CID } from 'multiformats/cid'
import { RemoteRefusedError, RemoteUnauthorizedError, RemoteUnavailableError } from './errors.ts'
import { bodyText, remoteFetch, retryAfterOf } from './remote-fetch.ts'
import type { Fetch } from './remote-fetch.ts'
import type { RemoteUpload } from '../store/replication-schema.ts'

export interface UploadOptions {
  timeoutMs: number
  signal: AbortSignal
  /** The pin's name, given to IPFS Cluster as its pin name. */
  name?: string
}

/** What the upload API reported, for the replica's note. */
export interface UploadReport {
  blocks?: number
  bytes: number
}

export async function uploadCar (
  { fetch }: { fetch: Fetch },
  upload: RemoteUpload,
  car: Blob,
  root: CID,
  options: UploadOptions
): Promise<UploadReport> {
  const form = new FormData()
  form.append('file', car, `${root}.car`)
  const headers: Record<string, string> = upload.authorization === undefined
    ? {}
    : { Authorization: upload.authorization }
  const query = upload.kind === 'ipfs-cluster'
    ? new URLSearchParams({
      format: 'car',
      'stream-channels': 'false',
      ...(options.name === undefined ? {} : { name: options.name })
    })
    : new URLSearchParams({ 'pin-roots': 'false', stats: 'true' })
  const path = upload.kind === 'ipfs-cluster' ? '/add' : '/api/v0/dag/import'
  const response = await remoteFetch(
    fetch,
    `${upload.url}${path}?${query}`,
    { method: 'POST', headers, body: form },
    options
  )
  const host = new URL(upload.url).host
  const text = await bodyText(response, 1_000_000)
  if (!response.ok) throw failureOf(response, text, host, path)
  if (upload.kind === 'ipfs-cluster') return { bytes: checkClusterAnswer(text, root, host) }
  return checkKuboAnswer(text, root, host, car.size)
}

function failureOf (response: Response, text: string, host: string, path: string): Error {
  const said = messageIn(text)
  const what = `${host} refused the upload to ${path} (${response.status}${said === '' ? '' : `: ${said}`})`
  // Kubo denies a missing or wrong Authorization with 403; Cluster with 401.
  if (response.status === 401 || response.status === 403) {
    return new RemoteUnauthorizedError(`${what}: check the upload API's authorization`)
  }
  if (response.status === 429 || response.status === 502 || response.status === 503 || response.status === 504) {
    return new RemoteUnavailableError(what, response.status === 429 ? 'busy' : 'server', retryAfterOf(response))
  }
  return new RemoteRefusedError(what, response.status)
}

/** Cluster's `{code, message}`, Kubo's `{Message}`, or the text itself. */
function messageIn (text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown, Message?: unknown }
    const message = body.message ?? body.Message
    if (typeof message === 'string') return message
  } catch {
    // plain text
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}

function sameCid (text: unknown, root: CID): boolean {
  try {
    return typeof text === 'string' && CID.parse(text).toV1().equals(root.toV1())
  } catch {
    return false
  }
}

function checkClusterAnswer (text: string, root: CID, host: string): number {
  let added: unknown
  try {
    added = JSON.parse(text)
  } catch {
    throw new RemoteUnavailableError(`${host} answered the upload with something that is not JSON`, 'protocol')
  }
  const entries = Array.isArray(added) ? added as Array<{ cid?: unknown, bytes?: unknown }> : []
  const entry = entries.find((item) => sameCid(item.cid, root))
  if (entry === undefined) {
    throw new RemoteRefusedError(`${host} took the upload but did not report ${root} as added`, 200)
  }
  return typeof entry.bytes === 'number' ? entry.bytes : 0
}

function checkKuboAnswer (text: string, root: CID, host: string, carBytes: number): UploadReport {
  const report: UploadReport = { bytes: carBytes }
  for (const line of text.split('\n').filter((item) => item.trim() !== '')) {
    let item: {
      Root?: { Cid?: { '/'?: unknown }, PinErrorMsg?: unknown }
      Stats?: { BlockCount?: unknown, BlockBytesCount?: unknown }
      Message?: unknown
    }
    try {
      item = JSON.parse(line) as typeof item
    } catch {
      throw new RemoteUnavailableError(`${host} answered the upload with something that is not NDJSON`, 'protocol')
    }
    if (typeof item.Message === 'string') {
      throw new RemoteRefusedError(`${host} failed the import: ${item.Message}`, 200)
    }
    if (item.Root !== undefined && !sameCid(item.Root.Cid?.['/'], root)) {
      throw new RemoteRefusedError(`${host} imported a CAR whose root is not ${root}`, 200)
    }
    if (typeof item.Root?.PinErrorMsg === 'string' && item.Root.PinErrorMsg !== '') {
      throw new RemoteRefusedError(`${host}: ${item.Root.PinErrorMsg}`, 200)
    }
    if (typeof item.Stats?.BlockCount === 'number') report.blocks = item.Stats.BlockCount
    if (typeof item.Stats?.BlockBytesCount === 'number') report.bytes = item.Stats.BlockBytesCount
  }
  return report
}
