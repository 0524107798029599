import type { Readable } from 'node:stream'

/** A fetch ReadableStream pulling from an async iterator (lazily: nothing is read for a HEAD). */
export function streamOf(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<Uint8Array> | undefined
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= source[Symbol.asyncIterator]()
      const { value, done } = await iterator.next()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    async cancel() {
      await iterator?.return?.()
    },
  })
}

/** Chunks held before the stream is paused, and the count at which it resumes. */
const QUEUE_HIGH = 16
const QUEUE_LOW = 4

/**
 * The chunks of a byte stream, each as it was pushed. `for await` over a Readable calls `read()`, which
 * joins everything buffered into one new buffer: a copy of every byte whenever the consumer falls behind,
 * which for an upload is most of the time. Ending the loop early destroys the stream, as `for await` does.
 */
export async function* chunksOf(stream: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = []
  let wake: (() => void) | undefined
  let ended = false
  let failure: Error | undefined
  const notify = () => {
    const resolve = wake
    wake = undefined
    resolve?.()
  }
  const onData = (chunk: Buffer) => {
    queue.push(chunk)
    if (queue.length >= QUEUE_HIGH) stream.pause()
    notify()
  }
  const onEnd = () => {
    ended = true
    notify()
  }
  const onError = (error: Error) => {
    failure ??= error
    notify()
  }
  const onClose = () => {
    if (!stream.readableEnded)
      failure ??= Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })
    notify()
  }
  stream.on('data', onData)
  stream.on('end', onEnd)
  stream.on('error', onError)
  stream.on('close', onClose)
  try {
    for (;;) {
      const chunk = queue.shift()
      if (chunk !== undefined) {
        if (queue.length <= QUEUE_LOW && stream.isPaused()) stream.resume()
        yield chunk
      } else if (ended) return
      else if (failure) throw failure
      else await new Promise<void>((resolve) => (wake = resolve))
    }
  } finally {
    stream.off('data', onData)
    stream.off('end', onEnd)
    stream.off('error', onError)
    stream.off('close', onClose)
    if (!ended) stream.destroy()
  }
}
