import { EMPTY_ID, type FsDirent, isDirMode, isRegularMode } from './fsObjects.ts'

/** Loads a directory's entries, sorted by name descending as stored; `000…0` is the empty directory. */
export type LoadDir = (id: string) => Promise<FsDirent[]>

/** The entries of one name across the trees; a tree without that name (or of the other kind) has `undefined`. */
export type Dents = (FsDirent | undefined)[]

/** What a walk does with each name whose entries differ. */
export interface DiffCallbacks {
  /** Called when at least one tree has a regular file under the name. */
  files?(files: Dents, baseDir: string): void | Promise<void>
  /** Called when at least one tree has a directory; returning `false` skips recursion into them. */
  dirs?(dirs: Dents, baseDir: string): boolean | undefined | Promise<boolean | undefined>
}

/** Loads a directory, or an empty one for the empty id. */
export const loadOrEmpty = (loadDir: LoadDir, id: string): Promise<FsDirent[]> =>
  id === EMPTY_ID ? Promise.resolve([]) : loadDir(id)

/**
 * Walks two or three trees together, name by name (diff.go::DiffTrees): names that are the same entry in every
 * tree (same id, mode and mtime) are skipped, files go to `files`, directories to `dirs` and are recursed into.
 */
export async function diffTrees(roots: string[], loadDir: LoadDir, callbacks: DiffCallbacks): Promise<void> {
  if (roots.length !== 2 && roots.length !== 3) throw new RangeError('the number of commit trees is illegal')
  const trees = await Promise.all(roots.map((root) => loadOrEmpty(loadDir, root)))
  await walk(trees, '', loadDir, callbacks)
}

async function walk(
  trees: (FsDirent[] | undefined)[],
  baseDir: string,
  loadDir: LoadDir,
  callbacks: DiffCallbacks,
): Promise<void> {
  const offsets = trees.map(() => 0)
  for (;;) {
    // Entries are sorted descending, so the next name is the largest head (Go strings.Compare: UTF-8 bytes).
    let name: string | undefined
    trees.forEach((tree, i) => {
      const head = tree?.[offsets[i]!]
      if (head && (name === undefined || compareBytes(head.name, name) > 0)) name = head.name
    })
    if (name === undefined) return
    const dents: Dents = trees.map((tree, i) => {
      const head = tree?.[offsets[i]!]
      if (head?.name !== name) return undefined
      offsets[i]! += 1
      return head
    })
    if (dents.every((d) => d && same(d, dents[0]!))) continue
    const files = dents.map((d) => (d && isRegularMode(d.mode) ? d : undefined))
    if (files.some(Boolean)) await callbacks.files?.(files, baseDir)
    const dirs = dents.map((d) => (d && isDirMode(d.mode) ? d : undefined))
    if (!dirs.some(Boolean)) continue
    if ((await callbacks.dirs?.(dirs, baseDir)) === false) continue
    const subTrees = await Promise.all(dirs.map((d) => (d ? loadOrEmpty(loadDir, d.id) : undefined)))
    await walk(subTrees, `${baseDir}${name}/`, loadDir, callbacks)
  }
}

// diff.go::direntSame
const same = (a: FsDirent, b: FsDirent): boolean => a.id === b.id && a.mode === b.mode && a.mtime === b.mtime

/** Go's string order: bytewise over UTF-8 (JS `<` compares UTF-16 code units, which differs above U+FFFF). */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}
