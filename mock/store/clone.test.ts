import { describe, expect, it } from 'vitest'
import { detachedCopy } from './clone.ts'

describe('detachedCopy', () => {
  it('copies plain data deeply, keeping key order and undefined members', () => {
    const value = { b: 1, a: [1, { x: 'y', u: undefined }], n: null, t: true }
    const copy = detachedCopy(value)
    expect(copy).toEqual(value)
    expect(Object.keys(copy)).toEqual(['b', 'a', 'n', 't'])
    expect('u' in (copy.a[1] as object)).toBe(true)
    ;(copy.a[1] as { x: string }).x = 'changed'
    copy.a.push(2)
    expect(value).toEqual({ b: 1, a: [1, { x: 'y', u: undefined }], n: null, t: true })
  })

  it('copies what is not plain data as structuredClone does (dates, maps, cycles)', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' }
    cyclic.self = cyclic
    const value = { when: new Date(0), map: new Map([['k', 1]]), cyclic }
    const copy = detachedCopy(value)
    expect(copy.when).toBeInstanceOf(Date)
    expect(copy.when).not.toBe(value.when)
    expect(copy.map.get('k')).toBe(1)
    expect((copy.cyclic.self as Record<string, unknown>).name).toBe('loop')
  })

  it('returns primitives as they are', () => {
    for (const v of [0, 'text', null, undefined, false]) expect(detachedCopy(v)).toBe(v)
  })
})
