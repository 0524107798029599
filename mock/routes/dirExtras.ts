/** v2.1 dir detail (endpoints/dir.py::DirDetailView) and the api2 dir download link (DirDownloadView). */
import { fail, seahubError } from '../errors.ts'
import { queryParam } from '../http/form.ts'
import { pythonJson } from '../http/json.ts'
import { drfResponse, pyJsonResponse } from '../http/responses.ts'
import { normalizePath, splitPath } from '../model/names.ts'
import { lookup } from '../model/repoTree.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { isoTime } from '../views/format.ts'
import { loadRepo, requireDecrypted, requirePermission } from './common.ts'
import type { RouteContext } from './types.ts'

export function dirExtraRoutes({ routes, seaf }: RouteContext): void {
  routes.get(
    '/api/v2.1/repos/:repo_id/dir/detail/',
    async (c) => {
      const raw = queryParam(c, 'path')
      if (!raw) fail(seahubError(400, 'path invalid.'))
      const path = normalizePath(raw)
      const repo = await loadRepo(c, seahubError(404, `Library ${c.req.param('repo_id')} not found.`))
      const perm = await requirePermission(c, repo)
      const head = await seaf.repos.head(repo)
      const dir = await lookup(seaf.fs, head.root_id, path)
      if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${raw} not found.`))
      const stats = await seaf.fs.stats(dir.id)
      const dirCount = ((await seaf.fs.getDir(dir.id)) ?? []).filter((d) => isDirMode(d.mode)).length
      return drfResponse({
        repo_id: repo.id,
        path: path === '/' ? '/' : `${path}/`,
        name: path === '/' ? repo.name : splitPath(path).name,
        mtime: path === '/' ? isoTime(head.ctime) : isoTime(dir.mtime),
        permission: perm,
        file_count: stats.files,
        dir_count: dirCount,
        size: stats.size,
      })
    },
    { selfChecked: ['path'] },
  )

  // DirDownloadView: a `download-dir` token for the zip route, as the zip task does.
  routes.get(
    '/api2/repos/:repo_id/dir/download/',
    async (c) => {
      const repo = await loadRepo(c)
      const p = queryParam(c, 'p')
      if (!p) fail(seahubError(400, 'Path is missing.'))
      await requirePermission(c, repo)
      requireDecrypted(c, repo)
      const path = normalizePath(p)
      const dir = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path)
      if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${p} not found.`))
      const dirName = path === '/' ? repo.name : splitPath(path).name
      const { token } = seaf.accessTokens.create({
        repoId: repo.id,
        op: 'download-dir',
        objId: pythonJson({ obj_id: dir.id, dir_name: dirName, is_windows: 0 }),
        user: c.get('user').email,
        oneTime: true,
      })
      return pyJsonResponse(`${seaf.fileServerRoot(c.req.url)}/zip/${token}`)
    },
    { selfChecked: ['p'] },
  )
}
