/**
 * Messages of seahub 6 and earlier (seahub/api2/views.py of that era: UserMsgsView, GroupMsgsView,
 * GroupMsgView, NewReplyView, GroupAndContacts) and the unseen count that current seahub still serves
 * (UnseenMessagesCountView). Current seahub has dropped the other routes (Django's HTML 404); the mock keeps
 * the older behaviour so clients written against the document work.
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, pathParam, queryParam } from '../http/form.ts'
import { drfResponse, pyJsonResponse } from '../http/responses.ts'
import type { GroupRecord } from '../sharing/groups.ts'
import { isMember } from '../sharing/groups.ts'
import { groupIdParam, postForm, pyInt } from '../sharing/http.ts'
import { sharingOf } from '../sharing/index.ts'
import type { GroupMessage } from '../sharing/messages.ts'
import { userInfo } from '../views/format.ts'
import { groupsWithMessages } from './groups.ts'
import type { RouteContext } from './types.ts'

const GROUP_MSGS_PER_PAGE = 15
const USER_MSGS_PER_PAGE = 20

/** One page (1-based `page`, default 1) and `next_page` (-1 on the last). */
function page<T>(c: MockContext, items: T[], size: number): { items: T[]; next: number } {
  const n = Math.max(1, pyInt(queryParam(c, 'page') ?? '1') ?? 1)
  return { items: items.slice((n - 1) * size, n * size), next: items.length > n * size ? n + 1 : -1 }
}

export function messageRoutes({ routes, seaf }: RouteContext): void {
  const { messages, groups } = sharingOf(seaf)
  const nickname = async (email: string) => (await userInfo(seaf, email)).name

  /** api_group_check: the group (404), seen by members, system admins (403 otherwise). */
  async function viewableGroup(c: MockContext): Promise<GroupRecord> {
    const group = await groups.get(groupIdParam(c))
    if (!group) fail(seahubError(404, 'Group not found.'))
    const user = c.get('user')
    if (!isMember(group, user.email) && !user.isStaff) fail(seahubError(403, 'Forbid to access this group.'))
    return group
  }

  /** get_group_message: the message with its replies, oldest reply first. */
  async function groupMessageJson(msg: GroupMessage) {
    const replies = await messages.replies(msg.id)
    const out: Record<string, unknown> = {
      reply_cnt: replies.length,
      timestamp: msg.timestamp,
      replies: await Promise.all(
        replies.map(async (r) => ({
          msg: r.message,
          timestamp: r.timestamp,
          nickname: await nickname(r.from),
          msgid: r.id,
          from_email: r.from,
        })),
      ),
      from_email: msg.from,
      msgid: msg.id,
      msg: msg.message,
      nickname: await nickname(msg.from),
    }
    if (msg.att) out.att = msg.att
    return out
  }

  /** The message to post, from `request.POST`; an empty one is refused. */
  async function messageField(
    c: MockContext,
  ): Promise<{ message: string; form: Record<string, string | string[]> }> {
    const form = await postForm(c)
    const message = field(form, 'message')
    if (!message) fail(seahubError(400, 'Missing argument'))
    return { message, form }
  }

  /** get_email: a numeric id names a user (by account order), anything else is an e-mail. */
  async function otherUser(c: MockContext): Promise<string> {
    const raw = pathParam(c, 'id_or_email')
    const users = await seaf.users.list()
    const found = /^[0-9]+$/.test(raw) ? users[Number(raw) - 1] : users.find((u) => u.email === raw)
    if (!found) fail(seahubError(404, 'User not found.'))
    return found.email
  }

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

  /** The group's message `msg_id` (404 `Message not found.`). */
  async function groupMessage(c: MockContext, group: GroupRecord): Promise<GroupMessage> {
    const id = pathParam(c, 'msg_id')
    const msg = /^[0-9]+$/.test(id) ? await messages.getGroupMessage(Number(id)) : undefined
    if (!msg || msg.groupId !== group.id) fail(seahubError(404, 'Message not found.'))
    return msg
  }

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
