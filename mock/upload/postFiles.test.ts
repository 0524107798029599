import { describe, expect, it } from 'vitest'
import { FsStore } from '../model/fsStore.ts'
import { DIR_MODE, EMPTY_ID, FILE_MODE } from '../model/objectIds.ts'
import { listDir, lookup } from '../model/repoTree.ts'
import { MemoryBlockStore } from '../store/MemoryBlockStore.ts'
import {
  addEntries,
  canonRelative,
  GO_DIR_MODE,
  mkdirWithParents,
  postFiles,
  tooManySameNames,
} from './postFiles.ts'

const file = (name: string, id = 'a'.repeat(40)) => ({ name, id, size: 3, mtime: 100, modifier: 'u@x.com' })
const entry = (name: string, mode = FILE_MODE) => ({ id: 'b'.repeat(40), mode, mtime: 1, name, size: 1 })

describe('addEntries', () => {
  it('numbers clashing names, also against files added earlier in the request', () => {
    const out = addEntries([entry('a.txt')], [file('a.txt'), file('a.txt'), file('b')], false)
    expect(out?.names).toEqual(['a (1).txt', 'a (2).txt', 'b'])
    expect(out?.dirents.find((d) => d.name === 'b')).toMatchObject({
      mode: FILE_MODE,
      modifier: 'u@x.com',
      size: 3,
    })
  })

  it('replaces a same-name entry, even a folder, under its exact name', () => {
    const out = addEntries(
      [entry('a.txt'), entry('d', DIR_MODE)],
      [file('a.txt', 'c'.repeat(40)), file('d')],
      true,
    )
    expect(out?.names).toEqual(['a.txt', 'd'])
    expect(out?.dirents).toHaveLength(2)
    expect(out?.dirents.every((d) => d.mode === FILE_MODE)).toBe(true)
  })

  it('gives up when every numbered name is taken', () => {
    const taken = [entry('x'), ...Array.from({ length: 999 }, (_, i) => entry(`x (${i + 1})`))]
    expect(addEntries(taken, [file('x')], false)).toBeUndefined()
  })
})

describe('postFiles and mkdirWithParents', () => {
  const fs = () => new FsStore(new MemoryBlockStore())

  it('adds files to a folder and touches the ancestors', async () => {
    const store = fs()
    const made = await mkdirWithParents(store, EMPTY_ID, '/', 'docs/deep', 500)
    expect(made?.description).toBe('Added directory "docs/deep"')
    const posted = await postFiles(store, made!.rootId, '/docs/deep', [file('a.txt')], false)
    expect(posted.names).toEqual(['a.txt'])
    expect((await listDir(store, posted.rootId, '/docs/deep'))?.map((d) => d.name)).toEqual(['a.txt'])
    expect((await lookup(store, posted.rootId, '/docs'))?.mode).toBe(GO_DIR_MODE)
  })

  it('creates nothing when the folders exist', async () => {
    const store = fs()
    const made = await mkdirWithParents(store, EMPTY_ID, '/', 'a', 1)
    expect(await mkdirWithParents(store, made!.rootId, '/', 'a/', 2)).toBeUndefined()
    const deeper = await mkdirWithParents(store, made!.rootId, '/', 'a/b\\c', 3)
    expect(deeper?.description).toBe('Added directory "a/b/c"')
    expect(await lookup(store, deeper!.rootId, '/a/b/c')).toMatchObject({ id: EMPTY_ID, mode: GO_DIR_MODE })
  })

  it('fails when a file is in the way or a name is invalid', async () => {
    const store = fs()
    const withFile = await postFiles(store, EMPTY_ID, '/', [file('f')], false)
    await expect(mkdirWithParents(store, withFile.rootId, '/', 'f/g', 1)).rejects.toThrow('not a folder')
    await expect(mkdirWithParents(store, EMPTY_ID, '/', 'a/../..', 1)).rejects.toThrow('invalid dir name ..')
    await expect(mkdirWithParents(store, EMPTY_ID, '/', `${'x'.repeat(300)}/y`, 1)).rejects.toThrow('invalid')
  })

  it('refuses a missing folder', async () => {
    await expect(postFiles(fs(), EMPTY_ID, '/nope', [file('a')], false)).rejects.toThrow('parent dir')
  })

  it('reports names with every variant taken', async () => {
    const store = fs()
    const names = ['x', ...Array.from({ length: 999 }, (_, i) => `x (${i + 1})`)]
    const posted = await postFiles(
      store,
      EMPTY_ID,
      '/',
      names.map((n) => file(n)),
      false,
    )
    expect(await tooManySameNames(store, posted.rootId, '/', ['x'])).toBe(true)
    expect(await tooManySameNames(store, posted.rootId, '/', ['y'])).toBe(false)
  })
})

describe('canonRelative', () => {
  it('cleans a relative path like getCanonPath', () => {
    expect(canonRelative('a\\b/./c/')).toBe('a/b/c')
    expect(canonRelative('')).toBe('')
    expect(canonRelative('a/../../b')).toBe('../b')
  })
})
