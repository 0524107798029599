/**
 * Tree changes of a library, each one commit (server/repo-op.c): add a file or a directory, remove,
 * rename, copy and move. Names clashing with an existing entry are renamed per `naming` unless `replace`.
 */

import { type FsDirent, isDirMode } from '../sync/fsObjects.ts'
import { uniqueFileName } from '../upload/fileNames.ts'
import { type Commit, describe } from './commits.ts'
import { joinName, normalizePath, seahubUniqueName, splitPath } from './names.ts'
import { DIR_MODE, EMPTY_ID, FILE_MODE } from './objectIds.ts'
import { lookup, nowSeconds, updateDir } from './repoTree.ts'
import type { Seafile } from './seafile.ts'

/** Why a tree change could not be made; routes map the code to the real server's error. */
export class TreeError extends Error {
  override readonly name = 'TreeError'
  constructor(
    readonly code: 'parent-missing' | 'not-found' | 'too-many-names' | 'exists',
    readonly path: string,
  ) {
    super(`${code}: ${path}`)
  }
}

/** `seahub`: `a (1).txt`, `.bashrc (1)`; `go`: fileop.go::genUniqueName (` (1).bashrc`, at most 999). */
export type Naming = 'seahub' | 'go'

export interface AddOptions {
  replace?: boolean
  naming?: Naming
  /** The commit description for the final name; default by kind (`Added "x"` / `Added directory "x"`). */
  description?: (finalName: string) => string
}

function pickName(dirents: FsDirent[], name: string, naming: Naming, parent: string): string {
  const exists = (candidate: string) => dirents.some((d) => d.name === candidate)
  if (naming === 'seahub') return seahubUniqueName(name, exists)
  const unique = uniqueFileName(name, exists)
  if (unique === undefined) throw new TreeError('too-many-names', joinName(parent, name))
  return unique
}

/** Adds `dirent` (its `name` is the wanted one) under `parentDir`, renaming or replacing on a clash. */
export async function addDirent(
  seaf: Seafile,
  repoId: string,
  user: string,
  parentDir: string,
  dirent: FsDirent,
  options: AddOptions = {},
): Promise<{ name: string; commit?: Commit }> {
  const { result, commit } = await seaf.repos.mutate(repoId, user, async (head) => {
    const updated = await updateDir(seaf.fs, head.root_id, parentDir, (dirents) => {
      const name = options.replace
        ? dirent.name
        : pickName(dirents, dirent.name, options.naming ?? 'seahub', parentDir)
      // fileop.go::addNewEntries with replace: the old entry goes, even a directory.
      const kept = dirents.filter((d) => d.name !== name)
      return { dirents: [...kept, { ...dirent, name }], result: name }
    })
    if (!updated) throw new TreeError('parent-missing', normalizePath(parentDir))
    const name = updated.result
    const description =
      options.description?.(name) ?? (isDirMode(dirent.mode) ? describe.addedDir(name) : describe.added(name))
    return { rootId: updated.rootId, description, result: name }
  })
  return { name: result, commit }
}

export interface NewFile {
  fileId: string
  size: number
}

/** Puts a stored file into a library (the upload colleague's and `create`'s entry point). */
export function commitNewFile(
  seaf: Seafile,
  repoId: string,
  parentDir: string,
  name: string,
  file: NewFile,
  user: string,
  options: AddOptions & { mtime?: number } = {},
): Promise<{ name: string; commit?: Commit }> {
  const dirent: FsDirent = {
    id: file.fileId,
    mode: FILE_MODE,
    mtime: options.mtime ?? nowSeconds(),
    name,
    modifier: user,
    size: file.size,
  }
  return addDirent(seaf, repoId, user, parentDir, dirent, options)
}

/** mkdir (optionally `-p`); returns the final path of the new (or, with parents, existing) directory. */
export async function makeDir(
  seaf: Seafile,
  repoId: string,
  user: string,
  path: string,
  { parents = false, naming = 'seahub' as Naming } = {},
): Promise<{ path: string; commit?: Commit }> {
  const { parent, name } = splitPath(path)
  const newDir = (n: string): FsDirent => ({ id: EMPTY_ID, mode: DIR_MODE, mtime: nowSeconds(), name: n })
  if (parents) {
    const head = await seaf.repos.head((await seaf.repos.get(repoId))!)
    const existing = await lookup(seaf.fs, head.root_id, path)
    if (existing && isDirMode(existing.mode)) return { path: normalizePath(path) }
    if (!(await lookup(seaf.fs, head.root_id, parent))) await makeDir(seaf, repoId, user, parent, { parents })
  }
  const added = await addDirent(seaf, repoId, user, parent, newDir(name), {
    naming,
    replace: false,
  })
  return { path: joinName(parent, added.name), commit: added.commit }
}

/** Deletes a file or directory; a missing name is a no-op without a commit (seaf_repo_manager_del_file). */
export async function removePath(
  seaf: Seafile,
  repoId: string,
  user: string,
  path: string,
): Promise<{ removed?: FsDirent; commit?: Commit }> {
  const { parent, name } = splitPath(path)
  const { result, commit } = await seaf.repos.mutate(repoId, user, async (head) => {
    let removed: FsDirent | undefined
    const updated = await updateDir(seaf.fs, head.root_id, parent, (dirents) => {
      removed = dirents.find((d) => d.name === name)
      return { dirents: dirents.filter((d) => d.name !== name), result: undefined }
    })
    if (!updated || !removed) return { rootId: head.root_id, description: '', result: undefined }
    const description = isDirMode(removed.mode) ? describe.removedDir(name) : describe.deleted(name)
    return { rootId: updated.rootId, description, result: removed }
  })
  return { removed: result, commit }
}

/** Renames within the parent; a clash with another entry is renamed seahub-style. */
export async function renamePath(
  seaf: Seafile,
  repoId: string,
  user: string,
  path: string,
  newName: string,
): Promise<{ name: string; commit?: Commit }> {
  const { parent, name } = splitPath(path)
  const { result, commit } = await seaf.repos.mutate(repoId, user, async (head) => {
    let isDir = false
    const updated = await updateDir(seaf.fs, head.root_id, parent, (dirents) => {
      const old = dirents.find((d) => d.name === name)
      if (!old) throw new TreeError('not-found', path)
      isDir = isDirMode(old.mode)
      const others = dirents.filter((d) => d !== old)
      const final = seahubUniqueName(newName, (c) => others.some((d) => d.name === c))
      return { dirents: [...others, { ...old, name: final }], result: final }
    })
    if (!updated) throw new TreeError('not-found', path)
    const description = isDir ? describe.renamedDir(name) : describe.renamed(name)
    return { rootId: updated.rootId, description, result: updated.result }
  })
  return { name: result, commit }
}

/** Copies (or moves) `srcPath` into `dstDir` of `dstRepoId`, renaming on a clash; returns the final name. */
export async function copyPath(
  seaf: Seafile,
  srcRepoId: string,
  srcPath: string,
  dstRepoId: string,
  dstDir: string,
  user: string,
  { move = false } = {},
): Promise<string> {
  const src = await seaf.repos.get(srcRepoId)
  const dirent = src && (await lookup(seaf.fs, (await seaf.repos.head(src)).root_id, srcPath))
  if (!dirent || normalizePath(srcPath) === '/') throw new TreeError('not-found', srcPath)
  const name = dirent.name
  const description = move ? describe.moved : isDirMode(dirent.mode) ? describe.addedDir : describe.added
  const sameDir =
    srcRepoId === dstRepoId && normalizePath(splitPath(srcPath).parent) === normalizePath(dstDir)
  if (move && sameDir) return name
  if (move && srcRepoId === dstRepoId) {
    // repo-op.c::move_file_same_repo: one commit removing the source and adding the destination.
    const { result } = await seaf.repos.mutate(srcRepoId, user, async (head) => {
      const { parent } = splitPath(srcPath)
      const removed = await updateDir(seaf.fs, head.root_id, parent, (d) => ({
        dirents: d.filter((x) => x.name !== name),
        result: undefined,
      }))
      if (!removed) throw new TreeError('not-found', srcPath)
      const added = await updateDir(seaf.fs, removed.rootId, dstDir, (d) => {
        const final = seahubUniqueName(name, (c) => d.some((x) => x.name === c))
        return { dirents: [...d, { ...dirent, name: final }], result: final }
      })
      if (!added) throw new TreeError('parent-missing', dstDir)
      return { rootId: added.rootId, description: description(name), result: added.result }
    })
    return result
  }
  const added = await addDirent(seaf, dstRepoId, user, dstDir, dirent, { description })
  if (move) await removePath(seaf, srcRepoId, user, srcPath)
  return added.name
}
