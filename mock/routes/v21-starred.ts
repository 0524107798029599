/**
 * v2.1 starred items (seahub/api2/endpoints/starred_items.py::StarredItems): files, folders and whole
 * libraries (`/`), kept in the same UserStarredFiles table as api2 `starredfiles/` (mock/model/starred.ts).
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import type { RepoRecord } from '../model/repos.ts'
import { lookup } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import type { StarredRecord } from '../model/starred.ts'
import { objName } from '../sharing/v21LinkJson.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { isoTime, userInfo } from '../views/format.ts'
import type { RouteContext } from './types.ts'
import { linkPath } from './v21-share-links.ts'

/** The dirent at `path` (the root included) of the library's head. */
async function direntAt(seaf: Seafile, repo: RepoRecord, path: string) {
  return lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path)
}

/** StarredItems.get_starred_item_info plus the user fields; the root is named after the library. */
async function starredItem(seaf: Seafile, repo: RepoRecord, star: StarredRecord) {
  const root = star.path === '/'
  const mtime = root ? (await seaf.repos.head(repo)).ctime : (await direntAt(seaf, repo, star.path))?.mtime
  const who = await userInfo(seaf, star.email)
  return {
    repo_id: repo.id,
    repo_name: repo.name,
    repo_encrypted: repo.encryption !== undefined,
    is_dir: star.isDir,
    path: star.path,
    obj_name: root ? repo.name : objName(star.path),
    mtime: mtime === undefined ? '' : isoTime(mtime),
    user_email: who.email,
    user_name: who.name,
    user_contact_email: who.contact_email,
  }
}

/** The folder or file at `path`, normalised as the view stores it; undefined if neither exists. */
async function starTarget(seaf: Seafile, repo: RepoRecord | undefined, path: string) {
  const dirent = repo && (await direntAt(seaf, repo, path))
  if (!dirent) return undefined
  const isDir = isDirMode(dirent.mode)
  return { isDir, path: linkPath(path, isDir) }
}

export function v21StarredRoutes({ routes, seaf }: RouteContext): void {
  // StarredItems.get: libraries, then folders, then files, each newest first; gone items are skipped.
  routes.get('/api/v2.1/starred-items/', async (c) => {
    const groups: Awaited<ReturnType<typeof starredItem>>[][] = [[], [], []]
    for (const star of await seaf.starred.list(c.get('user').email)) {
      const repo = await seaf.repos.get(star.repoId)
      const target = repo && (await starTarget(seaf, repo, star.path))
      if (!repo || !target || target.isDir !== star.isDir) continue
      groups[star.path === '/' ? 0 : star.isDir ? 1 : 2]!.push(await starredItem(seaf, repo, star))
    }
    const newestFirst = (a: { mtime: string }, b: { mtime: string }) =>
      a.mtime < b.mtime ? 1 : a.mtime > b.mtime ? -1 : 0
    return drfResponse({ starred_item_list: groups.flatMap((g) => g.sort(newestFirst)) })
  })

  routes.post(
    '/api/v2.1/starred-items/',
    async (c) => {
      const form = await readForm(c)
      const repoId = field(form, 'repo_id')
      if (!repoId) fail(seahubError(400, 'repo_id invalid.'))
      const path = field(form, 'path')
      if (!path) fail(seahubError(400, 'path invalid.'))
      const repo = await seaf.repos.get(repoId)
      if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
      const target = await starTarget(seaf, repo, path)
      if (!target) fail(seahubError(404, `Item ${path} not found.`))
      const email = c.get('user').email
      if (!(await seaf.getPermission(email, repo))) fail(seahubError(403, 'Permission denied.'))
      const star = { email, repoId, ...target, created: Math.floor(Date.now() / 1000) }
      await seaf.starred.star(star)
      return drfResponse(await starredItem(seaf, repo, star))
    },
    { selfChecked: ['repo_id', 'path'] },
  )

  // StarredItems.delete: query `repo_id` and `path`; a path that is not starred is 404.
  routes.delete(
    '/api/v2.1/starred-items/',
    async (c: MockContext) => {
      const repoId = queryParam(c, 'repo_id')
      if (!repoId) fail(seahubError(400, 'repo_id invalid.'))
      const raw = queryParam(c, 'path')
      if (!raw) fail(seahubError(400, 'path invalid.'))
      const path = (await starTarget(seaf, await seaf.repos.get(repoId), raw))?.path ?? raw
      const email = c.get('user').email
      const starred = (await seaf.starred.list(email)).some((s) => s.repoId === repoId && s.path === path)
      if (!starred) fail(seahubError(404, `Item ${path} not found.`))
      await seaf.starred.unstar(email, repoId, path)
      return drfResponse({ success: true })
    },
    { selfChecked: ['repo_id', 'path'] },
  )
}
