import { describe, expect, it } from 'vitest'
import { baseName, DUPLICATE_NAMES_COUNT, isInvalidFileName, joinPath, uniqueFileName } from './fileNames.ts'

describe('baseName', () => {
  it.each([
    ['a.txt', 'a.txt'],
    ['dir/sub/a.txt', 'a.txt'],
    ['dir/', 'dir'],
    ['', '.'],
    ['///', '/'],
    ['a\\b.txt', 'a\\b.txt'],
  ])('gives %j → %j like Go filepath.Base', (input, expected) => {
    expect(baseName(input)).toBe(expected)
  })
})

describe('isInvalidFileName', () => {
  it('accepts ordinary and unicode names', () => {
    expect(isInvalidFileName('report 2024.pdf')).toBe(false)
    expect(isInvalidFileName('中文.txt')).toBe(false)
  })

  it.each([
    ['..', 'a dot-dot name'],
    ['a/b', 'a slash'],
    ['x'.repeat(256), '256 bytes'],
    ['é'.repeat(128), '256 bytes of two-byte characters'],
    ['bad\uFFFD.txt', 'a replacement character from invalid UTF-8'],
  ])('refuses %s (%s)', (name) => {
    expect(isInvalidFileName(name)).toBe(true)
  })

  it('accepts 255 bytes', () => {
    expect(isInvalidFileName('x'.repeat(255))).toBe(false)
  })
})

describe('uniqueFileName', () => {
  const taken = (...names: string[]) => {
    const set = new Set(names)
    return (n: string) => set.has(n)
  }

  it('keeps a free name', () => {
    expect(uniqueFileName('a.txt', taken())).toBe('a.txt')
  })

  it('numbers before the last dot', () => {
    expect(uniqueFileName('a.tar.gz', taken('a.tar.gz'))).toBe('a.tar (1).gz')
    expect(uniqueFileName('a.txt', taken('a.txt', 'a (1).txt'))).toBe('a (2).txt')
  })

  it('appends to a name without a dot, and puts a dotfile number first as Go does', () => {
    expect(uniqueFileName('README', taken('README'))).toBe('README (1)')
    expect(uniqueFileName('.bashrc', taken('.bashrc'))).toBe(' (1).bashrc')
  })

  it('gives up after the duplicate limit', () => {
    expect(uniqueFileName('a', () => true)).toBeUndefined()
    expect(uniqueFileName('a', (n) => n !== `a (${DUPLICATE_NAMES_COUNT - 1})`)).toBe('a (999)')
    expect(uniqueFileName('a', (n) => n !== `a (${DUPLICATE_NAMES_COUNT})`)).toBeUndefined()
  })
})

describe('joinPath', () => {
  it('joins and cleans like filepath.Join("/", ...)', () => {
    expect(joinPath('/', '/docs/', 'a/b/')).toBe('/docs/a/b')
    expect(joinPath('/', 'docs', '../x')).toBe('/x')
    expect(joinPath('/', '')).toBe('/')
    expect(joinPath('/', '..', '..')).toBe('/')
  })
})
