/**
 * Folder and library shares to users and groups (seahub/api2/endpoints/dir_shared_items.py). `p=/` is the
 * library itself; another folder is shared as its sub-library (virtual repo), created on first share.
 */
import { drfError, fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { pyJsonResponse } from '../http/responses.ts'
import { normalizePath } from '../model/names.ts'
import type { RepoRecord } from '../model/repos.ts'
import { listDir } from '../model/repoTree.ts'
import { isMember } from '../sharing/groups.ts'
import { fieldList, isValidUsername, pyInt } from '../sharing/http.ts'
import { sharingOf } from '../sharing/index.ts'
import { groupShareItem, userShareItem } from '../sharing/shareItemJson.ts'
import { isSharePermission, type SharePermission, splitPermission } from '../sharing/shares.ts'
import { userInfo } from '../views/format.ts'
import { repoIdParam } from './common.ts'
import type { RouteContext } from './types.ts'

const NOT_ACCESSIBLE = drfError(403, 'You do not have permission to perform this action.')
const DENIED = seahubError(403, 'Permission denied.')

/** handle_shared_to_args: `share_type` split on commas; absent means users and groups. */
function sharedTo(c: MockContext): { user: boolean; group: boolean } {
  const raw = queryParam(c, 'share_type')
  if (!raw) return { user: true, group: true }
  const parts = raw.split(',').map((s) => s.trim())
  return { user: parts.includes('user'), group: parts.includes('group') }
}

export function dirShareRoutes({ routes, seaf }: RouteContext): void {
  const { shares, groups, orgs, virtualRepos } = sharingOf(seaf)
  const url = '/api2/repos/:repo_id/dir/shared_items/'

  /** IsRepoAccessible (before the view, so before 404s), then the library and the folder `p`. */
  async function folder(c: MockContext): Promise<{ repo: RepoRecord; path: string }> {
    const repoId = repoIdParam(c)
    const repo = await seaf.repos.get(repoId)
    if (!repo || !(await seaf.getPermission(c.get('user').email, repo))) fail(NOT_ACCESSIBLE)
    const path = queryParam(c, 'p') ?? '/'
    if (!(await listDir(seaf.fs, (await seaf.repos.head(repo)).root_id, path)))
      fail(seahubError(404, `Folder ${path} not found.`))
    return { repo, path }
  }

  /** Only the owner or a library admin changes shares. */
  async function requireSharer(c: MockContext, repo: RepoRecord): Promise<void> {
    const user = c.get('user').email
    if (repo.owner !== user && !(await shares.isRepoAdmin(user, repo.id))) fail(DENIED)
  }

  /** The library whose shares `p` names: the library itself, or the folder's sub-library. */
  async function target(repo: RepoRecord, path: string, create: boolean): Promise<RepoRecord | undefined> {
    if (normalizePath(path) === '/') return repo
    if (!create) {
      const origin = repo.virtual ? repo.virtual.originId : repo.id
      const full = repo.virtual ? `${repo.virtual.path}/${path}` : path
      return virtualRepos.find(origin, full)
    }
    return virtualRepos.getOrCreate(repo, path, normalizePath(path).split('/').pop()!)
  }

  routes.get(
    url,
    async (c) => {
      const { repo, path } = await folder(c)
      const to = sharedTo(c)
      const shared = await target(repo, path, false)
      const out: unknown[] = []
      if (!shared) return pyJsonResponse(out)
      if (to.user)
        for (const s of await shares.userShares((s) => s.repoId === shared.id))
          out.push(await userShareItem(seaf, c.req.url, s))
      if (to.group)
        for (const s of await shares.groupShares((s) => s.repoId === shared.id)) {
          const group = await groups.get(s.groupId)
          if (group) out.push(groupShareItem(group, s))
        }
      return pyJsonResponse(out)
    },
    { selfChecked: ['p', 'share_type'] },
  )

  routes.put(
    url,
    async (c) => {
      const { repo, path } = await folder(c)
      if (repo.encryption && normalizePath(path) !== '/') fail(seahubError(400, 'Folder invalid.'))
      const form = await readForm(c)
      const shareType = field(form, 'share_type')
      if (shareType !== 'user' && shareType !== 'group') fail(seahubError(400, 'share_type invalid.'))
      await requireSharer(c, repo)
      const permission = field(form, 'permission') ?? 'r'
      if (!isSharePermission(permission)) fail(seahubError(400, 'permission invalid.'))
      const user = c.get('user').email
      const failed: Record<string, unknown>[] = []
      const success: unknown[] = []
      const split = splitPermission(permission)

      if (shareType === 'user') {
        for (const to of fieldList(form, 'username')) {
          const info = await userInfo(seaf, to)
          if (!isValidUsername(to)) failed.push({ email: to, error_msg: 'username invalid.' })
          else if (!(await seaf.users.get(to))) failed.push({ email: to, error_msg: `User ${to} not found.` })
          else if (await alreadyShared(repo, path, (s) => shares.getUserShare(s, to)))
            failed.push({ email: to, error_msg: `This item has been shared to ${info.name}.` })
          else if (await orgs.ofUser(to))
            failed.push({ email: to, error_msg: `User ${to} is a member of organization.` })
          else {
            if (to === repo.owner) fail(seahubError(400, 'Library can not be shared to owner'))
            const shared = await target(repo, path, true)
            if (!shared) fail(seahubError(404, `Folder ${path} not found.`))
            await shares.shareToUser({ repoId: shared.id, from: repo.owner, to, ...split })
            success.push(await userShareItem(seaf, c.req.url, { to, ...split }))
          }
        }
      } else {
        for (const raw of fieldList(form, 'group_id')) {
          const gid = pyInt(raw)
          const group = gid === undefined ? undefined : await groups.get(gid)
          if (gid === undefined) failed.push({ error_msg: `group_id ${raw} invalid.` })
          else if (!group) failed.push({ error_msg: `Group ${gid} not found` })
          // ENABLE_SHARE_TO_ALL_GROUPS is off: only groups the sharer is in.
          else if (!isMember(group, user))
            failed.push({ group_name: group.name, error_msg: 'Permission denied.' })
          else if (await alreadyShared(repo, path, (s) => shares.getGroupShare(s, group.id)))
            failed.push({ group_name: group.name, error_msg: `This item has been shared to ${group.name}.` })
          else {
            const shared = await target(repo, path, true)
            if (!shared) fail(seahubError(404, `Folder ${path} not found.`))
            await shares.shareToGroup({ repoId: shared.id, from: repo.owner, groupId: group.id, ...split })
            success.push(groupShareItem(group, split))
          }
        }
      }
      const virtual = normalizePath(path) === '/' ? undefined : await target(repo, path, false)
      return pyJsonResponse({ failed, success, virtual_repo_id: virtual?.id ?? null })
    },
    { selfChecked: ['p', 'share_type', 'username', 'group_id', 'permission'] },
  )

  /** Whether the library or folder already has the share `get` looks up. */
  async function alreadyShared(repo: RepoRecord, path: string, get: (repoId: string) => Promise<unknown>) {
    const shared = await target(repo, path, false)
    return shared !== undefined && (await get(shared.id)) !== undefined
  }

  /** POST and DELETE: the user (`username`) and/or group (`group_id`) named in the query. */
  async function namedTargets(c: MockContext, groupMessage: string) {
    const to = sharedTo(c)
    let username: string | undefined
    let groupId: number | undefined
    if (to.user) {
      username = queryParam(c, 'username')
      if (!isValidUsername(username)) fail(seahubError(400, `Email ${username ?? 'None'} invalid.`))
    }
    if (to.group) {
      const raw = queryParam(c, 'group_id')
      groupId = pyInt(raw)
      // int(None) is a TypeError (HTML 500) on the real server; the mock reports the argument.
      if (groupId === undefined) fail(seahubError(400, `group_id ${raw ?? 'None'} ${groupMessage}`))
    }
    return { username, groupId }
  }

  routes.post(
    url,
    async (c) => {
      const { repo, path } = await folder(c)
      const permission = field(await readForm(c), 'permission') ?? 'r'
      if (!isSharePermission(permission)) fail(seahubError(400, 'permission invalid.'))
      await requireSharer(c, repo)
      const { username, groupId } = await namedTargets(c, 'invalid.')
      const shared = await target(repo, path, false)
      const split = splitPermission(permission as SharePermission)
      if (username !== undefined) {
        if (!(await seaf.users.get(username))) fail(seahubError(400, 'Invalid user, should be registered'))
        const share = shared && (await shares.getUserShare(shared.id, username))
        if (share) await shares.shareToUser({ ...share, ...split })
      }
      if (groupId !== undefined) {
        if (!(await groups.get(groupId))) fail(seahubError(404, `Group ${groupId} not found.`))
        const share = shared && (await shares.getGroupShare(shared.id, groupId))
        if (share) await shares.shareToGroup({ ...share, ...split })
      }
      return pyJsonResponse({ success: true })
    },
    { selfChecked: ['p', 'share_type', 'username', 'group_id', 'permission'] },
  )

  routes.delete(
    url,
    async (c) => {
      const { repo, path } = await folder(c)
      await requireSharer(c, repo)
      const { username, groupId } = await namedTargets(c, 'invalid')
      const shared = await target(repo, path, false)
      if (shared && username !== undefined) await shares.unshareUser(shared.id, username)
      if (shared && groupId !== undefined) await shares.unshareGroup(shared.id, groupId)
      return pyJsonResponse({ success: true })
    },
    { selfChecked: ['p', 'share_type', 'username', 'group_id'] },
  )
}
