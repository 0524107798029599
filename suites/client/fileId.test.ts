import { describe, expect, test } from 'vitest'
import { BLOCK_SIZE, blockIds, EMPTY_ID, fileId } from './fileId.ts'

describe('fileId', () => {
  test('returns the empty id for a zero-byte file', () => {
    expect(fileId(new Uint8Array())).toBe(EMPTY_ID)
    expect(blockIds(new Uint8Array())).toEqual([])
  })

  test('matches the reference vector for "hello world\\n"', () => {
    const content = new TextEncoder().encode('hello world\n')
    expect(blockIds(content)).toEqual(['22596363b3de40b06f981fb85d82312e8c0ed511'])
    expect(fileId(content)).toBe('a2223a08dae418d78cd1070b674325969cfbef75')
  })

  test('splits content into 8 MiB blocks with a short last block', () => {
    const content = new Uint8Array(BLOCK_SIZE + 1)
    const ids = blockIds(content)
    expect(ids).toHaveLength(2)
    expect(ids[0]).not.toBe(ids[1])
  })
})
