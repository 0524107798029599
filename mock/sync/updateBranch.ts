import type { SyncBackend } from './backend.ts'
import { parseCommit } from './commitJson.ts'
import { type FsDirent, readFsObject } from './fsObjects.ts'
import { conflictFileName, mergeTrees } from './merge.ts'
import type { LoadDir } from './treeDiff.ts'
import { filesWithMissingBlocks, touchesDotDot } from './updateChecks.ts'

/** How update-branch ends: 200, or the status and body text the Go fileserver sends. */
export type UpdateOutcome = { ok: true; head: string } | { ok: false; status: number; message: string }

/** Directory listing over a backend's stored objects. */
export function dirLoader(backend: SyncBackend, repoId: string): LoadDir {
  return async (id) => {
    const stored = await backend.readFsObject(repoId, id)
    if (!stored) throw new Error(`Failed to find dir ${repoId}:${id}`)
    const object = readFsObject(stored)
    if (object.type !== 3) throw new Error(`fs object ${id} is not a directory`)
    return object.dirents
  }
}

const fail = (status: number, message: string): UpdateOutcome => ({ ok: false, status, message })

/** fileop.go::fastForwardOrMerge retries a lost race three times. */
const ATTEMPTS = 4

/**
 * `PUT /repo/{id}/commit/HEAD?head=<new>` after token and permission checks (sync_api.go::putUpdateBranchCB):
 * the new commit and its parent must be stored, no `..` names, quota, every new block present (446, as with
 * the default `verify_client_blocks`), then fast-forward, or a server-side three-way merge when the branch
 * moved since the client's base.
 */
export async function updateBranch(
  backend: SyncBackend,
  repoId: string,
  user: string,
  newCommitId: string,
): Promise<UpdateOutcome> {
  const newCommit = await loadCommit(backend, repoId, newCommitId)
  if (!newCommit) return fail(500, '')
  const base = newCommit.parentId ? await loadCommit(backend, repoId, newCommit.parentId) : undefined
  if (!base) return fail(500, '')
  const loadDir = dirLoader(backend, repoId)
  if (await touchesDotDot(base.rootId, newCommit.rootId, loadDir).catch(() => false)) {
    return fail(400, 'Dir or file name is ..')
  }
  if (await backend.quotaExceeded(repoId, 0)) return fail(443, 'Out of quota.\n')
  let missing: string[]
  try {
    missing = await filesWithMissingBlocks(
      base.rootId,
      newCommit.rootId,
      loadDir,
      async (id) => {
        const stored = await backend.readFsObject(repoId, id)
        return stored && readFsObject(stored)
      },
      (id) => backend.hasBlock(repoId, id),
    )
  } catch {
    return fail(446, '')
  }
  if (missing.length > 0) return fail(446, JSON.stringify(missing))

  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const head = await backend.headCommitId(repoId)
    if (!head) return fail(500, '')
    let next = newCommitId
    if (head !== base.commitId) {
      const current = await loadCommit(backend, repoId, head)
      if (!current) return fail(500, '')
      const merged = await mergeTrees([base.rootId, current.rootId, newCommit.rootId], {
        loadDir,
        createDir: (dirents) => backend.createDir(repoId, dirents),
        conflictName: async (baseDir, name) => {
          const modifier = (await findDirent(loadDir, newCommit.rootId, `${baseDir}${name}`))?.modifier
          return conflictFileName(name, modifier ?? newCommit.creatorName ?? '')
        },
      })
      // fileop.go::genCommitNeedRetry: the merge commit's first parent is the current head.
      next = await backend.createCommit(repoId, {
        rootId: merged.root,
        parentId: head,
        secondParentId: newCommitId,
        user,
        description: 'Auto merge by system',
        newMerge: true,
        conflict: merged.conflict,
      })
    }
    if (await backend.compareAndSetHead(repoId, head, next)) return { ok: true, head: next }
  }
  return fail(500, '')
}

async function loadCommit(backend: SyncBackend, repoId: string, commitId: string) {
  const raw = await backend.readCommit(repoId, commitId)
  if (!raw) return undefined
  try {
    return parseCommit(raw)
  } catch {
    return undefined
  }
}

async function findDirent(loadDir: LoadDir, rootId: string, path: string): Promise<FsDirent | undefined> {
  let dirId = rootId
  let found: FsDirent | undefined
  for (const part of path.split('/').filter(Boolean)) {
    found = (await loadDir(dirId).catch(() => [])).find((d) => d.name === part)
    if (!found) return undefined
    dirId = found.id
  }
  return found
}
