/** File-name search in one library (seahub/api2/endpoints/search_file.py::SearchFile, Community Edition). */
import { fail, seahubError } from '../errors.ts'
import { queryParam } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { walkTree } from '../model/repoTree.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { isoTime } from '../views/format.ts'
import { requirePermission } from './common.ts'
import type { RouteContext } from './types.ts'

export function v21SearchRoutes({ routes, seaf }: RouteContext): void {
  // seafile_api.search_files: every name containing `q` (case-insensitive) anywhere in the head; folders
  // first, then files, each newest first.
  routes.get(
    '/api/v2.1/search-file/',
    async (c) => {
      const repoId = queryParam(c, 'repo_id')
      if (!repoId) fail(seahubError(400, 'repo_id invalid.'))
      const q = queryParam(c, 'q')
      if (!q) fail(seahubError(400, 'q invalid.'))
      const repo = await seaf.repos.get(repoId)
      if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
      await requirePermission(c, repo)
      const needle = q.toLowerCase()
      const folders: { path: string; size: number; mtime: number; type: string }[] = []
      const files: typeof folders = []
      const head = await seaf.repos.head(repo)
      for await (const { dirent, parent } of walkTree(seaf.fs, head.root_id)) {
        if (!dirent.name.toLowerCase().includes(needle)) continue
        const path = parent === '/' ? `/${dirent.name}` : `${parent}/${dirent.name}`
        const dir = isDirMode(dirent.mode)
        ;(dir ? folders : files).push({
          path,
          size: dir ? 0 : (dirent.size ?? 0),
          mtime: dirent.mtime,
          type: dir ? 'folder' : 'file',
        })
      }
      const newest = (a: { mtime: number }, b: { mtime: number }) => b.mtime - a.mtime
      const data = [...folders.sort(newest), ...files.sort(newest)].map((e) => ({
        ...e,
        mtime: isoTime(e.mtime),
      }))
      return drfResponse({ data })
    },
    { selfChecked: ['repo_id', 'q'] },
  )
}
