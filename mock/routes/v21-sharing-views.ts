/**
 * Small v2.1 views of the web UI and the desktop client over the sharing state: who a library or folder is
 * shared with (repos.py::RepoShareInfoView), the user's outgoing shares (shared_repos.py::SharedRepos), the
 * groups to share to (shareable_groups.py), a file's or folder's smart link (smart_link.py::SmartLink) and
 * the user search (api2 search_user.py::SearchUser).
 */
import { randomUUID } from 'node:crypto'
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { queryParam } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { normalizePath, splitPath } from '../model/names.ts'
import { lookup } from '../model/repoTree.ts'
import { pyInt } from '../sharing/http.ts'
import { sharingOf } from '../sharing/index.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { isoTime, userInfo } from '../views/format.ts'
import { repoIdParam } from './common.ts'
import type { RouteContext } from './types.ts'

/** FileUUIDMap rows: one stable uuid per (library, parent folder, name, is_dir). */
const FILE_UUIDS = 'file-uuid-map'
const DENIED = seahubError(403, 'Permission denied.')
const REPO_ID = /^[-0-9a-f]{36}$/

/** ccnet's group timestamp is in microseconds (timestamp_to_isoformat_timestr divides it). */
const groupTime = (ctime: number) => isoTime(Math.floor(ctime > 1e12 ? ctime / 1e6 : ctime))

export function v21SharingViewRoutes({ routes, seaf }: RouteContext): void {
  const { shares, groups, virtualRepos } = sharingOf(seaf)

  routes.get(
    '/api/v2.1/repos/:repo_id/share-info/',
    async (c) => {
      const repoId = repoIdParam(c)
      const repo = await seaf.repos.get(repoId)
      if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
      if (!(await seaf.getPermission(c.get('user').email, repo))) fail(DENIED)
      const path = queryParam(c, 'path') ?? '/'
      let sharedId: string | undefined = repo.id
      if (path !== '/') {
        const dirent = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path)
        if (!dirent || !isDirMode(dirent.mode)) fail(seahubError(404, `Folder ${path} not found.`))
        // A shared folder is a sub-library of this one (get_shared_users_for_subdir).
        sharedId = (await virtualRepos.find(repo.id, path))?.id
      }
      const users = sharedId ? await shares.userShares((s) => s.repoId === sharedId) : []
      const groupShares = sharedId ? await shares.groupShares((s) => s.repoId === sharedId) : []
      return drfResponse({
        shared_user_emails: users.map((s) => s.to),
        shared_group_ids: groupShares.map((s) => s.groupId),
      })
    },
    { selfChecked: ['path'] },
  )

  // SharedRepos.get: shares of the user's own libraries (not of sub-libraries), sorted by library name.
  routes.get('/api/v2.1/shared-repos/', async (c) => {
    const user = c.get('user').email
    const out: Record<string, unknown>[] = []
    const base = async (repoId: string, shareType: string, perm: string) => {
      const repo = await seaf.repos.get(repoId)
      if (!repo || repo.owner !== user || repo.virtual) return undefined
      const modifier = await userInfo(seaf, (await seaf.repos.head(repo)).creator_name)
      return {
        repo_id: repo.id,
        repo_name: repo.name,
        encrypted: repo.encryption !== undefined,
        share_type: shareType,
        share_permission: perm,
        share_permission_name: '',
        modifier_email: modifier.email,
        modifier_name: modifier.name,
        modifier_contact_email: modifier.contact_email,
      }
    }
    for (const s of await shares.userShares()) {
      const entry = await base(s.repoId, 'personal', s.perm)
      if (!entry) continue
      const to = await userInfo(seaf, s.to)
      const person = { user_name: to.name, user_email: to.email, contact_email: to.contact_email }
      out.push({ ...entry, ...person, is_admin: s.isAdmin })
    }
    for (const s of await shares.groupShares()) {
      const entry = await base(s.repoId, 'group', s.perm)
      const group = await groups.get(s.groupId)
      if (entry)
        out.push({ ...entry, group_id: s.groupId, group_name: group?.name ?? '', is_admin: s.isAdmin })
    }
    for (const s of await shares.publicShares()) {
      const entry = await base(s.repoId, 'public', s.perm)
      if (entry) out.push(entry)
    }
    const name = (e: Record<string, unknown>) => String(e.repo_name)
    out.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0))
    return drfResponse(out)
  })

  // ShareableGroups.get: the user's groups (ENABLE_SHARE_TO_ALL_GROUPS off).
  routes.get('/api/v2.1/shareable-groups/', async (c) => {
    const mine = await groups.ofUser(c.get('user').email)
    return drfResponse(
      mine.map((g) => ({
        id: g.id,
        parent_group_id: 0,
        name: g.name,
        owner: g.creator,
        created_at: groupTime(g.ctime),
      })),
    )
  })

  routes.get(
    '/api/v2.1/smart-link/',
    async (c) => {
      const repoId = queryParam(c, 'repo_id')
      if (!repoId || !REPO_ID.test(repoId)) fail(seahubError(400, 'repo_id invalid.'))
      const path = queryParam(c, 'path')
      if (!path) fail(seahubError(400, 'path invalid.'))
      const isDirRaw = queryParam(c, 'is_dir')
      if (!isDirRaw) fail(seahubError(400, 'is_dir invalid.'))
      const isDirText = isDirRaw.toLowerCase()
      if (isDirText !== 'true' && isDirText !== 'false')
        fail(seahubError(400, "is_dir can only be 'true' or 'false'."))
      const repo = await seaf.repos.get(repoId)
      if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
      const isDir = isDirText === 'true'
      const dirent = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path)
      if (!dirent || isDirMode(dirent.mode) !== isDir)
        fail(seahubError(404, `${isDir ? 'Folder' : 'File'} ${path} not found.`))
      if (!(await seaf.getPermission(c.get('user').email, repo))) fail(DENIED)
      // A sub-library's item is named by its place in the origin library.
      const origin = repo.virtual
      const full = normalizePath(origin ? `${origin.path}/${path}` : path)
      const { parent, name } = splitPath(full)
      const key = [origin?.originId ?? repo.id, parent, name, isDir].join('\0')
      let uuid = await seaf.meta.get<string>(FILE_UUIDS, key)
      if (!uuid) {
        uuid = randomUUID()
        await seaf.meta.put(FILE_UUIDS, key, uuid)
      }
      return drfResponse({
        smart_link: `${seaf.linkBase(c.req.url)}/smart-link/${uuid}/`,
        smart_link_token: uuid,
        name,
      })
    },
    { selfChecked: ['repo_id', 'path', 'is_dir'] },
  )

  routes.get(
    '/api2/search-user/',
    async (c: MockContext) => {
      const q = queryParam(c, 'q')
      if (!q) fail(seahubError(400, 'q invalid.'))
      const user = c.get('user').email
      const needle = q.toLowerCase()
      const found = (await seaf.users.list())
        .filter((u) => u.isActive)
        .filter((u) => u.email.toLowerCase().includes(needle) || u.name.toLowerCase().includes(needle))
        .map((u) => u.email)
      // The exact e-mail goes first; `include_self=0` leaves the user out; at most 10 are sent.
      const exact = found.indexOf(q)
      if (exact > 0) found.unshift(...found.splice(exact, 1))
      const emails =
        pyInt(queryParam(c, 'include_self') ?? '1') === 0 ? found.filter((e) => e !== user) : found
      const size = pyInt(queryParam(c, 'avatar_size') ?? '32') ?? 32
      const users = []
      for (const email of emails.slice(0, 10)) {
        const who = await userInfo(seaf, email)
        users.push({
          email,
          avatar_url: `${seaf.linkBase(c.req.url)}/media/avatars/resized/${size}/default.png`,
          name: who.name,
          contact_email: who.contact_email,
        })
      }
      return drfResponse({ users })
    },
    { selfChecked: ['q', 'include_self', 'avatar_size'] },
  )
}
