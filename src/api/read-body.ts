import { BadRequestError, PayloadTooLargeError } from './errors.ts'

/** Reads a JSON request body, refusing bodies over `maxBytes` before and while reading them. */
export async function readJsonBody (request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > maxBytes) throw new PayloadTooLargeError(maxBytes)
  const bytes = await readAtMost(request, maxBytes)
  if (bytes.length === 0) {
    throw new BadRequestError('The request body is empty; send a JSON Pin object such as {"cid":"bafy…"}')
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new BadRequestError('The request body is not valid UTF-8')
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new BadRequestError(`The request body is not valid JSON: ${(error as Error).message}`)
  }
}

async function readAtMost (request: Request, maxBytes: number): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array()
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.length
    if (size > maxBytes) {
      // Not awaited: a body that was teed (msw keeps a clone of each request) settles its cancel only once
      // every branch is cancelled, which may be never.
      reader.cancel().catch(() => {})
      throw new PayloadTooLargeError(maxBytes)
    }
    chunks.push(next.value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.length
  }
  return bytes
}
