/**
 * History over api/v2.1: a file's revisions (file_history.py::FileHistoryView, NewFileHistoryView), a
 * folder as an old commit had it (repo_commit_dir.py), reverting the library to a commit
 * (repo_commit_revert.py), restoring trash entries (repo_trash.py::RepoTrashRevertDirents). All read the
 * same commit chain as the api2 history and the v2.1 trash.
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, pathParam, queryParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { getCommit } from '../model/commits.ts'
import { fileRevisions } from '../model/fileHistory.ts'
import { normalizePath } from '../model/names.ts'
import type { RepoRecord } from '../model/repos.ts'
import { lookup } from '../model/repoTree.ts'
import { revertDirent, revertRepo } from '../model/revert.ts'
import { avatarUrl } from '../sharing/shareItemJson.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { isoTime, userInfo } from '../views/format.ts'
import { requirePermission } from './common.ts'
import type { RouteContext } from './types.ts'
import { dirPathForm, v21Repo } from './v21-common.ts'

/** `path` of the query, present; 400 `path invalid.` otherwise. */
const pathArg = (c: MockContext) => queryParam(c, 'path') || fail(seahubError(400, 'path invalid.'))

/** A positive integer query parameter; seahub falls back to `fallback` when it does not parse. */
function intArg(c: MockContext, name: string, fallback: number): number {
  const value = Number.parseInt(queryParam(c, name) ?? '', 10)
  return Number.isInteger(value) ? value : fallback
}

export function v21HistoryRoutes({ routes, seaf }: RouteContext): void {
  /** The file at `path` of `commitId` (get_file_id_by_commit_and_path), or 404 `File <path> not found.` */
  async function fileAt(repo: RepoRecord, commitId: string, path: string) {
    const commit = await getCommit(seaf.meta, commitId)
    const file = commit?.repo_id === repo.id ? await lookup(seaf.fs, commit.root_id, path) : undefined
    if (!file || isDirMode(file.mode) || normalizePath(path) === '/')
      fail(seahubError(404, `File ${path} not found.`))
  }

  const creator = async (c: MockContext, email: string) => {
    const who = await userInfo(seaf, email)
    return {
      creator_avatar_url: avatarUrl(seaf, c.req.url),
      creator_email: who.email,
      creator_name: who.name,
      creator_contact_email: who.contact_email,
    }
  }

  routes.get(
    '/api/v2.1/repos/:repo_id/file/history/',
    async (c) => {
      const path = pathArg(c)
      const repo = await v21Repo(c)
      const start = queryParam(c, 'commit_id') || repo.headCommitId
      await fileAt(repo, start, path)
      await requirePermission(c, repo)
      const asked = intArg(c, 'limit', 50)
      const limit = asked < 1 ? 50 : asked
      const revisions = await fileRevisions(
        seaf,
        { ...repo, headCommitId: start },
        normalizePath(path),
        limit,
      )
      const data = await Promise.all(
        revisions.map(async ({ commit, fileId, size, renamedFrom }) => ({
          ...(await creator(c, commit.creator_name)),
          ctime: isoTime(commit.ctime),
          description: commit.description,
          commit_id: commit.commit_id,
          size,
          rev_file_id: fileId,
          rev_renamed_old_path: renamedFrom ?? null,
          path,
        })),
      )
      // get_file_revisions_within_limit: where to go on once `limit` revisions were found, else False.
      const last = revisions.at(-1)
      const next = revisions.length >= limit && last ? (last.commit.parent_id ?? false) : false
      return drfResponse({ data, next_start_commit: next })
    },
    { selfChecked: ['path', 'commit_id', 'limit', 'avatar_size'] },
  )

  routes.get(
    '/api/v2.1/repos/:repo_id/file/new_history/',
    async (c) => {
      const path = pathArg(c)
      const repo = await v21Repo(c)
      await fileAt(repo, repo.headCommitId, path)
      await requirePermission(c, repo)
      const page = intArg(c, 'page', 1)
      const perPage = intArg(c, 'per_page', 25)
      const all = await fileRevisions(seaf, repo, normalizePath(path), Number.MAX_SAFE_INTEGER)
      const slice = all.slice(Math.max(0, (page - 1) * perPage), Math.max(0, page * perPage))
      const data = await Promise.all(
        slice.map(async ({ commit, fileId, size, renamedFrom }, i) => ({
          ...(await creator(c, commit.creator_name)),
          // The oldest revision is the file's creation; a rename says so; every other one is an edit.
          op_type: renamedFrom ? 'rename' : (page - 1) * perPage + i === all.length - 1 ? 'create' : 'edit',
          ctime: isoTime(commit.ctime),
          commit_id: commit.commit_id,
          size,
          rev_file_id: fileId,
          old_path: renamedFrom ?? '',
          path,
        })),
      )
      return drfResponse({ data, page, total_count: all.length })
    },
    { selfChecked: ['path', 'page', 'per_page', 'avatar_size'] },
  )

  routes.get(
    '/api/v2.1/repos/:repo_id/commits/:commit_id/dir/',
    async (c) => {
      const path = dirPathForm(queryParam(c, 'path') ?? '/')
      const repo = await v21Repo(c)
      const commit = await getCommit(seaf.meta, pathParam(c, 'commit_id'))
      // RepoCommitDirView formats the missing commit object itself, i.e. `None`.
      if (!commit || commit.repo_id !== repo.id) fail(seahubError(404, 'Commit None not found.'))
      const dir = await lookup(seaf.fs, commit.root_id, path)
      if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${path} not found.`))
      await requirePermission(c, repo)
      const dirents = (await seaf.fs.getDir(dir.id)) ?? []
      return drfResponse({
        dirent_list: dirents.map((d) =>
          isDirMode(d.mode)
            ? { type: 'dir', parent_dir: path, obj_id: d.id, name: d.name }
            : { type: 'file', size: d.size ?? 0, parent_dir: path, obj_id: d.id, name: d.name },
        ),
      })
    },
    { selfChecked: ['path'] },
  )

  routes.post('/api/v2.1/repos/:repo_id/commits/:commit_id/revert/', async (c) => {
    const repo = await v21Repo(c)
    const commitId = pathParam(c, 'commit_id')
    const commit = await getCommit(seaf.meta, commitId)
    if (!commit || commit.repo_id !== repo.id) fail(seahubError(404, `Commit ${commitId} not found.`))
    const user = c.get('user').email
    if (repo.owner !== user) fail(seahubError(403, 'Permission denied.'))
    if (repo.encryption && !seaf.passwords.isSet(repo.id, user))
      fail(seahubError(403, 'This library has not been decrypted.'))
    await revertRepo(seaf, repo, user, commitId)
    return drfResponse({ success: true })
  })

  routes.post(
    '/api/v2.1/repos/:repo_id/trash/revert-dirents/',
    async (c) => {
      const form = await readForm(c)
      const raw = form.path
      const paths = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(Boolean)
      if (paths.length === 0) fail(seahubError(400, 'path invalid.'))
      const commitId = field(form, 'commit_id')
      if (!commitId) fail(seahubError(400, 'commit_id invalid.'))
      const repo = await v21Repo(c)
      await requirePermission(c, repo, 'rw')
      const user = c.get('user').email
      const commit = await getCommit(seaf.meta, commitId)
      const success: { path: string; is_dir: boolean }[] = []
      const failed: { path: string; error_msg: string }[] = []
      for (const path of paths) {
        const ok = commit?.repo_id === repo.id
        if (ok && (await revertDirent(seaf, repo, user, commit, path, 'dir')))
          success.push({ path, is_dir: true })
        else if (ok && (await revertDirent(seaf, repo, user, commit, path, 'file')))
          success.push({ path, is_dir: false })
        else failed.push({ path, error_msg: `Dirent ${path} not found.` })
      }
      return drfResponse({ failed, success })
    },
    { selfChecked: ['path', 'commit_id'] },
  )
}
