/** What the link views share: the file behind a path, its file-server URL and its details. */
import { ERRORS, fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { pyJsonResponse } from '../http/responses.ts'
import { fileRevisions } from '../model/fileHistory.ts'
import { normalizePath, splitPath } from '../model/names.ts'
import type { RepoRecord } from '../model/repos.ts'
import { lookup } from '../model/repoTree.ts'
import { type FsDirent, isDirMode } from '../sync/fsObjects.ts'
import { pyQuote } from '../views/format.ts'

export const LINK_FILE_NOT_FOUND = seahubError(404, 'File not found')

/** seahub's URL patterns for link tokens: `(?P<token>[a-f0-9]+)`; anything else is Django's HTML 404. */
export function linkTokenParam(c: MockContext): string {
  const token = c.req.param('token') ?? ''
  if (!/^[a-f0-9]+$/.test(token)) fail(ERRORS.DJANGO_NOT_FOUND)
  return token
}

/** `seafile_api.get_file_id_by_path`: the file at `path` (a folder is not a file), else 404. */
export async function linkedFile(c: MockContext, repo: RepoRecord, path: string): Promise<FsDirent> {
  const seaf = c.get('seaf')
  const dirent = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path)
  if (!dirent || isDirMode(dirent.mode)) fail(LINK_FILE_NOT_FOUND)
  return dirent
}

/**
 * seahub/api2/views.py::get_repo_file: `op=download` (default) answers a one-time file-server URL (JSON
 * string, `oid` header); `op=downloadblks` the block list. Another op makes the real view return nothing
 * (Django's HTML 500); the mock answers 400 `op invalid.`.
 */
export async function linkFileResponse(c: MockContext, repo: RepoRecord, file: FsDirent, user: string) {
  const seaf = c.get('seaf')
  const op = c.req.query('op') ?? 'download'
  const headers = { oid: file.id }
  if (op === 'downloadblks') {
    const blklist = (await seaf.fs.getFile(file.id))?.blockIds ?? []
    return pyJsonResponse(
      {
        file_id: file.id,
        blklist,
        encrypted: blklist.length > 0 && repo.encryption !== undefined,
        enc_version: blklist.length > 0 ? (repo.encryption?.encVersion ?? 0) : 0,
      },
      200,
      headers,
    )
  }
  if (op !== 'download') fail(seahubError(400, 'op invalid.'))
  const { token } = seaf.accessTokens.create({
    repoId: repo.id,
    op: 'download',
    objId: file.id,
    user,
    oneTime: true,
  })
  return pyJsonResponse(
    `${seaf.fileServerRoot(c.req.url)}/files/${token}/${pyQuote(file.name)}`,
    200,
    headers,
  )
}

/** SharedFileDetailView's entry; `mtime` is the time of the file's last revision. */
export async function linkFileDetail(c: MockContext, repo: RepoRecord, path: string, file: FsDirent) {
  const seaf = c.get('seaf')
  const latest = (await fileRevisions(seaf, repo, path, 1))[0]
  return {
    size: file.size ?? 0,
    type: 'file',
    name: splitPath(path).name,
    id: file.id,
    mtime: latest?.commit.ctime ?? file.mtime,
    repo_id: repo.id,
    path: normalizePath(path),
  }
}
