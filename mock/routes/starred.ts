/** Starred files (seahub/api2/views.py::StarredFileView). The real view reads `request.POST` for stars. */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { drfResponse, success } from '../http/responses.ts'
import { normalizePath, splitPath } from '../model/names.ts'
import { lookup } from '../model/repoTree.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { relativeTime } from '../views/format.ts'
import type { RouteContext } from './types.ts'

export function starredRoutes({ routes, seaf }: RouteContext): void {
  /** The checks shared by star and unstar: arguments (400), access (403), the file (404), a trailing `/`. */
  async function target(c: MockContext, repoId: string | undefined, p: string | undefined) {
    if (!repoId || !p) fail(seahubError(400, 'Library ID or path is missing.'))
    const repo = await seaf.repos.get(repoId)
    if (!repo || !(await seaf.getPermission(c.get('user').email, repo)))
      fail(seahubError(403, 'Permission denied.'))
    const file = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, p)
    if (!file || isDirMode(file.mode)) fail(seahubError(404, 'File not found'))
    if (p.endsWith('/')) fail(seahubError(400, 'Invalid file path.'))
    return { repo, path: normalizePath(p) }
  }

  routes.get('/api2/starredfiles/', async (c) => {
    const out: Record<string, unknown>[] = []
    for (const star of await seaf.starred.list(c.get('user').email)) {
      const repo = await seaf.repos.get(star.repoId)
      if (!repo) continue
      const dirent = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, star.path)
      if (!dirent) continue
      const isDir = isDirMode(dirent.mode)
      out.push({
        org: -1,
        repo: repo.id,
        repo_id: repo.id,
        repo_name: repo.name,
        repo_encrypted: repo.encryption !== undefined,
        path: star.path,
        file_name: splitPath(star.path).name,
        icon_path: isDir ? 'folder.png' : 'file.png',
        mtime: dirent.mtime,
        mtime_relative: relativeTime(dirent.mtime),
        dir: isDir,
        ...(isDir ? {} : { oid: dirent.id, size: dirent.size ?? 0 }),
      })
    }
    return drfResponse(out)
  })

  routes.post(
    '/api2/starredfiles/',
    async (c) => {
      const form = await readForm(c)
      const { repo, path } = await target(c, field(form, 'repo_id'), field(form, 'p'))
      await seaf.starred.star({
        email: c.get('user').email,
        repoId: repo.id,
        path,
        isDir: false,
        created: Math.floor(Date.now() / 1000),
      })
      return success(201, { Location: `${seaf.linkBase(c.req.url)}/api2/starredfiles/` })
    },
    { selfChecked: ['repo_id', 'p'] },
  )

  routes.delete(
    '/api2/starredfiles/',
    async (c) => {
      const { repo, path } = await target(c, queryParam(c, 'repo_id'), queryParam(c, 'p'))
      await seaf.starred.unstar(c.get('user').email, repo.id, path)
      return success()
    },
    { selfChecked: ['repo_id', 'p'] },
  )
}
