/**
 * What a commit changed against its parent (diff.c::diff_commits + diff_resolve_renames): files new,
 * removed, modified; empty dirs added as `newdir` (non-empty ones are walked, their files are `new`); dirs
 * removed as `deldir` (not walked); a removal and an addition of the same object are a rename or a move.
 */
import { type FsDirent, isDirMode } from '../sync/fsObjects.ts'
import { diffTrees } from '../sync/treeDiff.ts'
import type { FsStore } from './fsStore.ts'
import { EMPTY_ID } from './objectIds.ts'

export type DiffOp = 'new' | 'removed' | 'renamed' | 'move' | 'modified' | 'newdir' | 'deldir'

export interface DiffEntry {
  op_type: DiffOp
  path: string
  new_path: string
  /** The object and dirent behind the change (the old one for removals), for trash and history. */
  dirent: FsDirent
  /** A non-empty added dir whose files are listed too; kept only if it pairs with a removed dir. */
  walked?: boolean
}

const parentOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/'

export async function diffRoots(fs: FsStore, oldRoot: string, newRoot: string): Promise<DiffEntry[]> {
  const out: DiffEntry[] = []
  const load = async (id: string) => (await fs.getDir(id)) ?? []
  const entry = (op_type: DiffOp, path: string, dirent: FsDirent): DiffEntry => ({
    op_type,
    path,
    new_path: '',
    dirent,
  })
  await diffTrees([oldRoot, newRoot], load, {
    files([before, after], baseDir) {
      const path = `/${baseDir}${(after ?? before)!.name}`
      if (before && after) {
        if (before.id !== after.id) out.push(entry('modified', path, after))
      } else if (after) out.push(entry('new', path, after))
      else if (before) out.push(entry('removed', path, before))
    },
    dirs([before, after], baseDir) {
      const path = `/${baseDir}${(after ?? before)!.name}`
      if (before && !after) {
        out.push(entry('deldir', path, before))
        return false
      }
      if (after && !before) {
        out.push({ ...entry('newdir', path, after), walked: after.id !== EMPTY_ID })
        return after.id !== EMPTY_ID
      }
      return true
    },
  })
  return resolveRenames(out)
}

/** Pairs `removed`+`new` of one file id, and `deldir` with the same dir added elsewhere. */
function resolveRenames(entries: DiffEntry[]): DiffEntry[] {
  const used = new Set<DiffEntry>()
  const result: DiffEntry[] = []
  for (const gone of entries) {
    if (gone.op_type !== 'removed' && gone.op_type !== 'deldir') continue
    const kind = gone.op_type === 'removed' ? 'new' : 'newdir'
    const arrived = entries.find(
      (e) =>
        !used.has(e) &&
        e.dirent.id === gone.dirent.id &&
        (e.op_type === kind || (kind === 'newdir' && e.op_type === 'new' && isDirMode(gone.dirent.mode))),
    )
    if (!arrived || gone.dirent.id === EMPTY_ID) continue
    used.add(gone)
    used.add(arrived)
    const op = parentOf(gone.path) === parentOf(arrived.path) ? 'renamed' : 'move'
    result.push({ op_type: op, path: gone.path, new_path: arrived.path, dirent: arrived.dirent })
    // A renamed dir was walked: its files are not news.
    if (arrived.walked) for (const e of entries) if (e.path.startsWith(`${arrived.path}/`)) used.add(e)
  }
  return [...result, ...entries.filter((e) => !used.has(e) && !e.walked)]
}
