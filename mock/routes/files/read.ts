/** Reading a file: its download link, detail, history and a revision link. */
import { ERRORS, fail, seahubError } from '../../errors.ts'
import type { MockContext } from '../../http/env.ts'
import { queryParam } from '../../http/form.ts'
import { drfResponse, pyJsonResponse } from '../../http/responses.ts'
import { getCommit } from '../../model/commits.ts'
import { fileRevisions } from '../../model/fileHistory.ts'
import { normalizePath, splitPath } from '../../model/names.ts'
import type { RepoRecord } from '../../model/repos.ts'
import { lookup } from '../../model/repoTree.ts'
import { type FsDirent, isDirMode } from '../../sync/fsObjects.ts'
import { isoTime, pyQuote, userInfo } from '../../views/format.ts'
import { loadRepo, requireDecrypted, requirePermission } from '../common.ts'
import type { RouteContext } from '../types.ts'

export function fileReadRoutes({ routes, seaf }: RouteContext): void {
  /** The file at `p` in the head, or 404 `File not found` (a directory is not a file). */
  async function headFile(repo: RepoRecord, path: string, rootId?: string): Promise<FsDirent> {
    const root = rootId ?? (await seaf.repos.head(repo)).root_id
    const file = await lookup(seaf.fs, root, path)
    if (!file || isDirMode(file.mode) || normalizePath(path) === '/') fail(ERRORS.FILE_NOT_FOUND)
    return file
  }

  /** `p`, present; 400 `Path is missing.` otherwise. */
  const pathOf = (c: MockContext) => queryParam(c, 'p') || fail(ERRORS.PATH_MISSING)

  /** A `…/files/<token>/<quoted name>` link for a file object (get_fileserver_access_token). */
  function downloadUrl(
    c: MockContext,
    repo: RepoRecord,
    fileId: string,
    name: string,
    oneTime: boolean,
  ): string {
    const { token } = seaf.accessTokens.create({
      repoId: repo.id,
      op: 'download',
      objId: fileId,
      user: c.get('user').email,
      oneTime,
    })
    return `${seaf.fileServerRoot(c.req.url)}/files/${token}/${pyQuote(name)}`
  }

  routes.get(
    '/api2/repos/:repo_id/file/',
    async (c) => {
      const path = pathOf(c)
      const repo = await loadRepo(c)
      await requirePermission(
        c,
        repo,
        'r',
        seahubError(403, 'You do not have permission to access this file.'),
      )
      requireDecrypted(c, repo)
      const reuse = queryParam(c, 'reuse') ?? '0'
      if (reuse !== '0' && reuse !== '1') fail(seahubError(400, 'reuse invalid.'))
      const file = await headFile(repo, path)
      const headers = { oid: file.id }
      if (queryParam(c, 'op') === 'downloadblks') {
        const blocks = (await seaf.fs.getFile(file.id))?.blockIds ?? []
        return pyJsonResponse(
          {
            file_id: file.id,
            blklist: blocks,
            encrypted: repo.encryption !== undefined,
            enc_version: repo.encryption?.encVersion ?? 0,
          },
          200,
          headers,
        )
      }
      return pyJsonResponse(downloadUrl(c, repo, file.id, file.name, reuse !== '1'), 200, headers)
    },
    { selfChecked: ['p', 'reuse', 'op'] },
  )

  routes.get(
    '/api2/repos/:repo_id/file/detail/',
    async (c) => {
      const path = pathOf(c)
      const repo = await loadRepo(c)
      const perm = await requirePermission(c, repo)
      const file = await headFile(repo, path)
      const modifier = await userInfo(seaf, file.modifier ?? '')
      const starred = (await seaf.starred.pathsIn(c.get('user').email, repo.id)).has(normalizePath(path))
      return drfResponse({
        type: 'file',
        id: file.id,
        name: file.name,
        permission: perm,
        mtime: file.mtime,
        last_modified: isoTime(file.mtime),
        last_modifier_email: modifier.email,
        last_modifier_name: modifier.name,
        last_modifier_contact_email: modifier.contact_email,
        size: file.size ?? 0,
        starred,
        comment_total: 0,
        can_edit: perm === 'rw',
      })
    },
    { selfChecked: ['p'] },
  )

  routes.get(
    '/api2/repos/:repo_id/file/history/',
    async (c) => {
      const path = pathOf(c)
      const repo = await loadRepo(c)
      await requirePermission(c, repo)
      await headFile(repo, path)
      const revisions = await fileRevisions(seaf, repo, normalizePath(path))
      const commits = await Promise.all(
        revisions.map(async ({ commit, fileId, size, renamedFrom }) => ({
          id: commit.commit_id,
          repo_id: commit.repo_id,
          ctime: commit.ctime,
          desc: commit.description,
          creator: commit.creator,
          creator_name: commit.creator_name,
          root_id: commit.root_id,
          parent_id: commit.parent_id,
          second_parent_id: commit.second_parent_id,
          new_merge: false,
          conflict: false,
          version: commit.version,
          rev_file_id: fileId,
          rev_file_size: size,
          rev_renamed_old_path: renamedFrom ?? null,
          device_name: commit.device_name ?? null,
          client_version: commit.client_version ?? null,
          next_start_commit: null,
          user_info: await userInfo(seaf, commit.creator_name),
        })),
      )
      return drfResponse({ commits })
    },
    { selfChecked: ['p'] },
  )

  // FileRevision.get: a one-time link to the file object as it was in `commit_id`.
  routes.get(
    '/api2/repos/:repo_id/file/revision/',
    async (c) => {
      const path = pathOf(c)
      const commitId = queryParam(c, 'commit_id')
      if (!commitId) fail(seahubError(400, 'Missing commit_id'))
      const repo = await loadRepo(c)
      await requirePermission(c, repo)
      const commit = await getCommit(seaf.meta, commitId)
      if (!commit || commit.repo_id !== repo.id) fail(seahubError(404, 'Commit not found'))
      const file = await headFile(repo, path, commit.root_id)
      return pyJsonResponse(downloadUrl(c, repo, file.id, splitPath(path).name, true))
    },
    { selfChecked: ['p', 'commit_id'] },
  )
}
