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
    // The body is made of the needle, its prefixes, near misses (one byte changed) and random text, so
    // that long needles are found, half found and almost found, then cut into chunks anywhere.
    const bodyAndNeedle = text(12)
      .filter((n) => n.length > 0)
      .chain((needle) =>
        fc.record({
          needle: fc.constant(needle),
          body: fc
            .array(
              fc.oneof(
                text(12),
                fc.constant(needle),
                fc.nat(needle.length).map((n) => needle.slice(0, n)),
                fc
                  .tuple(fc.nat(needle.length - 1), alphabet)
                  .map(([at, c]) => needle.slice(0, at) + c + needle.slice(at + 1)),
              ),
              { maxLength: 8 },
            )
            .map((parts) => parts.join('')),
          cuts: fc.array(fc.nat(), { maxLength: 8 }),
        }),
      )
    fc.assert(
      fc.property(bodyAndNeedle, fc.integer({ min: 1, max: 4 }), ({ needle, body, cuts }, maxMatches) => {
        const at = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b)
        const bounds = [0, ...at, body.length]
        const chunks = bounds.slice(1).map((end, i) => Buffer.from(body.slice(bounds[i], end), 'latin1'))
        const n = Buffer.from(needle, 'latin1')
        const max = maxMatches === 4 ? Number.POSITIVE_INFINITY : maxMatches
        expect(run(fastPush, n, chunks, max)).toEqual(run(originalPush, n, chunks, max))
      }),
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

  it('finds a needle that starts inside an earlier near miss', () => {
    // The needle's first 6 bytes match at 1 and at 2, the whole needle only at 2.
    const needle = Buffer.from('aaaaaaab')
    const chunks = [Buffer.from('xaaaaaaaab-aaaaaaab')]
    const fast = run(fastPush, needle, chunks, Number.POSITIVE_INFINITY)
    expect(fast).toEqual(run(originalPush, needle, chunks, Number.POSITIVE_INFINITY))
    expect(fast.events.filter((e) => e.startsWith('true'))).toHaveLength(2)
  })
})
