import { drfResponse, pyJsonResponse } from '../../http/responses.ts'
import type { RouteContext } from '../types.ts'
import { messageHelpers, page, USER_MSGS_PER_PAGE } from './helpers.ts'

export function userMessageRoutes({ routes, seaf }: RouteContext): void {
  const { messages, nickname, messageField, otherUser } = messageHelpers(seaf)

  routes.get('/api2/user/msgs/:id_or_email/', async (c) => {
    const me = c.get('user').email
    const other = await otherUser(c)
    await messages.see(me, (n) => n.type === 'user_message' && n.from === other)
    await messages.markRead(me, other)
    const { items, next } = page(c, await messages.between(me, other), USER_MSGS_PER_PAGE)
    const msgs = []
    for (const m of items)
      msgs.push({
        attachments: [],
        timestamp: m.timestamp,
        from_email: m.from,
        msgid: m.id,
        msg: m.message,
        nickname: await nickname(m.from),
      })
    return pyJsonResponse({ to_email: other, next_page: next, msgs })
  })

  routes.post(
    '/api2/user/msgs/:id_or_email/',
    async (c) => {
      const other = await otherUser(c)
      const { message } = await messageField(c)
      const sent = await messages.sendUserMessage(c.get('user').email, other, message)
      return pyJsonResponse({ msgid: sent.id })
    },
    { selfChecked: ['message'] },
  )

  // UnseenMessagesCountView: every unseen notification of the user.
  routes.get('/api2/unseen_messages/', async (c) =>
    drfResponse({ count: (await messages.unseen(c.get('user').email)).length }),
  )
}
