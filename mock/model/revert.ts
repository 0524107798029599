/**
 * seafile_api.revert_file / revert_dir / revert_repo (api2 and v2.1 views): put back what an old commit
 * had, as a new commit on top of the head (the history is never rewritten).
 */
import { isDirMode } from '../sync/fsObjects.ts'
import { type Commit, getCommit } from './commits.ts'
import { normalizePath, splitPath } from './names.ts'
import type { RepoRecord } from './repos.ts'
import { lookup } from './repoTree.ts'
import type { Seafile } from './seafile.ts'
import { addDirent, makeDir } from './treeOps.ts'

/** `%Y-%m-%d %H:%M:%S` of the commit time, as repo-op.c writes it into the description. */
const fmtTime = (s: number) => new Date(s * 1000).toISOString().replace('T', ' ').slice(0, 19)

/**
 * Puts the file or folder `path` of `commit` back (a file replaces the head's, a folder is added, renamed
 * on a clash); missing parents are made. False when `commit` has no such `kind` at `path`.
 */
export async function revertDirent(
  seaf: Seafile,
  repo: RepoRecord,
  user: string,
  commit: Commit,
  path: string,
  kind: 'file' | 'dir',
): Promise<boolean> {
  const old = normalizePath(path) === '/' ? undefined : await lookup(seaf.fs, commit.root_id, path)
  if (!old || isDirMode(old.mode) !== (kind === 'dir')) return false
  const { parent } = splitPath(path)
  if (
    !(await lookup(seaf.fs, (await seaf.repos.head((await seaf.repos.get(repo.id)) ?? repo)).root_id, parent))
  )
    await makeDir(seaf, repo.id, user, parent, { parents: true })
  const description =
    kind === 'file'
      ? () => `Reverted file "${old.name}" to status at ${fmtTime(commit.ctime)}`
      : () => `Recovered deleted directory "${old.name}"`
  await addDirent(seaf, repo.id, user, parent, old, { replace: kind === 'file', description })
  return true
}

/** revert_repo: a new head commit whose tree is `commitId`'s; undefined if that commit is not the repo's. */
export async function revertRepo(
  seaf: Seafile,
  repo: RepoRecord,
  user: string,
  commitId: string,
): Promise<Commit | undefined> {
  const target = await getCommit(seaf.meta, commitId)
  if (!target || target.repo_id !== repo.id) return undefined
  await seaf.repos.mutate(repo.id, user, async () => ({
    rootId: target.root_id,
    description: `Reverted repo to status at ${fmtTime(target.ctime)}.`,
    result: undefined,
  }))
  return target
}
