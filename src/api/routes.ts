import { parseListQuery } from './parse-list-query.ts'
import { parsePin } from './parse-pin.ts'
import { readJsonBody } from './read-body.ts'
import { accepted, json } from './respond.ts'
import type { PinService } from '../service/pin-service.ts'

export interface RouteContext {
  request: Request
  url: URL
  /** The decoded `{requestid}` path segment, for the routes under /pins/{requestid}. */
  requestid: string
  pins: PinService
  maxBodyBytes: number
}

export type Route = (context: RouteContext) => Promise<Response>

/** One function per operation of the spec. */
export const listPins: Route = async ({ url, pins }) => json(200, await pins.list(parseListQuery(url.searchParams)))

export const addPin: Route = async ({ request, pins, maxBodyBytes }) =>
  json(202, await pins.add(parsePin(await readJsonBody(request, maxBodyBytes))))

export const getPin: Route = async ({ requestid, pins }) => json(200, await pins.get(requestid))

export const replacePin: Route = async ({ request, requestid, pins, maxBodyBytes }) => {
  const pin = parsePin(await readJsonBody(request, maxBodyBytes))
  return json(202, await pins.replace(requestid, pin))
}

export const removePin: Route = async ({ requestid, pins }) => {
  await pins.remove(requestid)
  return accepted()
}
