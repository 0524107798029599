/**
 * api2 routes the mobile and desktop clients use beyond the documents:
 * - block-wise download (the iOS app): `GET /api2/repos/{id}/files/{file_id}/blks/{block_id}/download-link/`
 *   (api2/views.py::FileBlockDownloadLinkView) hands out `FILE_SERVER_ROOT/blks/{token}/{block_id}`, which
 *   the file server answers with the block's stored bytes (fileop.go::accessBlksCB, doBlock);
 * - `GET /api2/repo_history_changes/{id}/?commit_id=` (api2/views.py:4950 RepoHistoryChange →
 *   api2/utils.py:143 get_diff_details): what a commit changed, for the desktop client's and iOS's
 *   activity detail, as seahub 11.0.13 answers it (checked against the real server).
 */
import { ERRORS, fail, fileserverError, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { pathParam, queryParam } from '../http/form.ts'
import { drfResponse, pyJsonResponse } from '../http/responses.ts'
import { type DiffOp, diffRoots } from '../model/commitDiff.ts'
import { getCommit } from '../model/commits.ts'
import { EMPTY_ID } from '../model/objectIds.ts'
import { lookup } from '../model/repoTree.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { loadRepo } from './common.ts'
import type { RouteContext } from './types.ts'

/** seahub/api2/urls.py: file and block ids are 40 hex digits, else the URL does not match (HTML 404). */
const OBJECT_ID = /^[0-9a-f]{40}$/

/** RepoHistoryChange.get's own errors: `{"err": …}` with its status (api2/views.py:4958, :4967). */
function errError(status: number, err: string): never {
  return fail({ status, family: 'seahub', body: { err } })
}

/** api2/utils.py::get_diff_details: get_diff's status → the key seahub lists it under. */
const CHANGE_KEYS: Partial<Record<DiffOp, string>> = {
  new: 'added_files',
  removed: 'deleted_files',
  modified: 'modified_files',
  newdir: 'added_dirs',
  deldir: 'deleted_dirs',
}

export function api2BlocksHistoryRoutes({ routes, app, seaf }: RouteContext): void {
  routes.get(
    '/api2/repos/:repo_id/files/:file_id/blks/:block_id/download-link/',
    async (c) => {
      const fileId = pathParam(c, 'file_id')
      const blockId = pathParam(c, 'block_id')
      if (!OBJECT_ID.test(fileId) || !OBJECT_ID.test(blockId)) fail(ERRORS.DJANGO_NOT_FOUND)
      const repo = await loadRepo(c, seahubError(404, `Library ${pathParam(c, 'repo_id')} not found.`))
      const parentDir = queryParam(c, 'p') ?? '/'
      const dir = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, parentDir)
      if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${parentDir} not found.`))
      if (!(await seaf.getPermission(c.get('user').email, repo)))
        fail(seahubError(403, 'You do not have permission to access this repo.'))
      // get_fileserver_access_token's default is one-time: each link serves its block once.
      const { token } = seaf.accessTokens.create({
        repoId: repo.id,
        op: 'downloadblks',
        objId: fileId,
        user: c.get('user').email,
        oneTime: true,
      })
      return pyJsonResponse(`${seaf.fileServerRoot(c.req.url)}/blks/${token}/${blockId}`)
    },
    { selfChecked: ['p'] },
  )

  /** fileop.go::accessBlksCB + doBlock. */
  async function serveBlock(c: MockContext): Promise<Response> {
    const token = c.req.param('token') ?? ''
    const blockId = c.req.param('block_id') ?? ''
    const grant = seaf.accessTokens.query(token)
    if (!grant) fail(ERRORS.ACCESS_TOKEN_NOT_FOUND)
    if (c.req.header('if-modified-since')) return new Response(null, { status: 304 })
    const repo = await seaf.repos.get(grant.repoId)
    if (!repo) fail(fileserverError(400, 'Bad repo id'))
    const file = await seaf.fs.getFile(grant.objId)
    if (!file) fail(fileserverError(400, 'Invalid file id'))
    if (grant.op !== 'downloadblks') fail(fileserverError(403, 'Operation does not match access token'))
    const block = file.blockIds.includes(blockId) ? await seaf.blocks.get(blockId) : undefined
    // doBlock: a block that is not the file's (or is missing) is a bare 400, no body.
    if (!block) return new Response(null, { status: 400 })
    return new Response(new Uint8Array(block), {
      status: 200,
      headers: {
        'Last-Modified': new Date().toUTCString(),
        'Cache-Control': 'max-age=3600',
        'Access-Control-Allow-Origin': '*',
        'Content-Type': 'application/octet-stream',
        'Content-Disposition': `attachment;filename*=utf-8''${blockId};filename="${blockId}"`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Length': String(block.length),
      },
    })
  }
  for (const prefix of ['', '/seafhttp']) app.get(`${prefix}/blks/:token/:block_id`, serveBlock)

  routes.get(
    '/api2/repo_history_changes/:repo_id/',
    async (c) => {
      const repo = await seaf.repos.get(pathParam(c, 'repo_id'))
      if (!repo) errError(400, 'Library does not exist')
      if (!(await seaf.getPermission(c.get('user').email, repo)) && !c.get('user').isStaff)
        fail(seahubError(403, 'Permission denied.'))
      const commitId = queryParam(c, 'commit_id') ?? ''
      if (!commitId) errError(400, 'Invalid argument')
      const commit = await getCommit(seaf.meta, commitId)
      // The view reads the commit without checking it (an unknown id crashes it); the mock answers 404.
      if (!commit || commit.repo_id !== repo.id) errError(404, `Commit ${commitId} not found.`)
      const parent = commit.parent_id ? await getCommit(seaf.meta, commit.parent_id) : undefined
      // A defaultdict dumped as is: a kind appears only when the commit has such a change.
      const changes: Record<string, string[]> = {}
      const add = (key: string, ...paths: string[]) => {
        changes[key] = [...(changes[key] ?? []), ...paths]
      }
      const rel = (p: string) => p.replace(/^\/+/, '')
      for (const d of await diffRoots(seaf.fs, parent?.root_id ?? EMPTY_ID, commit.root_id)) {
        const key = CHANGE_KEYS[d.op_type]
        if (key) add(key, rel(d.path))
        // A file renamed or moved is `mov` (old and new path, flat); a renamed dir has no status seahub reads.
        else if (!isDirMode(d.dirent.mode)) add('renamed_files', rel(d.path), rel(d.new_path))
      }
      return drfResponse(changes)
    },
    { selfChecked: ['commit_id'] },
  )
}
