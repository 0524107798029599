import { describe, expect, it } from 'vitest'
import { fsIdsToSend } from './fsIdList.ts'
import { EMPTY_ID, type FsDirent } from './fsObjects.ts'
import type { LoadDir } from './treeDiff.ts'

const id = (c: string) => c.repeat(40)
const file = (name: string, fid: string, mtime = 1): FsDirent => ({
  id: fid,
  mode: 33188,
  mtime,
  name,
  modifier: 'a@b.c',
  size: 1,
})
const dir = (name: string, did: string, mtime = 1): FsDirent => ({ id: did, mode: 16384, mtime, name })

/** A tree of directories by id; entries are given in stored order (name descending). */
function loader(dirs: Record<string, FsDirent[]>): LoadDir {
  return async (dirId) => {
    if (dirId === EMPTY_ID) return []
    const dirents = dirs[dirId]
    if (!dirents) throw new Error(`no dir ${dirId}`)
    return dirents
  }
}

describe('fsIdsToSend', () => {
  const tree = loader({
    [id('1')]: [
      file('z.txt', id('a')),
      dir('sub', id('2')),
      file('empty', EMPTY_ID),
      dir('emptydir', EMPTY_ID),
    ],
    [id('2')]: [file('inner.bin', id('b'))],
    [id('3')]: [file('z.txt', id('c')), dir('sub', id('2'), 5), file('added', id('d'))],
  })

  it('lists root, files and dirs of a whole tree for a clone, never the empty id', async () => {
    expect(await fsIdsToSend(id('1'), EMPTY_ID, tree)).toEqual([id('1'), id('a'), id('2'), id('b')])
  })

  it('gives an empty list for an empty library', async () => {
    expect(await fsIdsToSend(EMPTY_ID, EMPTY_ID, tree)).toEqual([])
  })

  it('gives an empty list when the client has the server root', async () => {
    expect(await fsIdsToSend(id('1'), id('1'), tree)).toEqual([])
  })

  it('lists only what changed against the client head', async () => {
    // z.txt changed, sub only changed mtime (same id), added is new, the old empty entries were removed.
    expect(await fsIdsToSend(id('3'), id('1'), tree)).toEqual([id('3'), id('c'), id('d')])
  })

  it('lists a file that replaced a directory of the same name', async () => {
    const swapped = loader({
      [id('4')]: [dir('x', id('5'))],
      [id('5')]: [file('y', id('e'))],
      [id('6')]: [file('x', id('f'))],
    })
    expect(await fsIdsToSend(id('6'), id('4'), swapped)).toEqual([id('6'), id('f')])
  })

  it('orders names by UTF-8 bytes as Go does', async () => {
    // U+FF5E sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
    const names = loader({
      [id('7')]: [file('\u{1F600}', id('a')), file('\uFF5E', id('b'))],
      [id('8')]: [file('\uFF5E', id('b'))],
    })
    expect(await fsIdsToSend(id('7'), id('8'), names)).toEqual([id('7'), id('a')])
  })
})
