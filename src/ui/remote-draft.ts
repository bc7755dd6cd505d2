/** The remote service form as text: to and from the library's init, and the library's own checks per field. */
import { checkRemoteServiceInit } from '../index.ts'
import type { MetaRow } from './pin-validation.ts'
import type { RemoteServiceInit, RemoteServiceView } from '../index.ts'

export interface RemoteDraft {
  label: string
  endpoint: string
  /** Empty while editing: the current token stays. */
  token: string
  scope: 'all' | 'meta'
  meta: MetaRow[]
  keepRemotePins: boolean
  uploadKind: '' | 'ipfs-cluster' | 'kubo'
  uploadUrl: string
  /** Empty while editing: the current authorization stays. */
  uploadAuthorization: string
}

export type RemoteField = 'label' | 'endpoint' | 'token' | 'pins' | 'uploadUrl' | 'uploadAuthorization'

export function draftFor (view?: RemoteServiceView): RemoteDraft {
  return {
    label: view?.label ?? '',
    endpoint: view?.endpoint ?? '',
    token: '',
    scope: view === undefined || view.pins === 'all' ? 'all' : 'meta',
    meta: view === undefined || view.pins === 'all'
      ? [{ key: '', value: '' }]
      : Object.entries(view.pins.meta).map(([key, value]) => ({ key, value })),
    keepRemotePins: view?.keepRemotePins ?? false,
    uploadKind: view?.upload?.kind ?? '',
    uploadUrl: view?.upload?.url ?? '',
    uploadAuthorization: ''
  }
}

/** The init to save; while editing, secrets left empty are left out (kept). */
export function initOf (draft: RemoteDraft, editing: boolean): RemoteServiceInit {
  const meta = Object.fromEntries(
    draft.meta.filter((row) => row.key.trim() !== '').map((row) => [row.key.trim(), row.value])
  )
  const init: RemoteServiceInit = {
    label: draft.label,
    endpoint: draft.endpoint,
    token: draft.token,
    pins: draft.scope === 'all' ? 'all' : { meta },
    keepRemotePins: draft.keepRemotePins,
    upload: draft.uploadKind === ''
      ? null
      : {
        kind: draft.uploadKind,
        url: draft.uploadUrl,
        ...(editing && draft.uploadAuthorization.trim() === '' ? {} : { authorization: draft.uploadAuthorization })
      }
  }
  if (editing && draft.token.trim() === '') delete (init as Partial<RemoteServiceInit>).token
  return init
}

/** The library's checks, sorted by field, as the person types. */
export function problemsOf (
  draft: RemoteDraft,
  editing: boolean,
  pageOrigin: string
): Partial<Record<RemoteField, string>> {
  const init = initOf(draft, editing)
  // A kept secret is valid; the check needs some token to look at the rest.
  const checked = checkRemoteServiceInit({ ...init, token: init.token ?? 'kept-token' }, pageOrigin)
  const problems: Partial<Record<RemoteField, string>> = {}
  for (const { field, message } of checked) {
    const formField = FORM_FIELDS.get(field)
    if (formField !== undefined) problems[formField] = capitalize(message)
  }
  return problems
}

/** The library's fields, as the form names them. */
const FORM_FIELDS = new Map<string, RemoteField>([
  ['label', 'label'],
  ['endpoint', 'endpoint'],
  ['token', 'token'],
  ['pins', 'pins'],
  ['upload.url', 'uploadUrl'],
  ['upload.authorization', 'uploadAuthorization']
])

function capitalize (text: string): string {
  return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}.`
}
