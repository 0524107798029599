import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fastPush, originalPush, type StreamSearch, StreamSearchClass } from './boundarySearch.ts'

/** Every callback as (match, bytes, safe), bytes copied when emitted (buffers are reused). */
function run(push: typeof fastPush, needle: Buffer, chunks: Buffer[], maxMatches: number) {
  const events: string[] = []
  const search = new StreamSearchClass(needle, (isMatch, data, start, end, safe) => {
    events.push(`${isMatch}|${data ? data.subarray(start, end).toString('latin1') : '-'}|${safe}`)
  }) as StreamSearch & { destroy(): void }
  search.maxMatches = maxMatches
  const returns = chunks.map((c) => push.call(search, c))
  search.destroy()
  return { events, returns }
}

describe('the fast boundary search', () => {
  it('is installed on the streamsearch busboy uses', () => {
    expect(StreamSearchClass.prototype.push).toBe(fastPush)
  })

  it('calls back exactly as streamsearch does, whatever the chunking', () => {
    const alphabet = fc.constantFrom(...'\r\n-ab'.split(''))
    const text = (max: number) => fc.array(alphabet, { maxLength: max }).map((a) => a.join(''))
    fc.assert(
      fc.property(
        text(8).filter((n) => n.length > 0),
        fc.array(text(12), { maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        (needle, pieces, maxMatches) => {
          const chunks = pieces.map((p) => Buffer.from(p, 'latin1'))
          const n = Buffer.from(needle, 'latin1')
          const max = maxMatches === 4 ? Number.POSITIVE_INFINITY : maxMatches
          expect(run(fastPush, n, chunks, max)).toEqual(run(originalPush, n, chunks, max))
        },
      ),
      { numRuns: 5000 },
    )
  })

  it('finds a multipart boundary split across chunks', () => {
    const needle = Buffer.from('\r\n--boundary')
    const body = Buffer.from('part one\r\n--boundary\r\nrest')
    for (let cut = 0; cut <= body.length; cut++) {
      const chunks = [body.subarray(0, cut), body.subarray(cut)]
      expect(run(fastPush, needle, chunks, Number.POSITIVE_INFINITY)).toEqual(
        run(originalPush, needle, chunks, Number.POSITIVE_INFINITY),
      )
    }
  })
})
