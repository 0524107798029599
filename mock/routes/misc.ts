/** Search by name, events from commits, avatars and thumbnails as real PNGs. */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { pathParam, queryParam } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { commitChain } from '../model/commits.ts'
import { normalizePath } from '../model/names.ts'
import { avatarPng, isPng, thumbnailPng } from '../model/png.ts'
import type { RepoRecord } from '../model/repos.ts'
import { lookup, walkTree } from '../model/repoTree.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { userInfo } from '../views/format.ts'
import { loadRepo, requirePermission } from './common.ts'
import type { RouteContext } from './types.ts'

const EVENTS_PER_PAGE = 15
const png = (bytes: Buffer) =>
  new Response(new Uint8Array(bytes), { headers: { 'Content-Type': 'image/png' } })

export function miscRoutes({ routes, app, seaf }: RouteContext): void {
  /** The live libraries the user can read. */
  async function readable(user: string): Promise<RepoRecord[]> {
    const out: RepoRecord[] = []
    for (const repo of await seaf.repos.list()) if (await seaf.getPermission(user, repo)) out.push(repo)
    return out
  }

  // Search.get (Pro file search): by name here, case-insensitive; `q invalid.` when missing.
  routes.get(
    '/api2/search/',
    async (c) => {
      const q = queryParam(c, 'q')?.trim().toLowerCase()
      if (!q) fail(seahubError(400, 'q invalid.'))
      const page = Number(queryParam(c, 'page') ?? 1)
      const perPage = Math.min(100, Number(queryParam(c, 'per_page') ?? 10))
      if (!Number.isInteger(page) || page < 1) fail(seahubError(400, 'page invalid.'))
      if (!Number.isInteger(perPage) || perPage < 1) fail(seahubError(400, 'per_page invalid.'))
      const user = c.get('user').email
      const scope = queryParam(c, 'search_repo') ?? 'all'
      let repos = await readable(user)
      if (scope === 'mine') repos = repos.filter((r) => r.owner === user)
      else if (scope !== 'all' && scope !== 'shared' && scope !== 'group' && scope !== 'public') {
        repos = repos.filter((r) => r.id === scope)
        if (repos.length === 0) fail(seahubError(400, 'search_repo invalid.'))
      }
      const under = normalizePath(queryParam(c, 'search_path') ?? '/')
      const hits: Record<string, unknown>[] = []
      for (const repo of repos) {
        const head = await seaf.repos.head(repo)
        for await (const { dirent, parent } of walkTree(seaf.fs, head.root_id)) {
          const fullpath = parent === '/' ? `/${dirent.name}` : `${parent}/${dirent.name}`
          if (!dirent.name.toLowerCase().includes(q)) continue
          if (under !== '/' && !fullpath.startsWith(`${under}/`)) continue
          const isDir = isDirMode(dirent.mode)
          hits.push({
            repo_id: repo.id,
            repo_name: repo.name,
            name: dirent.name,
            oid: dirent.id,
            last_modified: dirent.mtime,
            fullpath: isDir ? `${fullpath}/` : fullpath,
            size: isDir ? 0 : (dirent.size ?? 0),
            is_dir: isDir,
            content_highlight: '',
          })
        }
      }
      const results = hits.slice((page - 1) * perPage, page * perPage)
      return drfResponse({ total: hits.length, results, has_more: hits.length > page * perPage })
    },
    { selfChecked: ['q', 'page', 'per_page', 'search_repo', 'search_path'] },
  )

  // EventsView.get (older api2): one `repo-update` per commit, newest first, 15 per page from `start`.
  routes.get(
    '/api2/events/',
    async (c) => {
      const start = Math.max(0, Number(queryParam(c, 'start') ?? 0) || 0)
      const all: Record<string, unknown>[] = []
      for (const repo of await readable(c.get('user').email)) {
        for await (const commit of commitChain(seaf.meta, repo.headCommitId)) {
          const who = await userInfo(seaf, commit.creator_name)
          all.push({
            etype: commit.parent_id ? 'repo-update' : 'repo-create',
            repo_id: repo.id,
            repo_name: repo.name,
            author: who.email,
            nick: who.name,
            time: commit.ctime,
            desc: commit.description,
            commit_id: commit.commit_id,
          })
        }
      }
      all.sort((a, b) => (b.time as number) - (a.time as number))
      const events = all.slice(start, start + EVENTS_PER_PAGE)
      const more = all.length > start + EVENTS_PER_PAGE
      return drfResponse({ events, more, more_offset: start + events.length })
    },
    { selfChecked: ['start'] },
  )

  // avatar/views: JSON pointing at the resized image; an unknown user gets the default avatar.
  const avatar = (kind: 'user' | 'group') => async (c: MockContext) => {
    const size = Number(pathParam(c, 'size'))
    if (!Number.isInteger(size) || size < 1 || size > 1024) fail(seahubError(400, 'size invalid.'))
    const folder = kind === 'user' ? 'avatars' : 'avatars/groups'
    return drfResponse({
      url: `${seaf.linkBase(c.req.url)}/media/${folder}/resized/${size}/default.png`,
      is_default: true,
      mtime: 0,
    })
  }
  routes.get('/api2/avatars/user/:user/resized/:size/', avatar('user'))
  routes.get('/api2/avatars/group/:group_id/resized/:size/', avatar('group'))
  // The media the avatar URLs point at (nginx's /media on a real server).
  for (const [path, seed] of [
    ['/media/avatars/resized/:size/default.png', 0],
    ['/media/avatars/groups/resized/:size/default.png', 17],
  ] as const) {
    app.get(path, (c) => {
      const size = Math.min(1024, Math.max(1, Number(c.req.param('size')) || 80))
      return png(avatarPng(size, seed))
    })
  }

  // ThumbnailView.get: a PNG whose longer side is `size`; refused in encrypted libraries.
  routes.get(
    '/api2/repos/:repo_id/thumbnail/',
    async (c) => {
      const repo = await loadRepo(c)
      const p = queryParam(c, 'p')
      const sizeRaw = queryParam(c, 'size')
      if (!p) fail(seahubError(400, 'Invalid arguments.'))
      if (!sizeRaw) fail(seahubError(400, 'Size is missing.'))
      const size = Number(sizeRaw)
      if (!Number.isInteger(size) || size < 1) fail(seahubError(400, 'Invalid arguments.'))
      await requirePermission(c, repo)
      if (repo.encryption) fail(seahubError(403, 'Image thumbnail is not supported in encrypted libraries.'))
      const file = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, p)
      if (!file || isDirMode(file.mode)) fail(seahubError(400, 'Wrong path'))
      const chunks: Buffer[] = []
      for await (const piece of seaf.readFile(file.id)) chunks.push(piece)
      const bytes = Buffer.concat(chunks)
      if (!isPng(bytes)) fail(seahubError(500, 'Failed to get thumbnail.'))
      try {
        return png(thumbnailPng(bytes, size))
      } catch {
        return fail(seahubError(500, 'Failed to get thumbnail.'))
      }
    },
    { selfChecked: ['p', 'size'] },
  )
}
