/** A Blob (a File) as a stream of chunks, counting what was read and stopping when `signal` aborts. */
export async function* blobChunks (
  blob: Blob,
  onRead: (bytes: number) => void,
  signal?: AbortSignal
): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader()
  try {
    while (true) {
      signal?.throwIfAborted()
      const { done, value } = await reader.read()
      if (done) return
      onRead(value.byteLength)
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}
