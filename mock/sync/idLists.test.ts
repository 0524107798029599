import { describe, expect, it } from 'vitest'
import { IdListError, isObjectId, isRepoId, missingIds, parseIdList } from './idLists.ts'

const body = (text: string) => Buffer.from(text)

describe('parseIdList', () => {
  it('reads an array of strings', () => {
    expect(parseIdList(body('["a", "b"]'))).toEqual(['a', 'b'])
  })

  it('treats null as an empty list, as Go decodes it into a nil slice', () => {
    expect(parseIdList(body('null'))).toEqual([])
  })

  it.each([
    ['', 'an empty body'],
    ['{"a": 1}', 'an object'],
    ['[1, 2]', 'numbers'],
    ['[', 'broken JSON'],
  ])('refuses %j (%s)', (text) => {
    expect(() => parseIdList(body(text))).toThrow(IdListError)
  })
})

describe('ids', () => {
  it('accepts only 40 lowercase hex as an object id', () => {
    expect(isObjectId('0'.repeat(40))).toBe(true)
    expect(isObjectId('F'.repeat(40))).toBe(false)
    expect(isObjectId('0'.repeat(39))).toBe(false)
  })

  it('accepts a UUID in either case as a repo id', () => {
    expect(isRepoId('0a1b2c3d-0000-4000-8000-00000000abcd')).toBe(true)
    expect(isRepoId('0A1B2C3D-0000-4000-8000-00000000ABCD')).toBe(true)
    expect(isRepoId('not-a-uuid')).toBe(false)
  })
})

describe('missingIds', () => {
  it('lists the ids the store lacks, skipping invalid ids', async () => {
    const have = new Set(['a'.repeat(40)])
    const ids = ['a'.repeat(40), 'b'.repeat(40), 'junk']
    expect(await missingIds(ids, async (id) => have.has(id))).toEqual(['b'.repeat(40)])
  })
})
