/**
 * Files over api/v2.1 (seahub/api2/endpoints/file.py::FileView): info, create/rename/move/copy/revert,
 * lock/unlock (Pro; the mock has locks, as its api2 PUT does), delete. Form or JSON bodies (DRF parsers).
 */
import { ERRORS, fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { type Form, field, queryParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { getCommit } from '../model/commits.ts'
import { isValidName, joinName, normalizePath, splitPath } from '../model/names.ts'
import { EMPTY_ID } from '../model/objectIds.ts'
import type { RepoRecord } from '../model/repos.ts'
import { revertDirent } from '../model/revert.ts'
import { commitNewFile, copyPath, removePath, renamePath } from '../model/treeOps.ts'
import { requirePermission } from './common.ts'
import type { RouteContext } from './types.ts'
import { dirname, dirPathForm, fileInfo, isHeadDir, isHeadFile, operationOf, v21Repo } from './v21-common.ts'

/** MAX_UPLOAD_FILE_NAME_LEN. */
const MAX_NAME = 255

/** `p` of the query, present, as normalize_file_path makes it (`/a/b`); 400 `p invalid.` otherwise. */
function filePath(c: MockContext): string {
  const p = queryParam(c, 'p')
  if (!p) fail(seahubError(400, 'p invalid.'))
  return normalizePath(p)
}

/** A non-negative integer `expire` (seconds), default 0; 400 `expire invalid.` otherwise. */
function expireOf(form: Form): number {
  const raw = (field(form, 'expire') ?? '0').trim()
  if (!/^[-+]?\d+$/.test(raw) || Number(raw) < 0) fail(seahubError(400, 'expire invalid.'))
  return Number(raw)
}

export function v21FileRoutes({ routes, seaf }: RouteContext): void {
  const fileOr404 = async (repo: RepoRecord, path: string) => {
    if (!(await isHeadFile(seaf, repo, path))) fail(seahubError(404, `File ${path} not found.`))
  }
  /** check_file_lock: someone else's lock refuses renames, moves and deletes (403 `File is locked`). */
  const notLockedByOthers = async (c: MockContext, repo: RepoRecord, path: string) => {
    const lock = await seaf.locks.get(repo.id, path)
    if (lock && lock.owner !== c.get('user').email) fail(seahubError(403, 'File is locked'))
  }
  const info = async (repo: RepoRecord, path: string) => drfResponse(await fileInfo(seaf, repo, path))

  routes.get(
    '/api/v2.1/repos/:repo_id/file/',
    async (c) => {
      const path = filePath(c)
      const repo = await v21Repo(c)
      await fileOr404(repo, path)
      await requirePermission(c, repo)
      return info(repo, path)
    },
    { selfChecked: ['p'] },
  )

  routes.post(
    '/api/v2.1/repos/:repo_id/file/',
    async (c) => {
      const path = filePath(c)
      const form = await readForm(c)
      const operation = operationOf(
        form,
        ['create', 'rename', 'move', 'copy', 'revert'],
        // seahub 11 (api2/endpoints/file.py:161) names `convert` (SeaDoc conversion), which the mock lacks.
        "operation can only be 'create', 'rename', 'move', 'copy', 'convert' or 'revert'.",
      )
      const repo = await v21Repo(c)
      const user = c.get('user').email
      const parent = dirname(path)
      if (operation === 'create') {
        if (!(await isHeadDir(seaf, repo, parent))) fail(seahubError(404, `Folder ${parent} not found.`))
        await requirePermission(c, repo, 'rw')
        const name = splitPath(path).name
        if (!isValidName(name)) fail(seahubError(400, 'name invalid.'))
        const made = await commitNewFile(seaf, repo.id, parent, name, { fileId: EMPTY_ID, size: 0 }, user)
        return info(repo, joinName(parent, made.name))
      }
      if (operation === 'rename') {
        const newName = field(form, 'newname')
        if (!newName) fail(seahubError(400, 'newname invalid.'))
        if (!isValidName(newName)) fail(seahubError(400, 'name invalid.'))
        if (newName.length > MAX_NAME) fail(seahubError(400, 'newname is too long.'))
        if (newName === splitPath(path).name) fail(seahubError(400, 'The new name is the same to the old'))
        await fileOr404(repo, path)
        await requirePermission(c, repo, 'rw')
        await notLockedByOthers(c, repo, path)
        const { name } = await renamePath(seaf, repo.id, user, path, newName)
        return info(repo, joinName(parent, name))
      }
      if (operation === 'move' || operation === 'copy') return moveOrCopy(c, repo, path, form, operation)
      const commitId = field(form, 'commit_id')
      if (!commitId) fail(seahubError(400, 'commit_id invalid.'))
      await requirePermission(c, repo, 'rw')
      await notLockedByOthers(c, repo, path)
      const commit = await getCommit(seaf.meta, commitId)
      const reverted =
        commit?.repo_id === repo.id && (await revertDirent(seaf, repo, user, commit, path, 'file'))
      if (!reverted) fail(ERRORS.INTERNAL_SERVER_ERROR)
      return drfResponse({ success: true })
    },
    { selfChecked: ['p', 'operation', 'newname', 'dst_repo', 'dst_dir', 'commit_id'] },
  )

  /** FileView.post move/copy: into `dst_dir` of `dst_repo`, renamed `x (1).txt` on a clash. */
  async function moveOrCopy(c: MockContext, repo: RepoRecord, path: string, form: Form, op: string) {
    const dstRepoId = field(form, 'dst_repo')
    // FileView.post (copy) names the field `dst_repo_id` in its message.
    if (!dstRepoId) fail(seahubError(400, op === 'copy' ? 'dst_repo_id invalid.' : 'dst_repo invalid.'))
    const rawDir = field(form, 'dst_dir')
    if (!rawDir) fail(seahubError(400, 'dst_dir invalid.'))
    const dstDir = dirPathForm(rawDir)
    await fileOr404(repo, path)
    const dst = await c.get('seaf').repos.get(dstRepoId)
    if (!dst) fail(seahubError(404, `Library ${dstRepoId} not found.`))
    if (!(await isHeadDir(seaf, dst, dstDir))) fail(seahubError(404, `Folder ${dstDir} not found.`))
    await requirePermission(c, repo, op === 'move' ? 'rw' : 'r')
    await requirePermission(c, dst, 'rw')
    const user = c.get('user').email
    const sameDir = dst.id === repo.id && dirPathForm(dirname(path)) === dstDir
    if (op === 'move') {
      await notLockedByOthers(c, repo, path)
      if (sameDir) return info(repo, path)
    }
    // A copy into its own folder finds its name taken (check_filename_with_rename): `x (1).txt`.
    const final = await copyPath(seaf, repo.id, path, dst.id, dstDir, user, { move: op === 'move' })
    return info(dst, joinName(dstDir, final))
  }

  routes.put(
    '/api/v2.1/repos/:repo_id/file/',
    async (c) => {
      const path = filePath(c)
      const form = await readForm(c)
      const operation = operationOf(
        form,
        ['lock', 'unlock', 'refresh-lock'],
        "operation can only be 'lock', 'unlock' or 'refresh-lock'.",
      )
      const repo = await v21Repo(c)
      await fileOr404(repo, path)
      await requirePermission(c, repo, 'rw')
      const user = c.get('user').email
      const lock = await seaf.locks.get(repo.id, path)
      const now = Math.floor(Date.now() / 1000)
      if (operation === 'lock') {
        if (lock) fail(seahubError(400, 'File is locked'))
        const expire = expireOf(form)
        await seaf.locks.lock({
          repoId: repo.id,
          path,
          owner: user,
          created: now,
          expire: expire ? now + expire : 0,
        })
      } else if (operation === 'unlock') {
        if (!lock) fail(seahubError(400, 'File is not locked.'))
        if (lock.owner !== user && repo.owner !== user)
          fail(seahubError(403, 'You can not unlock this file.'))
        await seaf.locks.unlock(repo.id, path)
      } else {
        if (!lock) fail(seahubError(400, 'File is not locked.'))
        const expire = expireOf(form)
        if (lock.owner !== user) fail(seahubError(403, "You can not refresh this file's lock."))
        await seaf.locks.lock({ ...lock, expire: expire ? now + expire : 0 })
      }
      return info(repo, path)
    },
    { selfChecked: ['p', 'operation', 'expire'] },
  )

  routes.delete(
    '/api/v2.1/repos/:repo_id/file/',
    async (c) => {
      const path = filePath(c)
      const repo = await v21Repo(c)
      // FileView.delete: a missing file is already gone (no commit, no `commit_id`).
      if (!(await isHeadFile(seaf, repo, path))) return drfResponse({ success: true })
      await requirePermission(c, repo, 'rw')
      await notLockedByOthers(c, repo, path)
      const before = repo.headCommitId
      await removePath(seaf, repo.id, c.get('user').email, path)
      return drfResponse({ success: true, commit_id: before })
    },
    { selfChecked: ['p'] },
  )
}
