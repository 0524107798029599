import { describe, expect, it } from 'vitest'
import { EMPTY_ID, type FsDirent, type FsObject } from './fsObjects.ts'
import type { LoadDir } from './treeDiff.ts'
import { filesWithMissingBlocks, touchesDotDot } from './updateChecks.ts'

const id = (c: string) => c.repeat(40)
const file = (name: string, fid: string): FsDirent => ({
  id: fid,
  mode: 33188,
  mtime: 1,
  name,
  modifier: 'a@b.c',
  size: 1,
})
const dir = (name: string, did: string): FsDirent => ({ id: did, mode: 16384, mtime: 1, name })

const dirs: Record<string, FsDirent[]> = {
  [id('1')]: [file('old.txt', id('a'))],
  [id('2')]: [dir('sub', id('3')), file('old.txt', id('a')), file('new.txt', id('b'))],
  [id('3')]: [file('deep.bin', id('c')), file('empty', EMPTY_ID)],
  [id('4')]: [dir('..', id('3'))],
}
const loadDir: LoadDir = async (dirId) => dirs[dirId] ?? []
const objects: Record<string, FsObject> = {
  [id('a')]: { type: 1, version: 1, blockIds: [id('e')], size: 1 },
  [id('b')]: { type: 1, version: 1, blockIds: [id('e'), id('f')], size: 2 },
  [id('c')]: { type: 1, version: 1, blockIds: [id('9')], size: 1 },
}
const loadObject = async (oid: string) => objects[oid]

describe('filesWithMissingBlocks', () => {
  it('names the new or changed files whose blocks are missing, at any depth', async () => {
    const have = new Set([id('e')])
    const missing = await filesWithMissingBlocks(id('1'), id('2'), loadDir, loadObject, async (b) =>
      have.has(b),
    )
    expect(missing).toEqual(['deep.bin', 'new.txt'])
  })

  it('is empty when every block is there', async () => {
    expect(await filesWithMissingBlocks(id('1'), id('2'), loadDir, loadObject, async () => true)).toEqual([])
  })

  it('fails when a changed file object is missing', async () => {
    await expect(
      filesWithMissingBlocks(
        EMPTY_ID,
        id('1'),
        loadDir,
        async () => undefined,
        async () => true,
      ),
    ).rejects.toThrow(/missing/)
  })
})

describe('touchesDotDot', () => {
  it('finds a ".." entry that the new tree adds', async () => {
    expect(await touchesDotDot(EMPTY_ID, id('4'), loadDir)).toBe(true)
  })

  it('accepts ordinary names', async () => {
    expect(await touchesDotDot(id('1'), id('2'), loadDir)).toBe(false)
  })
})
