/**
 * A response body pulled from an async iterator, one chunk per read: nothing is read before the client asks, and
 * a client that goes away (the stream cancelled) stops the iterator, and so the block reads behind it.
 */
export function bodyStream (chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull (controller) {
      try {
        const next = await iterator.next()
        if (next.done === true) controller.close()
        else controller.enqueue(next.value)
      } catch (error) {
        controller.error(error)
      }
    },
    async cancel () {
      await iterator.return?.()
    }
  }, { highWaterMark: 0 })
}
