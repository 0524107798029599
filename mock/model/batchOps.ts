/**
 * Several entries of one folder at once (seafile_api.copy_file / move_file / del_file with JSON name
 * lists, server/repo-op.c): the batch views of api/v2.1 use these, on the same tree operations as the api2
 * file views (treeOps.ts), so a batch move is the same move as `POST /api2/repos/{id}/file/` operation=move.
 */
import { isDirMode } from '../sync/fsObjects.ts'
import { isValidName, joinName, normalizePath } from './names.ts'
import { lookup, updateDir } from './repoTree.ts'
import type { Seafile } from './seafile.ts'
import { copyPath, TreeError } from './treeOps.ts'

export interface BatchItems {
  srcRepoId: string
  srcParentDir: string
  names: string[]
  dstRepoId: string
  dstParentDir: string
}

/** The first name that is no entry of the source folder (checked before anything changes), if any. */
export async function missingName(seaf: Seafile, items: BatchItems): Promise<string | undefined> {
  const repo = await seaf.repos.get(items.srcRepoId)
  const rootId = repo && (await seaf.repos.head(repo)).root_id
  for (const name of items.names) {
    if (!rootId || !isValidName(name)) return name
    if (!(await lookup(seaf.fs, rootId, joinName(normalizePath(items.srcParentDir), name)))) return name
  }
  return undefined
}

/** Whether a move would put a folder into itself or one of its sub-folders (same library). */
export function movesIntoItself(items: BatchItems): boolean {
  if (items.srcRepoId !== items.dstRepoId) return false
  const into = normalizePath(items.dstParentDir)
  return items.names.some((name) => {
    const folder = normalizePath(joinName(normalizePath(items.srcParentDir), name))
    return into === folder || into.startsWith(`${folder}/`)
  })
}

/** How many files the entries hold (copy-mgr.c counts files, not folders, for a task's `total`). */
export async function countFiles(seaf: Seafile, items: BatchItems): Promise<number> {
  const repo = await seaf.repos.get(items.srcRepoId)
  if (!repo) return 0
  const rootId = (await seaf.repos.head(repo)).root_id
  let total = 0
  for (const name of items.names) {
    const d = await lookup(seaf.fs, rootId, joinName(normalizePath(items.srcParentDir), name))
    if (d) total += isDirMode(d.mode) ? (await seaf.fs.stats(d.id)).files : 1
  }
  return total
}

/**
 * Copies (or moves) each entry into the destination folder; a name taken there becomes `x (1).ext`
 * (seahub's check_filename_with_rename, and repo-op.c's generate_unique_filename for moves). Returns the
 * final names in order.
 */
export async function copyItems(
  seaf: Seafile,
  user: string,
  items: BatchItems,
  { move = false } = {},
): Promise<string[]> {
  const finals: string[] = []
  const dstDir = normalizePath(items.dstParentDir)
  for (const name of items.names) {
    const src = joinName(normalizePath(items.srcParentDir), name)
    finals.push(await copyPath(seaf, items.srcRepoId, src, items.dstRepoId, dstDir, user, { move }))
  }
  return finals
}

/**
 * seaf_repo_manager_del_file with a name list: one commit for all of them (`Deleted "a" and 2 more
 * files.`); names that are not there are skipped. Returns whether anything was removed.
 */
export async function removeItems(
  seaf: Seafile,
  repoId: string,
  user: string,
  parentDir: string,
  names: string[],
): Promise<boolean> {
  const { result } = await seaf.repos.mutate(repoId, user, async (head) => {
    let removed: { name: string; dir: boolean }[] = []
    const updated = await updateDir(seaf.fs, head.root_id, parentDir, (dirents) => {
      // In the order asked for: the description names the first of the list.
      removed = names.flatMap((name) => {
        const d = dirents.find((x) => x.name === name)
        return d ? [{ name, dir: isDirMode(d.mode) }] : []
      })
      return { dirents: dirents.filter((d) => !names.includes(d.name)), result: undefined }
    })
    if (!updated) throw new TreeError('parent-missing', normalizePath(parentDir))
    const first = removed[0]
    if (!first) return { rootId: head.root_id, description: '', result: false }
    const description =
      removed.length > 1
        ? `Deleted "${first.name}" and ${removed.length - 1} more files.`
        : first.dir
          ? `Removed directory "${first.name}"`
          : `Deleted "${first.name}"`
    return { rootId: updated.rootId, description, result: true }
  })
  return result
}
