/**
 * The tree edits of the Go file server's upload paths: adding files to a folder with its naming rules
 * (fileop.go::addNewEntries) and creating `relative_path` folders (fileop.go::mkdirWithParents).
 */
import type { FsStore } from '../model/fsStore.ts'
import { EMPTY_ID, FILE_MODE } from '../model/objectIds.ts'
import { listDir, updateDir } from '../model/repoTree.ts'
import { type FsDirent, isDirMode } from '../sync/fsObjects.ts'
import { cleanPath, isInvalidFileName, joinPath, uniqueFileName } from './fileNames.ts'

/** fileop.go mkdir paths write `S_IFDIR | 0644`; seahub's (C) mkdir writes bare `S_IFDIR`. */
export const GO_DIR_MODE = 0o040644

/** A file to place in a folder: its content id and the dirent fields. */
export interface NewFile {
  name: string
  id: string
  size: number
  mtime: number
  modifier: string
}

/**
 * fileop.go::addNewEntries: with `replace`, an entry of the same name (even a folder) is removed and the
 * file takes its name; otherwise the name is made unique against the entries, including the files added
 * before it in the same request. `undefined` when no unique name is left.
 */
export function addEntries(
  dirents: readonly FsDirent[],
  files: readonly NewFile[],
  replace: boolean,
): { dirents: FsDirent[]; names: string[] } | undefined {
  const out = [...dirents]
  const names: string[] = []
  for (const file of files) {
    let name: string | undefined = file.name
    const existing = replace ? out.findIndex((d) => d.name === file.name) : -1
    if (existing >= 0) out.splice(existing, 1)
    else name = uniqueFileName(file.name, (candidate) => out.some((d) => d.name === candidate))
    if (name === undefined) return undefined
    out.push({
      id: file.id,
      mode: FILE_MODE,
      mtime: file.mtime,
      name,
      modifier: file.modifier,
      size: file.size,
    })
    names.push(name)
  }
  return { dirents: out, names }
}

/** fileop.go::checkFilesWithSameName: some name already has all its `(n)` variants taken. */
export async function tooManySameNames(fs: FsStore, rootId: string, dirPath: string, names: string[]) {
  const dirents = (await listDir(fs, rootId, dirPath)) ?? []
  return names.some((name) => uniqueFileName(name, (c) => dirents.some((d) => d.name === c)) === undefined)
}

/**
 * Adds `files` to the folder at `dirPath` and returns the new root and the names given. Ancestors get
 * mtime = now (fileop.go::postMultiFilesRecursive). Throws when the folder is missing or names run out.
 */
export async function postFiles(
  fs: FsStore,
  rootId: string,
  dirPath: string,
  files: readonly NewFile[],
  replace: boolean,
): Promise<{ rootId: string; names: string[] }> {
  const out = await updateDir(fs, rootId, dirPath, (dirents) => {
    const added = addEntries(dirents, files, replace)
    if (!added) throw new Error(`failed to generate unique names in ${dirPath}`)
    return { dirents: added.dirents, result: added.names }
  })
  if (!out) throw new Error(`failed to find parent dir ${dirPath}`)
  return { rootId: out.rootId, names: out.result }
}

/**
 * Go `getCanonPath` of a relative path: backslashes as slashes, then `filepath.Join`, which cleans `.` and
 * inner `..` but keeps the leading `..` that climb out (those are then refused as names).
 */
export function canonRelative(path: string): string {
  const cleaned = cleanPath(path.replace(/\\/g, '/').replace(/^\/+/, ''))
  return cleaned === '.' ? '' : cleaned
}

/**
 * fileop.go::mkdirWithParents: creates the missing folders of `relativePath` below `parentDir`, all in
 * one new subtree. Returns the new root and the commit description (`Added directory "a/b"`), or
 * `undefined` when every folder exists. Throws (→ 500 "Internal error.") for an invalid folder name or a
 * file in the way.
 */
export async function mkdirWithParents(
  fs: FsStore,
  rootId: string,
  parentDir: string,
  relativePath: string,
  mtime: number,
): Promise<{ rootId: string; description: string } | undefined> {
  const relative = canonRelative(relativePath)
  const folders = relative.split('/').filter(Boolean)
  const bad = folders.find((name) => isInvalidFileName(name))
  if (bad !== undefined) throw new Error(`invalid dir name ${bad}`)
  let dirPath = joinPath('/', parentDir)
  let dirents = await listDir(fs, rootId, dirPath)
  if (!dirents) throw new Error(`parent_dir ${parentDir} doesn't exist`)
  let depth = 0
  for (; depth < folders.length; depth++) {
    const found: FsDirent | undefined = dirents.find((d) => d.name === folders[depth])
    if (!found) break
    // checkAndCreateDir matches any entry of that name, then fails to read a file as a folder.
    if (!isDirMode(found.mode)) throw new Error(`${found.name} is not a folder`)
    dirPath = joinPath(dirPath, found.name)
    dirents = (await fs.getDir(found.id)) ?? []
  }
  if (depth === folders.length) return undefined
  // genDirRecursive: the chain below the first missing folder, built from the innermost (empty) one.
  let childId = EMPTY_ID
  for (let i = folders.length - 1; i > depth; i--)
    childId = await fs.putDir([{ id: childId, mode: GO_DIR_MODE, mtime, name: folders[i]! }])
  const first: FsDirent = { id: childId, mode: GO_DIR_MODE, mtime, name: folders[depth]! }
  const out = await updateDir(
    fs,
    rootId,
    dirPath,
    (entries) => ({ dirents: [...entries, first], result: null }),
    mtime,
  )
  if (!out) throw new Error(`failed to put dir ${first.name}`)
  return { rootId: out.rootId, description: `Added directory "${relative}"` }
}
