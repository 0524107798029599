import { pyJsonResponse } from '../../http/responses.ts'
import { sharingOf } from '../../sharing/index.ts'
import { groupsWithMessages } from '../groups.ts'
import type { RouteContext } from '../types.ts'
import { messageHelpers } from './helpers.ts'

export function messageOverviewRoutes({ routes, seaf }: RouteContext): void {
  const { messages, nickname, groupMessageJson } = messageHelpers(seaf)

  // NewReplyView: the messages with unseen replies, which are then seen.
  routes.get('/api2/new_replies/', async (c) => {
    const me = c.get('user').email
    const ids = new Set(
      (await messages.unseen(me)).filter((n) => n.type === 'grpmsg_reply').map((n) => n.msgId!),
    )
    const out = []
    for (const id of ids) {
      const msg = await messages.getGroupMessage(id)
      if (msg) out.push(await groupMessageJson(msg))
    }
    await messages.see(me, (n) => n.type === 'grpmsg_reply')
    return pyJsonResponse(out)
  })

  // GroupAndContacts: groups with their last message, contacts with theirs, and the unseen counters.
  routes.get('/api2/groupandcontacts/', async (c) => {
    const me = c.get('user').email
    const unseen = await messages.unseen(me)
    const { groups: groupList, replynum } = await groupsWithMessages(sharingOf(seaf), me)
    const contacts = []
    for (const email of await messages.contacts(me)) {
      const last = (await messages.between(me, email))[0]
      contacts.push({
        email,
        name: await nickname(email),
        mtime: last?.timestamp ?? 0,
        lastmsg: last?.message ?? null,
        msgnum: unseen.filter((n) => n.type === 'user_message' && n.from === email).length,
      })
    }
    contacts.sort((a, b) => b.mtime - a.mtime)
    const replyIds = new Set(unseen.filter((n) => n.type === 'grpmsg_reply').map((n) => n.msgId!))
    const newreplies = []
    for (const id of replyIds) {
      const msg = await messages.getGroupMessage(id)
      if (msg) newreplies.push(await groupMessageJson(msg))
    }
    return pyJsonResponse({
      contacts,
      umsgnum: contacts.reduce((sum, x) => sum + x.msgnum, 0),
      replynum,
      groups: groupList,
      gmsgnum: groupList.reduce((sum, g) => sum + g.msgnum, 0),
      newreplies,
    })
  })
}
