/**
 * `POST /api/v2.1/repos/batch/` (seahub/api2/endpoints/repos_batch.py::ReposBatchView.post) with
 * `operation=share|unshare` and `share_type=user|group`: each library is reported under `success` or
 * `failed`; an unknown user or group, or a group the caller is not in, refuses the whole request.
 */
import { fail, seahubError } from '../errors.ts'
import { field, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import type { RepoRecord } from '../model/repos.ts'
import type { RouteModule } from '../routes/types.ts'
import { isMember } from './groups.ts'
import { fieldList, pyInt } from './http.ts'
import { sharingOf } from './index.ts'
import { isSharePermission, splitPermission } from './shares.ts'

type Outcome = Record<string, unknown>

export const batchShareRoutes: RouteModule = ({ routes, seaf }) => {
  const { shares, groups, orgs } = sharingOf(seaf)

  routes.post(
    '/api/v2.1/repos/batch/',
    async (c) => {
      const form = await readForm(c)
      const user = c.get('user').email
      const operation = field(form, 'operation')
      if (!operation) fail(seahubError(400, 'operation invalid.'))
      if (operation !== 'share' && operation !== 'unshare')
        fail(seahubError(400, 'operation can only be "share", "unshare".'))
      const success: Outcome[] = []
      const failed: Outcome[] = []
      // Unknown libraries, and libraries the caller neither owns nor administers, fail one by one.
      const valid: RepoRecord[] = []
      for (const repoId of fieldList(form, 'repo_id')) {
        const repo = await seaf.repos.get(repoId)
        if (!repo) failed.push({ repo_id: repoId, error_msg: `Library ${repoId} not found.` })
        else if (repo.owner !== user && !(await shares.isRepoAdmin(user, repo.id)))
          failed.push({ repo_id: repoId, error_msg: 'Permission denied.' })
        else valid.push(repo)
      }
      const shareType = field(form, 'share_type')
      if (!shareType) fail(seahubError(400, 'share_type invalid.'))
      if (shareType !== 'user' && shareType !== 'group')
        fail(seahubError(400, 'share_type can only be "user", "group".'))
      const permission = operation === 'share' ? (field(form, 'permission') ?? 'rw') : 'rw'
      if (!isSharePermission(permission)) fail(seahubError(400, 'permission invalid.'))

      if (shareType === 'user') {
        const to = field(form, 'username')
        if (!to) fail(seahubError(400, 'username invalid.'))
        if (operation === 'share') {
          if (!(await seaf.users.get(to))) fail(seahubError(404, `User ${to} not found.`))
          const org = await orgs.ofUser(to)
          if (org) fail(seahubError(403, `User ${to} is member of organization ${org.name}.`))
        }
        for (const repo of valid) {
          const existing = await shares.getUserShare(repo.id, to)
          if (operation === 'share') {
            if (existing) failed.push({ repo_id: repo.id, error_msg: `This item has been shared to ${to}.` })
            else {
              await shares.shareToUser({ repoId: repo.id, from: user, to, ...splitPermission(permission) })
              success.push({ repo_id: repo.id, username: to, permission })
            }
          } else if (!existing)
            failed.push({ repo_id: repo.id, error_msg: `This item has not been shared to ${to}.` })
          else {
            await shares.unshareUser(repo.id, to)
            success.push({ repo_id: repo.id, username: to })
          }
        }
        return drfResponse({ failed, success })
      }

      const raw = field(form, 'group_id')
      if (!raw) fail(seahubError(400, 'group_id invalid.'))
      const groupId = pyInt(raw)
      if (groupId === undefined) fail(seahubError(400, 'group_id invalid.'))
      const group = await groups.get(groupId)
      if (!group) fail(seahubError(404, `Group ${groupId} not found.`))
      if (operation === 'share' && !isMember(group, user))
        fail(seahubError(403, `User ${user} is not member of group ${group.name}.`))
      for (const repo of valid) {
        const existing = await shares.getGroupShare(repo.id, group.id)
        if (operation === 'share') {
          if (existing)
            failed.push({ repo_id: repo.id, error_msg: `This item has been shared to ${group.name}.` })
          else {
            await shares.shareToGroup({
              repoId: repo.id,
              from: user,
              groupId: group.id,
              ...splitPermission(permission),
            })
            success.push({ repo_id: repo.id, group_id: group.id, group_name: group.name, permission })
          }
        } else if (!existing)
          failed.push({ repo_id: repo.id, error_msg: `This item has not been shared to ${group.name}.` })
        else {
          await shares.unshareGroup(repo.id, group.id)
          success.push({ repo_id: repo.id, group_id: group.id, group_name: group.name })
        }
      }
      return drfResponse({ failed, success })
    },
    { selfChecked: ['operation', 'share_type', 'repo_id', 'username', 'group_id', 'permission'] },
  )
}
