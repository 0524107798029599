/**
 * A file's revisions from the commit chain (seafile_api.get_file_revisions): every commit in which the
 * object at the path differs from its parent's, newest first. A rename is followed to the old path.
 */
import { diffRoots } from './commitDiff.ts'
import { type Commit, commitChain, getCommit } from './commits.ts'
import type { RepoRecord } from './repos.ts'
import { lookup } from './repoTree.ts'
import type { Seafile } from './seafile.ts'

export interface FileRevision {
  commit: Commit
  fileId: string
  size: number
  /** The path before a rename this commit made. */
  renamedFrom?: string
}

export async function fileRevisions(
  seaf: Seafile,
  repo: RepoRecord,
  path: string,
  limit = 100,
): Promise<FileRevision[]> {
  const out: FileRevision[] = []
  let current = path
  for await (const commit of commitChain(seaf.meta, repo.headCommitId)) {
    const here = await lookup(seaf.fs, commit.root_id, current)
    if (!here) break
    const parent = commit.parent_id ? await getCommit(seaf.meta, commit.parent_id) : undefined
    const before = parent ? await lookup(seaf.fs, parent.root_id, current) : undefined
    if (before?.id === here.id) continue
    const revision: FileRevision = { commit, fileId: here.id, size: here.size ?? 0 }
    if (!before && parent) {
      const rename = (await diffRoots(seaf.fs, parent.root_id, commit.root_id)).find(
        (d) => (d.op_type === 'renamed' || d.op_type === 'move') && d.new_path === current,
      )
      if (rename) {
        revision.renamedFrom = rename.path
        current = rename.path
      }
    }
    out.push(revision)
    if (out.length >= limit || (!before && !revision.renamedFrom)) break
  }
  return out
}
