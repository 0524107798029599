import { describe, expect, it } from 'vitest'
import { isLastChunk, parseContentRange } from './contentRange.ts'

describe('parseContentRange', () => {
  it('reads start, end and total of a well-formed header', () => {
    expect(parseContentRange('bytes 149946368-150994943/1587609600')).toEqual({
      start: 149946368,
      end: 150994943,
      total: 1587609600,
    })
  })

  it('accepts several spaces after "bytes" as Go trims them', () => {
    expect(parseContentRange('bytes   0-9/10')).toEqual({ start: 0, end: 9, total: 10 })
  })

  it.each([
    ['bytes=0-9/10', 'the "=" form'],
    ['bytes 5-4/10', 'start after end'],
    ['bytes 0-10/10', 'end not below total'],
    ['0-9/10', 'no "bytes"'],
    ['bytes 0-9', 'no total'],
    ['bytes a-9/10', 'a non-number'],
    ['-/bytes 0', 'separators before "bytes"'],
    ['', 'an empty header'],
  ])('ignores %s (%s)', (header) => {
    expect(parseContentRange(header)).toBeUndefined()
  })

  it('marks only the chunk ending at total-1 as the last', () => {
    expect(isLastChunk({ start: 0, end: 9, total: 10 })).toBe(true)
    expect(isLastChunk({ start: 0, end: 8, total: 10 })).toBe(false)
  })
})
