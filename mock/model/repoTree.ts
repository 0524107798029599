/**
 * Path operations over content-addressed trees: resolve a path, and rewrite one directory producing new
 * dir objects up to a new root (repo-op.c::post_file_recursive: every ancestor's dirent gets mtime = now).
 */
import { type FsDirent, isDirMode } from '../sync/fsObjects.ts'
import type { FsStore } from './fsStore.ts'
import { normalizePath } from './names.ts'
import { DIR_MODE, EMPTY_ID } from './objectIds.ts'

export const nowSeconds = (): number => Math.floor(Date.now() / 1000)

/** The root as a dirent, so callers treat every path alike. */
export const rootDirent = (rootId: string): FsDirent => ({ id: rootId, mode: DIR_MODE, mtime: 0, name: '' })

/** The dirent at `path` (the root for `/`), or `undefined`. */
export async function lookup(fs: FsStore, rootId: string, path: string): Promise<FsDirent | undefined> {
  let current = rootDirent(rootId)
  for (const name of normalizePath(path).split('/').filter(Boolean)) {
    if (!isDirMode(current.mode)) return undefined
    const next = (await fs.getDir(current.id))?.find((d) => d.name === name)
    if (!next) return undefined
    current = next
  }
  return current
}

/** The entries of the directory at `path`, or `undefined` if it is missing or a file. */
export async function listDir(fs: FsStore, rootId: string, path: string): Promise<FsDirent[] | undefined> {
  const dirent = await lookup(fs, rootId, path)
  if (!dirent || !isDirMode(dirent.mode)) return undefined
  return fs.getDir(dirent.id)
}

/** Rewrites a directory's entries; may return extra data, which `updateDir` passes back. */
export type DirEdit<T> = (
  dirents: FsDirent[],
) => Promise<{ dirents: FsDirent[]; result: T }> | { dirents: FsDirent[]; result: T }

/**
 * Applies `edit` to the directory at `dirPath` and writes the changed dirs up to a new root. Returns
 * `undefined` when `dirPath` is missing or not a directory.
 */
export async function updateDir<T>(
  fs: FsStore,
  rootId: string,
  dirPath: string,
  edit: DirEdit<T>,
  mtime = nowSeconds(),
): Promise<{ rootId: string; result: T } | undefined> {
  const names = normalizePath(dirPath).split('/').filter(Boolean)
  const rewrite = async (dirId: string, depth: number): Promise<{ id: string; result: T } | undefined> => {
    const dirents = await fs.getDir(dirId)
    if (!dirents) return undefined
    if (depth === names.length) {
      const edited = await edit([...dirents])
      return { id: await fs.putDir(edited.dirents), result: edited.result }
    }
    const index = dirents.findIndex((d) => d.name === names[depth])
    const child = dirents[index]
    if (!child || !isDirMode(child.mode)) return undefined
    const sub = await rewrite(child.id, depth + 1)
    if (!sub) return undefined
    const next = [...dirents]
    next[index] = { ...child, id: sub.id, mtime }
    return { id: await fs.putDir(next), result: sub.result }
  }
  const out = await rewrite(rootId, 0)
  return out && { rootId: out.id, result: out.result }
}

/** Every entry below `dirId`, depth first in listing order, with the dir path each lies in. */
export async function* walkTree(
  fs: FsStore,
  dirId: string,
  dirPath = '/',
): AsyncGenerator<{ dirent: FsDirent; parent: string }> {
  for (const dirent of (await fs.getDir(dirId)) ?? []) {
    yield { dirent, parent: dirPath }
    if (isDirMode(dirent.mode) && dirent.id !== EMPTY_ID) {
      yield* walkTree(fs, dirent.id, dirPath === '/' ? `/${dirent.name}` : `${dirPath}/${dirent.name}`)
    }
  }
}
