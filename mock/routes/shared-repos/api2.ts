/** Sharing a library through the api2 view (SharedRepo.put / .delete): with users, groups or everyone. */
import { ERRORS, fail, seahubError } from '../../errors.ts'
import { queryParam } from '../../http/form.ts'
import { success } from '../../http/responses.ts'
import type { RepoRecord } from '../../model/repos.ts'
import { isValidUsername, pyInt } from '../../sharing/http.ts'
import { sharingOf } from '../../sharing/index.ts'
import { isSharePermission, splitPermission } from '../../sharing/shares.ts'
import { repoIdParam } from '../common.ts'
import type { RouteContext } from '../types.ts'

export function api2SharedRepoRoutes({ routes, seaf }: RouteContext): void {
  const sharing = sharingOf(seaf)
  const { shares, groups } = sharing
  const liveRepo = (id: string) => seaf.repos.get(id)
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
      if (repo.owner !== user.email) fail(ERRORS.PERMISSION_DENIED)
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
        if (!user.isStaff) fail(ERRORS.PERMISSION_DENIED)
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
}
