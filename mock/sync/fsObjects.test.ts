import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { checkReceivedFsObject, FsObjectError, isDirMode, isRegularMode, parseFsObject } from './fsObjects.ts'

// seafile-server-semantics.md §5 test vector: `hello world\n`.
const helloFileJson =
  '{"block_ids": ["22596363b3de40b06f981fb85d82312e8c0ed511"], "size": 12, "type": 1, "version": 1}'
const helloFileId = 'a2223a08dae418d78cd1070b674325969cfbef75'

describe('checkReceivedFsObject', () => {
  it('accepts the hello-world file object under its known id', () => {
    expect(checkReceivedFsObject(helloFileId, deflateSync(helloFileJson))).toEqual({
      type: 1,
      version: 1,
      blockIds: ['22596363b3de40b06f981fb85d82312e8c0ed511'],
      size: 12,
    })
  })

  it('refuses an object whose content does not hash to its id', () => {
    expect(() => checkReceivedFsObject('b'.repeat(40), deflateSync(helloFileJson))).toThrow(/does not match/)
  })

  it('refuses bytes that are not zlib', () => {
    expect(() => checkReceivedFsObject(helloFileId, Buffer.from(helloFileJson))).toThrow(FsObjectError)
  })
})

describe('parseFsObject', () => {
  it('reads a directory with a file and a subdirectory', () => {
    const json =
      '{"dirents": [{"id": "a2223a08dae418d78cd1070b674325969cfbef75", "mode": 33188, "modifier": "a@b.c", ' +
      '"mtime": 5, "name": "x", "size": 12}, {"id": "0000000000000000000000000000000000000000", "mode": 16384, ' +
      '"mtime": 6, "name": "d"}], "type": 3, "version": 1}'
    const dir = parseFsObject(json)
    expect(dir.type === 3 && dir.dirents.map((d) => d.name)).toEqual(['x', 'd'])
  })

  it.each([
    ['{"type": 2, "version": 1}', 'an unknown type'],
    ['{"block_ids": [], "size": 0, "type": 1, "version": 0}', 'version 0'],
    ['{"block_ids": ["xyz"], "size": 0, "type": 1, "version": 1}', 'a bad block id'],
    [
      '{"dirents": [{"id": "' +
        '0'.repeat(40) +
        '", "mode": 33188, "mtime": 1, "name": "f", "size": 0}], "type": 3, "version": 1}',
      'a file without modifier',
    ],
    ['[]', 'an array'],
  ])('refuses %s (%s)', (json) => {
    expect(() => parseFsObject(json)).toThrow(FsObjectError)
  })
})

describe('modes', () => {
  it('tells directories from regular files, with both directory modes in real data', () => {
    expect(isDirMode(16384) && isDirMode(16804)).toBe(true)
    expect(isRegularMode(33188)).toBe(true)
    expect(isDirMode(33188) || isRegularMode(16384)).toBe(false)
  })
})
