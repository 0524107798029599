import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { EMPTY_ID, type FsDirent } from './fsObjects.ts'
import { conflictFileName, type MergeIo, mergeTrees } from './merge.ts'

const file = (name: string, id: string): FsDirent => ({
  id: id.repeat(40),
  mode: 33188,
  mtime: 1,
  name,
  modifier: 'a@b.c',
  size: 1,
})
const dir = (name: string, id: string): FsDirent => ({ id, mode: 16384, mtime: 1, name })

/** An in-memory directory store; directory ids are hashes of their entries. */
function store(): MergeIo & { put(dirents: FsDirent[]): string; names(id: string): string[] } {
  const dirs = new Map<string, FsDirent[]>()
  const put = (dirents: FsDirent[]) => {
    if (dirents.length === 0) return EMPTY_ID
    const id = createHash('sha1').update(JSON.stringify(dirents)).digest('hex')
    dirs.set(id, dirents)
    return id
  }
  return {
    put,
    names: (id) => (dirs.get(id) ?? []).map((d) => d.name),
    loadDir: async (id) => dirs.get(id) ?? [],
    createDir: async (dirents) => put(dirents),
    conflictName: async (_baseDir, name) => `${name} (SFConflict)`,
  }
}

describe('mergeTrees', () => {
  it('takes changes of different files from both sides without a conflict', async () => {
    const s = store()
    const base = s.put([file('b', '1'), file('a', '1')])
    const head = s.put([file('b', '2'), file('a', '1')])
    const remote = s.put([file('b', '1'), file('a', '3')])
    const result = await mergeTrees([base, head, remote], s)
    expect(result.conflict).toBe(false)
    expect(result.root).toBe(s.put([file('b', '2'), file('a', '3')]))
  })

  it('keeps both versions when both sides changed a file, the remote one renamed', async () => {
    const s = store()
    const base = s.put([file('x.txt', '1')])
    const head = s.put([file('x.txt', '2')])
    const remote = s.put([file('x.txt', '3')])
    const result = await mergeTrees([base, head, remote], s)
    expect(result.conflict).toBe(true)
    expect(s.names(result.root)).toEqual(['x.txt (SFConflict)', 'x.txt'])
  })

  it('merges inside a directory both sides changed', async () => {
    const s = store()
    const sub = (...d: FsDirent[]) => dir('sub', s.put(d))
    const base = s.put([sub(file('k', '1'))])
    const head = s.put([sub(file('k', '1'), file('h', '2'))])
    const remote = s.put([sub(file('r', '3'), file('k', '1'))])
    const result = await mergeTrees([base, head, remote], s)
    const merged = (await s.loadDir(result.root))[0]!
    expect(s.names(merged.id)).toEqual(['r', 'k', 'h'])
  })

  it('applies a deletion made on one side only', async () => {
    const s = store()
    const base = s.put([file('gone', '1'), file('stay', '2')].reverse())
    const head = base
    const remote = s.put([file('stay', '2')])
    expect((await mergeTrees([base, head, remote], s)).root).toBe(remote)
  })
})

describe('conflictFileName', () => {
  const at = new Date(2026, 10, 3, 7, 5, 9)

  it('puts the tag before the extension, which starts at the first dot', () => {
    expect(conflictFileName('a.tar.gz', 'u@x.y', at)).toBe(
      'a.tar.gz (SFConflict u@x.y 2026-Nov-3-07-05-09).tar.gz',
    )
  })

  it('appends the tag to a name without a dot and omits an empty modifier', () => {
    expect(conflictFileName('README', '', at)).toBe('README (SFConflict 2026-Nov-3-07-05-09)')
  })
})
