import { PassThrough, Readable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { chunksOf } from './streams.ts'

describe('chunksOf', () => {
  test('yields every chunk as it was pushed, never joined, even when the consumer falls behind', async () => {
    const pushed = Array.from({ length: 40 }, (_, i) => Buffer.alloc(1000, i))
    const stream = Readable.from(pushed, { objectMode: false })
    const seen: Buffer[] = []
    for await (const chunk of chunksOf(stream)) {
      seen.push(chunk)
      await new Promise((r) => setTimeout(r, 1))
    }
    expect(seen).toHaveLength(pushed.length)
    for (const [i, chunk] of seen.entries()) expect(chunk).toBe(pushed[i])
  })

  test('pauses the stream while many chunks wait, and resumes it as they are taken', async () => {
    const stream = new PassThrough()
    for (let i = 0; i < 30; i++) stream.write(Buffer.alloc(10, i))
    const iterator = chunksOf(stream)[Symbol.asyncIterator]()
    await iterator.next()
    await new Promise((r) => setImmediate(r))
    expect(stream.isPaused()).toBe(true)
    for (let i = 0; i < 26; i++) await iterator.next()
    expect(stream.isPaused()).toBe(false)
    stream.end()
    let rest = 0
    while (!(await iterator.next()).done) rest++
    expect(rest).toBe(3)
  })

  test('rethrows a stream error and a close before the end, after the chunks that came first', async () => {
    const failing = new PassThrough()
    failing.write(Buffer.from('a'))
    setTimeout(() => failing.destroy(new Error('connection reset')), 5)
    const got: string[] = []
    await expect(
      (async () => {
        for await (const chunk of chunksOf(failing)) got.push(chunk.toString())
      })(),
    ).rejects.toThrow('connection reset')
    expect(got).toEqual(['a'])

    const closed = new PassThrough()
    setTimeout(() => closed.destroy(), 5)
    await expect(
      (async () => {
        for await (const _ of chunksOf(closed)) void _
      })(),
    ).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' })
  })

  test('leaving the loop early destroys the stream, as for await does', async () => {
    const stream = new PassThrough()
    stream.write(Buffer.from('x'))
    for await (const _ of chunksOf(stream)) break
    expect(stream.destroyed).toBe(true)
  })
})
