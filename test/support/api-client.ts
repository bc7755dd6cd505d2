/** What the API contract needs of a running service: raw HTTP exchanges and token management. */
export interface ApiClient {
  basePath: string
  fetch(path: string, init?: { method?: string, headers?: Record<string, string>, body?: string }): Promise<RawResponse>
  createToken(label: string): Promise<{ token: string, id: string }>
  revokeToken(id: string): Promise<boolean>
}

export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** Parses a JSON response body, failing loudly when it is not JSON. */
export function jsonOf<T = any> (response: RawResponse): T {
  try {
    return JSON.parse(response.body) as T
  } catch {
    throw new Error(`expected a JSON body, got ${response.status} ${JSON.stringify(response.body.slice(0, 200))}`)
  }
}
