import { describe, expect, it } from 'vitest'
import { fileNameFromDisposition, parseMediaType } from './contentDisposition.ts'

describe('fileNameFromDisposition', () => {
  it('reads a quoted file name', () => {
    expect(fileNameFromDisposition('attachment; filename="test.md"')).toBe('test.md')
  })

  it('url-decodes the name, with "+" as a space like url.QueryUnescape', () => {
    expect(fileNameFromDisposition('attachment; filename="a%20b+c%E4%B8%AD.txt"')).toBe('a b c中.txt')
  })

  it('accepts an unquoted token value', () => {
    expect(fileNameFromDisposition('attachment; filename=plain.bin')).toBe('plain.bin')
  })

  it('prefers the RFC 2231 extended value', () => {
    expect(fileNameFromDisposition(`attachment; filename="x"; filename*=UTF-8''%C3%A9t%C3%A9.txt`)).toBe(
      'été.txt',
    )
  })

  it('normalises the name to NFC', () => {
    expect(fileNameFromDisposition('attachment; filename="e%CC%81.txt"')).toBe('\u00e9.txt')
  })

  it.each<[string | undefined, string]>([
    [undefined, 'no header'],
    ['', 'an empty header'],
    ['attachment; filename="open', 'an unterminated quote'],
    ['attachment; filename="%zz"', 'a bad percent escape'],
    ['attachment; filename=a; filename=b', 'a duplicate parameter'],
    ['attach ment; filename=a', 'a bad disposition type'],
  ])('refuses %s (%s)', (header) => {
    expect(fileNameFromDisposition(header)).toBeUndefined()
  })

  it('gives an empty name when the filename parameter is absent', () => {
    expect(fileNameFromDisposition('attachment')).toBe('')
  })
})

describe('parseMediaType', () => {
  it('lower-cases the type and parameter names', () => {
    const parsed = parseMediaType('Attachment; FileName="A.TXT"')
    expect(parsed?.type).toBe('attachment')
    expect(parsed?.params.get('filename')).toBe('A.TXT')
  })

  it('unescapes backslashes inside quoted strings', () => {
    expect(parseMediaType('attachment; filename="a\\"b"')?.params.get('filename')).toBe('a"b')
  })
})
