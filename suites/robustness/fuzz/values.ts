/**
 * Hostile values as fast-check arbitraries: path traversal, names over 255 bytes, invalid UTF-8, huge
 * strings, wrong types, bad Content-Range. A value is a string, or raw bytes (invalid UTF-8 cannot be a JS
 * string); encoders percent-encode bytes in URLs and forms and send them raw in multipart.
 */
import fc from 'fast-check'

export type Value = string | Uint8Array

const bytes = (...b: number[]) => Uint8Array.from(b)
const concat = (...parts: Value[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))))

/** Traversal and path-confusion strings (`..`, `//`, NUL, backslashes, drive letters, encoded dots). */
export const traversal: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom(
    '..',
    '../',
    '/..',
    '/../..',
    '/../../../../etc/passwd',
    '../../../../etc/passwd',
    '/a/../../../b',
    '//',
    '///',
    '/a//b',
    '//etc/passwd',
    '\\',
    '\\..\\..\\windows\\win.ini',
    '/..\\..\\x',
    'C:\\Windows\\system32',
    '/\u0000',
    '/a\u0000b',
    '\u0000',
    '/./././',
    '/%2e%2e/%2e%2e/',
    '/..%2f..%2f',
    '/.',
    '/ ',
    '/a/\r\nX-Injected: 1',
    `/${'../'.repeat(64)}etc/passwd`,
  ),
  fc
    .array(fc.constantFrom('..', '.', '', 'a', '\\', '\u0000', '%00', '..\\'), { minLength: 1, maxLength: 8 })
    .map((segments) => `/${segments.join('/')}`),
)

/** Names longer than NAME_MAX (255 bytes): ASCII, 3-byte CJK and 4-byte emoji, so byte and char counts differ. */
export const longName: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 256, max: 4096 }).map((n) => 'a'.repeat(n)),
  fc.integer({ min: 86, max: 400 }).map((n) => '日'.repeat(n)),
  fc.integer({ min: 64, max: 200 }).map((n) => '😀'.repeat(n)),
  fc.integer({ min: 252, max: 300 }).map((n) => `${'n'.repeat(n)}.txt`),
)

/** Byte sequences that are not UTF-8 (lone continuation, overlong `/`, surrogates, truncated, 0xFF). */
export const invalidUtf8: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.constantFrom('', 'name', '/', 'a.txt'),
    fc.constantFrom(
      bytes(0xff),
      bytes(0xfe, 0xff),
      bytes(0x80),
      bytes(0xc3, 0x28),
      bytes(0xc0, 0xaf),
      bytes(0xe0, 0x80, 0xaf),
      bytes(0xed, 0xa0, 0x80),
      bytes(0xf8, 0x88, 0x80, 0x80, 0x80),
      bytes(0xe2, 0x82),
      bytes(0xf4, 0x90, 0x80, 0x80),
    ),
    fc.constantFrom('', '.txt', 'x'),
  )
  .map(([before, bad, after]) => concat(before, bad, after))

/** A huge string (10 KiB to `max` characters). */
export const huge = (max: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min: 10_000, max }), fc.constantFrom('x', '/', 'é', '%', '0'))
    .map(([n, c]) => c.repeat(n))

/** A value of the wrong type for a schema (integer, boolean, enum, pattern, date-time, array, JSON). */
export function wrongType(schema: Record<string, unknown>): fc.Arbitrary<Value> {
  const type = Array.isArray(schema.type) ? schema.type : [schema.type]
  const numbers = fc.constantFrom(
    'abc',
    '-1',
    '1.5',
    '1e309',
    '99999999999999999999999999',
    '-99999999999999999999',
    '0x10',
    'NaN',
    'Infinity',
    ' 1',
    '1,2',
    '',
  )
  const choices: fc.Arbitrary<Value>[] = []
  if (type.includes('integer') || type.includes('number')) choices.push(numbers)
  if (type.includes('boolean')) choices.push(fc.constantFrom('maybe', '2', '', 'TRUE!', '[]'))
  if (Array.isArray(schema.enum))
    choices.push(
      fc
        .oneof(fc.string({ maxLength: 12 }), fc.constantFrom('null', 'undefined', '*', '%', '0,1'))
        .filter((s) => !(schema.enum as unknown[]).map(String).includes(s)),
    )
  if (typeof schema.pattern === 'string')
    choices.push(fc.constantFrom('zz', 'ABCDEF', '0', '-'.repeat(36), 'g'.repeat(40), '%00', '*'))
  if (schema.format === 'date-time')
    choices.push(fc.constantFrom('yesterday', '2026-13-45T99:99:99Z', '-1', ''))
  if (type.includes('array') || schema.format === 'binary' || /json/i.test(String(schema.description ?? '')))
    choices.push(fc.constantFrom('[', '{"a":1}', '[1,2', 'null', '[null]', '["' + 'f'.repeat(39) + '"]'))
  if (choices.length === 0) choices.push(fc.constantFrom('[]', '{}', 'null', '\u0000', '%'))
  return fc.oneof(...choices)
}

/** Content-Range values the file server must survive: reversed, past the end, signed, `=`, overflowing. */
export const badContentRange: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'bytes 10-5/100',
    'bytes=0-9/10',
    'bytes 0-9/5',
    'bytes 0-9/0',
    'bytes -1-3/4',
    'bytes 5-/10',
    'bytes */10',
    'bytes 0-99999999999999999999999/99999999999999999999999',
    'bytes 0-9007199254740993/9007199254740994',
    'bytes 0-4/abc',
    'bytes',
    'garbage',
    '',
    'bytes 0-1/2, bytes 2-3/4',
    'items 0-9/10',
  ),
  fc
    .tuple(
      fc.integer({ min: -5, max: 50 }),
      fc.integer({ min: -5, max: 50 }),
      fc.integer({ min: -5, max: 50 }),
    )
    .filter(([a, b, t]) => !(a >= 0 && a <= b && b < t))
    .map(([a, b, t]) => `bytes ${a}-${b}/${t}`),
)

/** Garbage for request headers the spec documents (Range, If-Modified-Since, Content-Disposition, OTP). */
export const badHeader: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'bytes=',
    'bytes=-',
    'bytes=5-1',
    'bytes=0-1,2-3,4-5',
    'bytes=99999999999999999999-',
    'attachment; filename=',
    'attachment; filename="%ff%fe"',
    "attachment; filename*=utf-8''%ZZ",
    'inline; filename="../../etc/passwd"',
    'not a date',
    '',
    ';;;;',
  ),
  fc.integer({ min: 1000, max: 8000 }).map((n) => 'h'.repeat(n)),
)

/** Path segments that are not ids: non-UUIDs, encoded slashes and NUL, overlong, negative numbers. */
export const badPathSegment: fc.Arbitrary<string> = fc.constantFrom(
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000g',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '..%2F..%2Fetc',
  '%00',
  '%2e%2e%5c',
  '%FF%FE',
  '-1',
  '0',
  '99999999999999999999999',
  'A'.repeat(300),
  '%20',
  'x%0d%0aX-Injected:%201',
)
