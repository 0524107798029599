import { createRequire } from 'node:module'
import busboy from 'busboy'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BoundarySearch, type SearchCallback, useBoundarySearch } from './boundarySearch.ts'

/** streamsearch as busboy loads it, untouched: the reference. */
const StreamSearch = createRequire(createRequire(import.meta.url).resolve('busboy'))('streamsearch') as new (
  needle: Buffer,
  cb: SearchCallback,
) => { maxMatches: number; push(chunk: Buffer): number; destroy(): void }

/**
 * What a search reports, as busboy sees it: the bytes between matches (however they are cut into
 * callbacks) and the matches; bytes copied when reported, since unsafe ones are reused.
 */
function run(kind: 'ours' | 'streamsearch', needle: Buffer, chunks: Buffer[], maxMatches: number): string[] {
  const events: string[] = []
  let pending = ''
  const cb: SearchCallback = (isMatch, data, start, end) => {
    if (data) pending += data.subarray(start, end).toString('latin1')
    if (!isMatch) return
    events.push(pending, '<match>')
    pending = ''
  }
  const search = kind === 'ours' ? new BoundarySearch(needle, cb) : new StreamSearch(needle, cb)
  search.maxMatches = maxMatches
  for (const chunk of chunks) search.push(chunk)
  search.destroy()
  events.push(pending)
  return events
}

const alphabet = fc.constantFrom(...'\r\n-ab'.split(''))
const text = (max: number) => fc.array(alphabet, { maxLength: max }).map((a) => a.join(''))
/**
 * A needle and a body made of it, its prefixes, near misses (one byte changed) and random text, so that
 * needles are found, half found and almost found; then cut into chunks anywhere.
 */
const bodyWith = (needles: fc.Arbitrary<string>) =>
  needles.chain((needle) =>
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
/** Any needle. */
const anyNeedle = text(12).filter((n) => n.length > 0)
/**
 * A needle whose first byte does not come back in it, as a multipart boundary's CR (RFC 2046: no CR or LF
 * in a boundary). Where it does come back, streamsearch can drop the bytes before a match that begins
 * inside the part it held back (see the last test); ours keeps them.
 */
const boundaryLike = fc
  .array(fc.constantFrom(...'\n-ab'.split('')), { maxLength: 11 })
  .map((rest) => `\r${rest.join('')}`)

function cut(body: string, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (body.length + 1)))].sort((a, b) => a - b)
  const bounds = [0, ...at, body.length]
  return bounds.slice(1).map((end, i) => Buffer.from(body.slice(bounds[i], end), 'latin1'))
}

describe('the boundary search', () => {
  it('reports the bytes between the needles and the needles, whatever the needle and the chunking', () => {
    fc.assert(
      fc.property(bodyWith(anyNeedle), ({ needle, body, cuts }) => {
        const expected = body.split(needle).flatMap((piece) => [piece, '<match>'])
        expected.pop()
        // split() finds the needles left to right without overlap, as a stream search does.
        const n = Buffer.from(needle, 'latin1')
        expect(run('ours', n, cut(body, cuts), Number.POSITIVE_INFINITY)).toEqual(expected)
      }),
      { numRuns: 5000 },
    )
  })

  it('reports what streamsearch reports for a boundary-like needle, also with a cap on matches', () => {
    fc.assert(
      fc.property(bodyWith(boundaryLike), fc.integer({ min: 1, max: 4 }), ({ needle, body, cuts }, cap) => {
        const chunks = cut(body, cuts)
        const n = Buffer.from(needle, 'latin1')
        const max = cap === 4 ? Number.POSITIVE_INFINITY : cap
        expect(run('ours', n, chunks, max)).toEqual(run('streamsearch', n, chunks, max))
      }),
      { numRuns: 5000 },
    )
  })

  it('keeps the held-back bytes before a needle that begins inside them (streamsearch drops them)', () => {
    const needle = Buffer.from('a\rab')
    const chunks = [Buffer.from('a\ra'), Buffer.from('\rab')]
    expect(run('ours', needle, chunks, Number.POSITIVE_INFINITY)).toEqual(['a\r', '<match>', ''])
    expect(run('streamsearch', needle, chunks, Number.POSITIVE_INFINITY)).toEqual(['', '<match>', ''])
  })

  it('finds a multipart boundary split across chunks', () => {
    const needle = Buffer.from('\r\n--boundary')
    const body = Buffer.from('part one\r\n--boundary\r\nrest')
    for (let at = 0; at <= body.length; at++) {
      const chunks = [body.subarray(0, at), body.subarray(at)]
      const ours = run('ours', needle, chunks, Number.POSITIVE_INFINITY)
      expect(ours).toEqual(['part one', '<match>', '\r\nrest'])
    }
  })

  it('finds a needle that starts inside an earlier near miss', () => {
    // The needle's first 6 bytes match at 1 and at 2, the whole needle only at 2.
    const needle = Buffer.from('aaaaaaab')
    const ours = run('ours', needle, [Buffer.from('xaaaaaaaab-aaaaaaab')], Number.POSITIVE_INFINITY)
    expect(ours).toEqual(['xa', '<match>', '-', '<match>', ''])
  })
})

/** The parts busboy gives for a body written in `chunks`, with our search or with its own. */
async function parts(chunks: Buffer[], ours: boolean): Promise<string[]> {
  const parser = busboy({ headers: { 'content-type': 'multipart/form-data; boundary=-a' } })
  if (ours) useBoundarySearch(parser)
  const seen: string[] = []
  parser.on('field', (name, value) => seen.push(`field ${name}=${value}`))
  parser.on('file', (name, stream) => {
    const pieces: Buffer[] = []
    stream.on('data', (d: Buffer) => pieces.push(d))
    stream.on('end', () => seen.push(`file ${name}=${Buffer.concat(pieces).toString('latin1')}`))
  })
  const done = new Promise<void>((resolve) => {
    parser.on('close', resolve)
    parser.on('error', (e: Error) => {
      seen.push(`error ${e.message}`)
      resolve()
    })
  })
  for (const chunk of chunks) parser.write(chunk)
  parser.end()
  await done
  return seen
}

describe('useBoundarySearch', () => {
  it('gives busboy the same parts as its own search, whatever the contents and chunking', async () => {
    const content = fc
      .array(fc.constantFrom(...'\r\n-ab'.split('')), { maxLength: 30 })
      .map((a) => a.join(''))
    await fc.assert(
      fc.asyncProperty(content, content, fc.array(fc.nat(), { maxLength: 6 }), async (a, b, cuts) => {
        const body =
          `---a\r\nContent-Disposition: form-data; name="f"\r\n\r\n${a}\r\n` +
          `---a\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n\r\n${b}\r\n---a--\r\n`
        const chunks = cut(body, cuts)
        expect(await parts(chunks, true)).toEqual(await parts(chunks, false))
      }),
      { numRuns: 500 },
    )
  })

  it('changes only the instance it is given: busboy elsewhere in the process keeps streamsearch', () => {
    const headers = { 'content-type': 'multipart/form-data; boundary=x' }
    const mine = useBoundarySearch(busboy({ headers })) as unknown as { _bparser: object }
    const theirs = busboy({ headers }) as unknown as { _bparser: object }
    expect(mine._bparser).toBeInstanceOf(BoundarySearch)
    expect(theirs._bparser).toBeInstanceOf(StreamSearch)
  })
})
