/**
 * v2.1 library views the web UI and the mobile apps call beside the listing (seahub/api2/endpoints/
 * repo_set_password.py, repo_related_users.py, groups.py::Groups.get, group_libraries.py::GroupLibrary.delete,
 * custom_share_permissions.py::CustomSharePermissionView.get), on the same libraries, shares and groups as
 * the api2 routes.
 */
import { ERRORS, fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, pathParam, queryParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { verifyRepoPassword } from '../model/repoCrypto.ts'
import type { RepoRecord } from '../model/repos.ts'
import type { GroupRecord } from '../sharing/groups.ts'
import { isStaff } from '../sharing/groups.ts'
import { groupIdParam, pyInt } from '../sharing/http.ts'
import { sharingOf } from '../sharing/index.ts'
import { avatarUrl } from '../sharing/shareItemJson.ts'
import { isoTime, relativeTime, sizeFormat, userInfo } from '../views/format.ts'
import { repoIdParam } from './common.ts'
import type { RouteContext } from './types.ts'

const DENIED = seahubError(403, 'Permission denied.')

export function v21LibraryExtraRoutes({ routes, seaf }: RouteContext): void {
  const sharing = sharingOf(seaf)

  /** The URL's library or 404 `Library <id> not found.` (the v2.1 message). */
  async function repoOf(c: MockContext): Promise<RepoRecord> {
    const id = repoIdParam(c)
    const repo = await seaf.repos.get(id)
    if (!repo) fail(seahubError(404, `Library ${id} not found.`))
    return repo
  }

  // RepoSetPassword.post: checks the password and keeps the library decrypted for the user (as api2 does).
  routes.post(
    '/api/v2.1/repos/:repo_id/set-password/',
    async (c) => {
      const password = field(await readForm(c), 'password')
      if (!password) fail(seahubError(400, 'password invalid.'))
      const repo = await repoOf(c)
      if (!repo.encryption) fail(seahubError(400, `Library ${repo.id} is not encrypted.`))
      const user = c.get('user').email
      if (!(await seaf.getPermission(user, repo))) fail(DENIED)
      if (!verifyRepoPassword(repo.id, password, repo.encryption.magic))
        fail(seahubError(400, 'Wrong password'))
      seaf.passwords.set(repo.id, user)
      return drfResponse({ success: true })
    },
    { selfChecked: ['password'] },
  )

  // RepoRelatedUsersView.get → get_related_users_by_repo: users shared to, the owner, members of groups shared to.
  routes.get('/api/v2.1/repos/:repo_id/related-users/', async (c) => {
    const repo = await repoOf(c)
    if (!(await seaf.getPermission(c.get('user').email, repo))) fail(DENIED)
    const emails: string[] = (await sharing.shares.userShares((s) => s.repoId === repo.id)).map((s) => s.to)
    if (!emails.includes(repo.owner)) emails.push(repo.owner)
    for (const share of await sharing.shares.groupShares((s) => s.repoId === repo.id)) {
      for (const m of (await sharing.groups.get(share.groupId))?.members ?? [])
        if (!emails.includes(m.email)) emails.push(m.email)
    }
    const avatar = avatarUrl(seaf, c.req.url)
    const user_list = await Promise.all(
      emails.map(async (email) => {
        const info = await userInfo(seaf, email)
        return { email, name: info.name, contact_email: info.contact_email, avatar_url: avatar }
      }),
    )
    return drfResponse({ user_list })
  })

  /**
   * groups.py::get_group_info outside departments (parent_group_id 0) in the community edition; a group
   * without its own picture has the default one at every size (get_default_group_avatar_url, absolute).
   */
  const groupInfo = (c: MockContext, g: GroupRecord) => ({
    id: g.id,
    parent_group_id: 0,
    name: g.name,
    owner: g.creator,
    created_at: isoTime(Math.floor(g.ctime / 1_000_000)),
    avatar_url: `${seaf.linkBase(c.req.url)}/media/avatars/groups/default.png`,
    admins: g.members.filter((m) => m.isStaff).map((m) => m.email),
    group_quota_usage: '',
  })

  /** The group's libraries as `with_repos=1` lists them. */
  async function groupRepos(user: string, g: GroupRecord) {
    const starred = new Set(
      (await seaf.starred.list(user)).filter((s) => s.path === '/').map((s) => s.repoId),
    )
    const out = []
    for (const share of await sharing.shares.groupShares((s) => s.groupId === g.id)) {
      const repo = await seaf.repos.get(share.repoId)
      if (!repo) continue
      const head = await seaf.repos.head(repo)
      const { size } = await seaf.fs.stats(head.root_id)
      const owner = await userInfo(seaf, repo.owner)
      out.push({
        id: repo.id,
        repo_id: repo.id,
        name: repo.name,
        repo_name: repo.name,
        size,
        size_formatted: sizeFormat(size),
        mtime: head.ctime,
        mtime_relative: relativeTime(head.ctime),
        last_modified: isoTime(head.ctime),
        encrypted: repo.encryption !== undefined,
        permission: share.perm,
        owner: repo.owner,
        owner_email: repo.owner,
        owner_name: owner.name,
        owner_contact_email: owner.contact_email,
        is_admin: share.isAdmin,
        starred: starred.has(repo.id),
        monitored: false,
      })
    }
    return out
  }

  // Groups.get: the user's groups; `with_repos=1` adds each group's libraries.
  routes.get(
    '/api/v2.1/groups/',
    async (c) => {
      const withRepos = pyInt(queryParam(c, 'with_repos') ?? '0') ?? 0
      if (withRepos !== 0 && withRepos !== 1) fail(seahubError(400, 'with_repos invalid.'))
      const user = c.get('user').email
      const out = []
      for (const g of await sharing.groups.ofUser(user)) {
        const info: Record<string, unknown> = groupInfo(c, g)
        if (withRepos) info.repos = await groupRepos(user, g)
        out.push(info)
      }
      return drfResponse(out)
    },
    { selfChecked: ['avatar_size', 'with_repos'] },
  )

  // GroupLibrary.delete: unshares a library from a group (group admin, library owner or library admin).
  routes.delete('/api/v2.1/groups/:group_id/libraries/:repo_id/', async (c) => {
    const groupId = groupIdParam(c)
    const repo = await repoOf(c)
    const share = await sharing.shares.getGroupShare(repo.id, groupId)
    if (!share) fail(seahubError(404, `Group library ${repo.id} not found.`))
    const user = c.get('user').email
    const group = await sharing.groups.get(groupId)
    const allowed =
      (group && isStaff(group, user)) ||
      repo.owner === user ||
      (await sharing.shares.isRepoAdmin(user, repo.id))
    if (!allowed) fail(DENIED)
    await sharing.shares.unshareGroup(repo.id, groupId)
    return drfResponse({ success: true })
  })

  // CustomSharePermissionView.get: permission before lookup; the mock keeps no custom permissions, so
  // every id of a readable library is 404, as on a server where none were made.
  routes.get('/api/v2.1/repos/:repo_id/custom-share-permissions/:permission_id/', async (c) => {
    const id = pathParam(c, 'permission_id')
    const repoId = repoIdParam(c)
    if (!/^\d+$/.test(id)) fail(ERRORS.DJANGO_NOT_FOUND)
    const repo = await seaf.repos.get(repoId)
    if (!repo || !(await seaf.getPermission(c.get('user').email, repo))) fail(DENIED)
    fail(seahubError(404, `Permission ${id} not found.`))
  })
}
