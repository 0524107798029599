/**
 * Library shares: api2 `shared-repos/` and `beshared-repos/` (seahub/api2/views.py::SharedRepos,
 * BeSharedRepos, SharedRepo), v2.1 `shared-repos/<id>/` (endpoints/shared_repos.py) and leaving a share
 * (endpoints/be_shared_repo.py). Batch sharing and public libraries are in mock/sharing/publicAndBatch.ts.
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { drfResponse, pyJsonResponse, success } from '../http/responses.ts'
import type { RepoRecord } from '../model/repos.ts'
import { isValidUsername, pyInt } from '../sharing/http.ts'
import { sharingOf } from '../sharing/index.ts'
import { groupRepoJson, sharedRepoJson } from '../sharing/sharedRepoJson.ts'
import { isSharePermission, splitPermission } from '../sharing/shares.ts'
import { repoIdParam } from './common.ts'
import type { RouteContext } from './types.ts'

const DENIED = seahubError(403, 'Permission denied.')

export function sharedRepoRoutes({ routes, seaf }: RouteContext): void {
  const sharing = sharingOf(seaf)
  const { shares, groups } = sharing

  const liveRepo = (id: string) => seaf.repos.get(id)

  // SharedRepos.get: user shares, group shares and (outside cloud mode) shared-with-all, of my libraries.
  routes.get('/api2/shared-repos/', async (c) => {
    const user = c.get('user').email
    const mine = async (repoId: string) => {
      const repo = await liveRepo(repoId)
      return repo?.owner === user ? repo : undefined
    }
    const out = []
    for (const s of await shares.userShares()) {
      const repo = await mine(s.repoId)
      if (repo)
        out.push(
          await sharedRepoJson(seaf, {
            repo,
            shareType: 'personal',
            permission: s.perm,
            user: s.to,
            groupId: 0,
          }),
        )
    }
    for (const s of await shares.groupShares()) {
      const repo = await mine(s.repoId)
      if (repo)
        out.push(
          await sharedRepoJson(seaf, {
            repo,
            shareType: 'group',
            permission: s.perm,
            user,
            groupId: s.groupId,
          }),
        )
    }
    for (const s of await shares.publicShares()) {
      const repo = await mine(s.repoId)
      if (repo)
        out.push(
          await sharedRepoJson(seaf, { repo, shareType: 'public', permission: s.perm, user, groupId: 0 }),
        )
    }
    return pyJsonResponse(out)
  })

  // BeSharedRepos.get: shared to me, through my groups (not my own libraries), and shared with everyone.
  routes.get('/api2/beshared-repos/', async (c) => {
    const user = c.get('user').email
    const out: Record<string, unknown>[] = []
    for (const s of await shares.userShares((s) => s.to === user)) {
      const repo = await liveRepo(s.repoId)
      if (repo)
        out.push(
          await sharedRepoJson(seaf, {
            repo,
            shareType: 'personal',
            permission: s.perm,
            user: s.from,
            groupId: 0,
          }),
        )
    }
    for (const group of await groups.ofUser(user)) {
      for (const s of await shares.groupShares((s) => s.groupId === group.id)) {
        const repo = await liveRepo(s.repoId)
        if (repo && repo.owner !== user)
          out.push(await groupRepoJson(seaf, repo, await seaf.getPermission(user, repo)))
      }
    }
    for (const s of await shares.publicShares()) {
      const repo = await liveRepo(s.repoId)
      if (repo)
        out.push(
          await sharedRepoJson(seaf, {
            repo,
            shareType: 'public',
            permission: s.perm,
            user: repo.owner,
            groupId: 0,
          }),
        )
    }
    return pyJsonResponse(out)
  })

  /** SharedRepo.put, personal: every user valid and registered, or every share of the request rolled back. */
  async function shareToUsers(repo: RepoRecord, names: string[], permission: 'r' | 'rw' | 'admin') {
    const made: string[] = []
    let invalid = false
    let unknown = false
    for (const name of names) {
      if (!name) continue
      if (!isValidUsername(name)) invalid = true
      else if (!(await seaf.users.get(name))) unknown = true
      else if (!(await shares.getUserShare(repo.id, name))) {
        await shares.shareToUser({
          repoId: repo.id,
          from: repo.owner,
          to: name,
          ...splitPermission(permission),
        })
        made.push(name)
      }
    }
    if (!invalid && !unknown) return
    for (const name of made) await shares.unshareUser(repo.id, name)
    fail(
      seahubError(
        400,
        invalid
          ? 'Some users are not valid, sharing rolled back'
          : 'Some users are not existent, sharing rolled back',
      ),
    )
  }

  routes.put(
    '/api2/shared-repos/:repo_id/',
    async (c) => {
      // Every parameter comes from the query string (request.GET).
      const permission = queryParam(c, 'permission')
      if (!isSharePermission(permission)) fail(seahubError(400, 'permission invalid.'))
      const shareType = queryParam(c, 'share_type')
      if (shareType !== 'personal' && shareType !== 'group' && shareType !== 'public')
        fail(seahubError(400, 'share_type invalid.'))
      const repoId = repoIdParam(c)
      const repo = await liveRepo(repoId)
      if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
      const user = c.get('user')
      if (repo.owner !== user.email) fail(DENIED)
      if (shareType === 'personal') {
        const names = [queryParam(c, 'user'), queryParam(c, 'users')].filter((v): v is string => !!v)
        if (names.length === 0)
          fail(seahubError(400, 'User or users (comma separated are mandatory) are not provided'))
        await shareToUsers(repo, names.join(',').split(','), permission)
      } else if (shareType === 'group') {
        const raw = queryParam(c, 'group_id')
        if (!raw) fail(seahubError(400, 'group_id invalid.'))
        const groupId = pyInt(raw)
        if (groupId === undefined) fail(seahubError(400, 'Group ID must be integer.'))
        if (!(await groups.get(groupId))) fail(seahubError(400, 'Group does not exist .'))
        // set_group_repo refuses a second share to the same group (a SearpcError); the mock keeps the first.
        if (!(await shares.getGroupShare(repo.id, groupId)))
          await shares.shareToGroup({
            repoId: repo.id,
            from: repo.owner,
            groupId,
            ...splitPermission(permission),
          })
      } else {
        // UserPermissions.can_add_public_repo: system admins (the default role may not).
        if (!user.isStaff) fail(DENIED)
        await shares.setPublic(repo.id, splitPermission(permission).perm)
      }
      return success()
    },
    { selfChecked: ['share_type', 'permission', 'user', 'users', 'group_id'] },
  )

  routes.delete(
    '/api2/shared-repos/:repo_id/',
    async (c) => {
      const repo = await liveRepo(repoIdParam(c))
      if (!repo) fail(seahubError(404, 'Library not found.'))
      const user = c.get('user')
      if (!user.isStaff && repo.owner !== user.email)
        fail(seahubError(403, 'You do not have permission to unshare library.'))
      const shareType = queryParam(c, 'share_type') ?? ''
      if (!shareType) fail(seahubError(400, 'Share type is required.'))
      // remove_share / unset_group_repo delete the rows shared *from* the caller only.
      if (shareType === 'personal') {
        const to = queryParam(c, 'user') ?? ''
        if (!to) fail(seahubError(400, 'User is required.'))
        if (!isValidUsername(to)) fail(seahubError(400, 'User is not valid'))
        if ((await shares.getUserShare(repo.id, to))?.from === user.email)
          await shares.unshareUser(repo.id, to)
      } else if (shareType === 'group') {
        const raw = queryParam(c, 'group_id') ?? ''
        if (!raw) fail(seahubError(400, 'Group ID is required.'))
        const groupId = pyInt(raw)
        if (groupId === undefined) fail(seahubError(400, 'Group ID is not valid.'))
        if ((await shares.getGroupShare(repo.id, groupId))?.from === user.email)
          await shares.unshareGroup(repo.id, groupId)
      } else if (shareType === 'public') {
        await shares.unsetPublic(repo.id)
      } else {
        fail(seahubError(400, 'Share type can only be personal or group or public.'))
      }
      return success()
    },
    { selfChecked: ['share_type', 'user', 'group_id'] },
  )

  /** endpoints/shared_repos.py: only the owner, checked before the library exists. */
  async function ownedRepo(c: MockContext): Promise<RepoRecord | undefined> {
    const repoId = repoIdParam(c)
    const repo = await liveRepo(repoId)
    if (repo?.owner !== c.get('user').email) fail(DENIED)
    return repo
  }

  /** The group of `group_id` (v2.1 messages), or the failure. */
  async function v21Group(raw: string | undefined) {
    if (!raw) fail(seahubError(400, 'group_id invalid.'))
    const groupId = pyInt(raw)
    if (groupId === undefined) fail(seahubError(400, 'group_id must be integer.'))
    const group = await groups.get(groupId)
    if (!group) fail(seahubError(404, `Group ${groupId} not found.`))
    return group
  }

  routes.put(
    '/api/v2.1/shared-repos/:repo_id/',
    async (c) => {
      const repo = await ownedRepo(c)
      if (!repo) fail(seahubError(404, `Library ${repoIdParam(c)} not found.`))
      const form = await readForm(c)
      const permission = field(form, 'permission')
      if (permission !== 'r' && permission !== 'rw') fail(seahubError(400, 'permission invalid.'))
      const shareType = field(form, 'share_type')
      if (!shareType) fail(seahubError(400, 'share_type invalid.'))
      if (shareType === 'personal') {
        const to = field(form, 'user')
        if (!isValidUsername(to)) fail(seahubError(400, 'user invalid.'))
        // set_share_permission changes an existing share only.
        const share = await shares.getUserShare(repo.id, to)
        if (share) await shares.shareToUser({ ...share, perm: permission })
      } else if (shareType === 'group') {
        const group = await v21Group(field(form, 'group_id'))
        const share = await shares.getGroupShare(repo.id, group.id)
        if (share) await shares.shareToGroup({ ...share, perm: permission })
      } else if (shareType === 'public') {
        await shares.setPublic(repo.id, permission)
      } else {
        fail(seahubError(400, "share_type can only be 'personal' or 'group' or 'public'."))
      }
      return drfResponse({ success: true })
    },
    { selfChecked: ['permission', 'share_type', 'user', 'group_id'] },
  )

  routes.delete(
    '/api/v2.1/shared-repos/:repo_id/',
    async (c) => {
      const repoId = repoIdParam(c)
      await ownedRepo(c)
      const shareType = queryParam(c, 'share_type')
      if (!shareType) fail(seahubError(400, 'share_type invalid.'))
      if (shareType === 'personal') {
        const to = queryParam(c, 'user')
        if (!isValidUsername(to)) fail(seahubError(400, 'user invalid.'))
        await shares.unshareUser(repoId, to)
      } else if (shareType === 'group') {
        const raw = queryParam(c, 'group_id')
        if (!raw) fail(seahubError(400, 'group_id invalid.'))
        const groupId = pyInt(raw)
        if (groupId === undefined) fail(seahubError(400, 'group_id must be integer.'))
        await shares.unshareGroup(repoId, groupId)
      } else if (shareType === 'public') {
        await shares.unsetPublic(repoId)
      } else {
        fail(seahubError(400, 'share_type can only be personal or group or public.'))
      }
      return drfResponse({ success: true })
    },
    { selfChecked: ['share_type', 'user', 'group_id'] },
  )

  // BeSharedRepo.delete (v2.1 endpoint under the api2 prefix): leave a share.
  routes.delete(
    '/api2/beshared-repos/:repo_id/',
    async (c) => {
      const repo = await liveRepo(repoIdParam(c))
      if (!repo) fail(seahubError(400, 'Library does not exist'))
      const user = c.get('user')
      const shareType = queryParam(c, 'share_type')
      const from = queryParam(c, 'from')
      if (shareType === 'personal') {
        if (!isValidUsername(from)) fail(seahubError(400, 'Invalid argument'))
        if ((await shares.getUserShare(repo.id, user.email))?.from === from)
          await shares.unshareUser(repo.id, user.email)
      } else if (shareType === 'group') {
        if (!isValidUsername(from)) fail(seahubError(400, 'Invalid argument'))
        const groupId = pyInt(queryParam(c, 'group_id'))
        const group = groupId === undefined ? undefined : await groups.get(groupId)
        if (!group) fail(seahubError(400, 'Group does not exist'))
        const staff = group.members.some((m) => m.email === user.email && m.isStaff)
        if (!staff && repo.owner !== user.email) fail(seahubError(403, 'Permission denied'))
        if ((await shares.getGroupShare(repo.id, group.id))?.from === from)
          await shares.unshareGroup(repo.id, group.id)
      } else if (shareType === 'public') {
        if (repo.owner !== user.email && !user.isStaff) fail(seahubError(403, 'Permission denied'))
        await shares.unsetPublic(repo.id)
      } else {
        fail(seahubError(400, 'Invalid argument'))
      }
      return drfResponse({ success: true })
    },
    { selfChecked: ['share_type', 'from', 'group_id'] },
  )
}
