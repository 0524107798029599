import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** A library's content: files by path (`/a/b.txt`) and directories by path (`/a`). */
export interface Tree {
  files: Map<string, Buffer>
  dirs: Set<string>
}

export const emptyTree = (): Tree => ({ files: new Map(), dirs: new Set() })

/** Reads a worktree from disk. */
export async function readTree(root: string, prefix = '', tree = emptyTree()): Promise<Tree> {
  for (const entry of await readdir(join(root, prefix), { withFileTypes: true })) {
    const path = `${prefix}/${entry.name}`
    if (entry.isDirectory()) {
      tree.dirs.add(path)
      await readTree(root, path, tree)
    } else if (entry.isFile()) {
      tree.files.set(path, await readFile(join(root, path)))
    }
  }
  return tree
}

/** The differences between two trees, one line each (paths, then sizes of files whose bytes differ). */
export function diffTrees(expected: Tree, actual: Tree): string[] {
  const problems: string[] = []
  for (const dir of expected.dirs) if (!actual.dirs.has(dir)) problems.push(`missing dir ${dir}`)
  for (const dir of actual.dirs) if (!expected.dirs.has(dir)) problems.push(`extra dir ${dir}`)
  for (const [path, bytes] of expected.files) {
    const got = actual.files.get(path)
    if (!got) problems.push(`missing file ${path}`)
    else if (!got.equals(bytes)) problems.push(`different bytes in ${path}: ${got.length} vs ${bytes.length}`)
  }
  for (const path of actual.files.keys()) if (!expected.files.has(path)) problems.push(`extra file ${path}`)
  return problems
}
