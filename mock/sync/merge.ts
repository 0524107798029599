import { EMPTY_ID, type FsDirent, isDirMode } from './fsObjects.ts'
import { compareBytes, type Dents, type LoadDir, loadOrEmpty } from './treeDiff.ts'

/** What the merge needs besides reading directories. */
export interface MergeIo {
  loadDir: LoadDir
  /** Stores a merged, non-empty directory and returns its id. */
  createDir(dirents: FsDirent[]): Promise<string>
  /** The name the remote side's entry takes when both sides changed `name` in `baseDir`. */
  conflictName(baseDir: string, name: string): Promise<string>
}

export interface MergeResult {
  root: string
  conflict: boolean
}

/**
 * Three-way merge of directory trees as the Go fileserver does when a client's update-branch finds the head
 * moved (merge.go::mergeTrees): `[base, head, remote]`, where head is the server's branch and remote the
 * client's commit. A file both sides changed is kept twice, the remote copy renamed to a conflict name.
 */
export async function mergeTrees(roots: [string, string, string], io: MergeIo): Promise<MergeResult> {
  const state = { conflict: false }
  const trees = await Promise.all(roots.map((root) => loadOrEmpty(io.loadDir, root)))
  const root = await mergeLevel(trees, '', io, state)
  return { root, conflict: state.conflict }
}

type State = { conflict: boolean }

async function mergeLevel(
  trees: (FsDirent[] | undefined)[],
  baseDir: string,
  io: MergeIo,
  state: State,
): Promise<string> {
  const merged: FsDirent[] = []
  const offsets = [0, 0, 0]
  for (;;) {
    let name: string | undefined
    trees.forEach((tree, i) => {
      const head = tree?.[offsets[i]!]
      if (head && (name === undefined || compareBytes(head.name, name) > 0)) name = head.name
    })
    if (name === undefined) break
    // Copies: a conflict renames the remote entry, and the directory pass must see the new name.
    const dents: Dents = trees.map((tree, i) => {
      const head = tree?.[offsets[i]!]
      if (!head || head.name !== name) return undefined
      offsets[i]! += 1
      return { ...head }
    })
    if (dents.some((d) => d && !isDirMode(d.mode)))
      merged.push(...(await mergeEntries(dents, baseDir, io, state)))
    if (dents.some((d) => d && isDirMode(d.mode)))
      merged.push(...(await mergeDirectories(dents, baseDir, io, state)))
  }
  merged.sort((a, b) => compareBytes(b.name, a.name))
  // fsmgr.NewSeafdir: an empty directory is the empty id and is not stored.
  if (merged.length === 0) return EMPTY_ID
  return io.createDir(merged)
}

// merge.go::mergeEntries, case by case.
async function mergeEntries(dents: Dents, baseDir: string, io: MergeIo, state: State): Promise<FsDirent[]> {
  const [base, head, remote] = dents.map((d) => (d && !isDirMode(d.mode) ? d : undefined))
  const rename = async (entry: FsDirent, name: string) => {
    entry.name = await io.conflictName(baseDir, name)
    state.conflict = true
  }
  if (head && remote) {
    if (head.id === remote.id) return [head]
    if (base?.id === head.id) return [remote]
    if (base?.id === remote.id) return [head]
    await rename(remote, head.name)
    return [head, remote]
  }
  if (base && !head && remote) {
    if (base.id === remote.id) return []
    // The head replaced the file with a directory while the remote changed the file.
    if (dents[1]) await rename(remote, remote.name)
    return [remote]
  }
  if (base && head && !remote) {
    if (base.id === head.id) return []
    if (dents[2]) await rename(dents[2], dents[2].name)
    return [head]
  }
  if (!base && !head && remote) {
    if (!dents[1] || dents[0]?.id === dents[1].id) return [remote]
    await rename(remote, remote.name)
    return [remote]
  }
  if (!base && head && !remote) {
    if (!dents[2] || dents[0]?.id === dents[2].id) return [head]
    await rename(dents[2], dents[2].name)
    return [head]
  }
  return []
}

// merge.go::mergeDirectories: bit i set when tree i (base, head, remote) has a directory under the name.
async function mergeDirectories(
  dents: Dents,
  baseDir: string,
  io: MergeIo,
  state: State,
): Promise<FsDirent[]> {
  const dirs = dents.map((d) => (d && isDirMode(d.mode) ? d : undefined))
  const mask = dirs.reduce((m, d, i) => (d ? m | (1 << i) : m), 0)
  const [base, head, remote] = dirs
  switch (mask) {
    case 1:
      return []
    case 2:
      return [head!]
    case 3:
      if (base!.id === head!.id) return []
      break
    case 4:
      return [remote!]
    case 5:
      if (base!.id === remote!.id) return []
      break
    case 6:
    case 7:
      if (head!.id === remote!.id) return [head!]
      if (base?.id === head!.id) return [remote!]
      if (base?.id === remote!.id) return [head!]
      break
  }
  const name = dirs.find(Boolean)!.name
  const subTrees = await Promise.all(dirs.map((d) => (d ? loadOrEmpty(io.loadDir, d.id) : undefined)))
  const id = await mergeLevel(subTrees, `${baseDir}${name}/`, io, state)
  const kept = mask === 5 ? remote! : head!
  return [{ ...kept, id }]
}

/**
 * merge.go::genConflictPath: `name (SFConflict <modifier> 2006-Jan-2-15-04-05).ext`, the extension being
 * everything after the first dot.
 */
export function conflictFileName(name: string, modifier: string, now = new Date()): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  const two = (n: number) => String(n).padStart(2, '0')
  const time = `${now.getFullYear()}-${months[now.getMonth()]}-${now.getDate()}-${two(now.getHours())}-${two(now.getMinutes())}-${two(now.getSeconds())}`
  const tag = modifier ? `SFConflict ${modifier} ${time}` : `SFConflict ${time}`
  const dot = name.indexOf('.')
  return dot < 0 ? `${name} (${tag})` : `${name} (${tag}).${name.slice(dot + 1)}`
}
