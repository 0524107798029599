/**
 * The v2.1 share views (endpoints/shared_repos.py): change or remove a share of my library, or leave one
 * shared to me.
 */
import { ERRORS, fail, seahubError } from '../../errors.ts'
import type { MockContext } from '../../http/env.ts'
import { field, queryParam, readForm } from '../../http/form.ts'
import { drfResponse } from '../../http/responses.ts'
import type { RepoRecord } from '../../model/repos.ts'
import { isValidUsername, pyInt } from '../../sharing/http.ts'
import { sharingOf } from '../../sharing/index.ts'
import { repoIdParam } from '../common.ts'
import type { RouteContext } from '../types.ts'

export function v21SharedRepoRoutes({ routes, seaf }: RouteContext): void {
  const sharing = sharingOf(seaf)
  const { shares, groups } = sharing
  const liveRepo = (id: string) => seaf.repos.get(id)
  /** endpoints/shared_repos.py: only the owner, checked before the library exists. */
  async function ownedRepo(c: MockContext): Promise<RepoRecord | undefined> {
    const repoId = repoIdParam(c)
    const repo = await liveRepo(repoId)
    if (repo?.owner !== c.get('user').email) fail(ERRORS.PERMISSION_DENIED)
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
