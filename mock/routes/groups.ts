/** Groups and their members (seahub/api2/views.py::Groups, GroupMembers). */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { drfResponse, pyJsonResponse, success } from '../http/responses.ts'
import type { GroupRecord } from '../sharing/groups.ts'
import { isStaff, isValidGroupName } from '../sharing/groups.ts'
import { groupIdParam, postForm, pyInt } from '../sharing/http.ts'
import { type Sharing, sharingOf } from '../sharing/index.ts'
import type { RouteContext } from './types.ts'

const GROUP_NOT_FOUND = seahubError(404, 'Group not found')
const NAME_TAKEN = 'There is already a group with that name.'

/** Groups.put writes its own bodies: `json.dumps({'error': msg})`, not api_error. */
const legacyError = (status: number, error: string) => pyJsonResponse({ error }, status)

/** seahub/api2/utils.py::get_groups: the user's groups with unseen message counts, and the new replies. */
export async function groupsWithMessages(sharing: Sharing, user: string) {
  const unseen = await sharing.messages.unseen(user)
  const groups = []
  for (const g of await sharing.groups.ofUser(user)) {
    const last = (await sharing.messages.groupMessages(g.id))[0]
    groups.push({
      ctime: g.ctime,
      creator: g.creator,
      msgnum: unseen.filter((n) => n.type === 'group_msg' && n.groupId === g.id).length,
      mtime: last?.timestamp ?? 0,
      id: g.id,
      name: g.name,
      lastmsg: last?.message ?? null,
    })
  }
  return { groups, replynum: unseen.filter((n) => n.type === 'grpmsg_reply').length }
}

/** seahub/avatar/templatetags/group_avatar_tags.py::grp_avatar with the default picture (served by misc.ts). */
const groupAvatar = (size: number) =>
  `<img src="/media/avatars/groups/resized/${size}/default.png" width="${size}" height="${size}" class="avatar" alt="" />`

export function groupRoutes({ routes, seaf }: RouteContext): void {
  const sharing = sharingOf(seaf)

  async function staffGroup(c: MockContext, denied: string): Promise<GroupRecord> {
    const group = await sharing.groups.get(groupIdParam(c))
    if (!group) fail(GROUP_NOT_FOUND)
    if (!isStaff(group, c.get('user').email)) fail(seahubError(403, denied))
    return group
  }

  routes.get(
    '/api2/groups/',
    async (c) => {
      const user = c.get('user').email
      if ((queryParam(c, 'with_msg') ?? 'true') === 'true') {
        const { groups, replynum } = await groupsWithMessages(sharing, user)
        return drfResponse({ groups: groups.map(({ lastmsg: _, ...g }) => g), replynum })
      }
      // The bare list reads `size` (default 36) for the avatar, and stops after `limit` (default 8).
      const limit = pyInt(queryParam(c, 'limit') ?? '8') ?? 8
      const size = pyInt(queryParam(c, 'size') ?? '36') ?? 36
      const groups = (await sharing.groups.ofUser(user)).slice(0, Math.max(0, limit))
      return drfResponse(
        groups.map((g) => ({
          id: g.id,
          name: g.name,
          creator: g.creator,
          ctime: g.ctime,
          avatar: groupAvatar(size),
        })),
      )
    },
    { selfChecked: ['with_msg', 'limit', 'avatar_size', 'size'] },
  )

  routes.put(
    '/api2/groups/',
    async (c) => {
      const form = await readForm(c)
      const name = field(form, 'group_name')?.trim()
      // `group_name.strip()` on a missing name is Django's HTML 500; the mock answers the view's own 400.
      if (name === undefined) return legacyError(400, 'group_name invalid.')
      if (!isValidGroupName(name))
        return legacyError(
          403,
          'Name can only contain letters, numbers, spaces, hyphen, dot, single quote, brackets or underscore.',
        )
      // Outside cloud mode the name must be unique among all personal groups.
      if (await sharing.groups.byName(name)) return legacyError(400, NAME_TAKEN)
      const group = await sharing.groups.create(name, c.get('user').email)
      return pyJsonResponse({ success: true, group_id: group.id })
    },
    { selfChecked: ['group_name'] },
  )

  routes.delete('/api2/groups/:group_id/', async (c) => {
    const group = await staffGroup(c, 'You do not have permission to delete group')
    // remove_group_common: the group's library shares and messages go with it.
    await sharing.shares.removeGroup(group.id)
    await sharing.messages.removeGroup(group.id)
    await sharing.groups.delete(group.id)
    return success()
  })

  routes.post(
    '/api2/groups/:group_id/',
    async (c) => {
      const group = await staffGroup(c, 'You do not have permission to rename group')
      const form = await postForm(c)
      if ((field(form, 'operation') ?? '').toLowerCase() !== 'rename')
        fail(seahubError(400, 'Operation can only be rename.'))
      const newname = field(form, 'newname') ?? ''
      if (!newname) fail(seahubError(400, 'New name is missing'))
      // rename_group_with_new_name: BadGroupNameError, then ConflictGroupNameError (its own name too).
      if (!isValidGroupName(newname)) fail(seahubError(400, 'Group name is not valid.'))
      if (await sharing.groups.byName(newname)) fail(seahubError(400, NAME_TAKEN))
      await sharing.groups.save({ ...group, name: newname })
      return success()
    },
    { selfChecked: ['operation', 'newname'] },
  )

  routes.put(
    '/api2/groups/:group_id/members/',
    async (c) => {
      const group = await staffGroup(c, 'Only administrators can add group members')
      const member = field(await readForm(c), 'user_name')
      if (!member || !(await seaf.users.get(member))) fail(seahubError(400, 'Not a valid user'))
      // group_add_member fails on an existing member (a 500 on the real server; bad input here).
      if (group.members.some((m) => m.email === member)) fail(seahubError(400, 'Unable to add user to group'))
      await sharing.groups.save({ ...group, members: [...group.members, { email: member, isStaff: false }] })
      return pyJsonResponse({ success: true })
    },
    { selfChecked: ['user_name'] },
  )

  routes.delete(
    '/api2/groups/:group_id/members/',
    async (c) => {
      const group = await staffGroup(c, 'Only administrators can remove group members')
      const member = field(await readForm(c), 'user_name')
      // group-mgr.c::remove_member refuses to remove oneself or the owner (the view's message says "add").
      if (!member || member === c.get('user').email || member === group.creator)
        fail(seahubError(400, 'Unable to add user to group'))
      await sharing.groups.save({ ...group, members: group.members.filter((m) => m.email !== member) })
      return pyJsonResponse({ success: true })
    },
    { selfChecked: ['user_name'] },
  )
}
