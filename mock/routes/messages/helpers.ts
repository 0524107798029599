/** What the message views share: paging, and the helpers over one server's messages and groups. */
import { fail, seahubError } from '../../errors.ts'
import type { MockContext } from '../../http/env.ts'
import { field, pathParam, queryParam } from '../../http/form.ts'
import type { Seafile } from '../../model/seafile.ts'
import type { GroupRecord } from '../../sharing/groups.ts'
import { isMember } from '../../sharing/groups.ts'
import { groupIdParam, postForm, pyInt } from '../../sharing/http.ts'
import { sharingOf } from '../../sharing/index.ts'
import type { GroupMessage } from '../../sharing/messages.ts'
import { userInfo } from '../../views/format.ts'

export const GROUP_MSGS_PER_PAGE = 15
export const USER_MSGS_PER_PAGE = 20

/** One page (1-based `page`, default 1) and `next_page` (-1 on the last). */
export function page<T>(c: MockContext, items: T[], size: number): { items: T[]; next: number } {
  const n = Math.max(1, pyInt(queryParam(c, 'page') ?? '1') ?? 1)
  return { items: items.slice((n - 1) * size, n * size), next: items.length > n * size ? n + 1 : -1 }
}

/** The helpers the message views share, over `seaf`'s messages and groups. */
export function messageHelpers(seaf: Seafile) {
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

  /** The group's message `msg_id` (404 `Message not found.`). */
  async function groupMessage(c: MockContext, group: GroupRecord): Promise<GroupMessage> {
    const id = pathParam(c, 'msg_id')
    const msg = /^[0-9]+$/.test(id) ? await messages.getGroupMessage(Number(id)) : undefined
    if (!msg || msg.groupId !== group.id) fail(seahubError(404, 'Message not found.'))
    return msg
  }

  return {
    messages,
    groups,
    nickname,
    viewableGroup,
    groupMessageJson,
    messageField,
    otherUser,
    groupMessage,
  }
}
