import { field } from '../../http/form.ts'
import { pyJsonResponse } from '../../http/responses.ts'
import type { RouteContext } from '../types.ts'
import { GROUP_MSGS_PER_PAGE, messageHelpers, page } from './helpers.ts'

export function groupMessageRoutes({ routes, seaf }: RouteContext): void {
  const { messages, viewableGroup, groupMessageJson, messageField, groupMessage } = messageHelpers(seaf)

  routes.get(
    '/api2/group/msgs/:group_id/',
    async (c) => {
      const group = await viewableGroup(c)
      await messages.see(c.get('user').email, (n) => n.type === 'group_msg' && n.groupId === group.id)
      const { items, next } = page(c, await messages.groupMessages(group.id), GROUP_MSGS_PER_PAGE)
      return pyJsonResponse({ next_page: next, msgs: await Promise.all(items.map(groupMessageJson)) })
    },
    { selfChecked: ['page'] },
  )

  routes.post(
    '/api2/group/msgs/:group_id/',
    async (c) => {
      const group = await viewableGroup(c)
      const { message, form } = await messageField(c)
      const repoId = field(form, 'repo_id')
      const path = field(form, 'path')
      const posted = await messages.postGroupMessage(
        {
          groupId: group.id,
          from: c.get('user').email,
          message,
          ...(repoId && path
            ? { att: { repo: repoId, path, type: 'file' as const, src: 'recommend' as const } }
            : {}),
        },
        group.members.map((m) => m.email),
      )
      return pyJsonResponse({ msgid: posted.id })
    },
    { selfChecked: ['message', 'repo_id', 'path'] },
  )

  routes.get('/api2/group/:group_id/msg/:msg_id/', async (c) => {
    const group = await viewableGroup(c)
    return pyJsonResponse(await groupMessageJson(await groupMessage(c, group)))
  })

  routes.post(
    '/api2/group/:group_id/msg/:msg_id/',
    async (c) => {
      const group = await viewableGroup(c)
      const msg = await groupMessage(c, group)
      const { message } = await messageField(c)
      const reply = await messages.reply(msg, c.get('user').email, message)
      return pyJsonResponse({ msgid: reply.id })
    },
    { selfChecked: ['message'] },
  )
}
