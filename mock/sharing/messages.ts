/**
 * Group discussions and personal messages of seahub 6 and earlier (GroupMessage, MessageReply,
 * MessageAttachment, UserMessage) and the unseen notices they raise (UserNotification: `group_msg` for the
 * other members, `grpmsg_reply` for the author and earlier repliers, `user_message` for the recipient).
 */
import type { MetaStore } from '../store/MetaStore.ts'
import { nextId } from './groups.ts'

const GROUP_MSGS = 'group-msgs'
const REPLIES = 'group-msg-replies'
const USER_MSGS = 'user-msgs'
const NOTICES = 'notices'

export interface GroupMessage {
  id: number
  groupId: number
  from: string
  message: string
  /** Seconds. */
  timestamp: number
  att?: { repo: string; path: string; type: 'file'; src: 'recommend' }
}

export interface MessageReply {
  id: number
  msgId: number
  from: string
  message: string
  timestamp: number
}

export interface UserMessage {
  id: number
  from: string
  to: string
  message: string
  timestamp: number
  read: boolean
}

export interface Notice {
  id: number
  to: string
  type: 'group_msg' | 'grpmsg_reply' | 'user_message'
  groupId?: number
  msgId?: number
  from?: string
  seen: boolean
}

const now = () => Math.floor(Date.now() / 1000)

export class Messages {
  constructor(readonly meta: MetaStore) {}

  async #all<T>(ns: string): Promise<T[]> {
    return (await this.meta.list<T>(ns)).map(([, v]) => v)
  }

  async #notify(to: string, fields: Omit<Notice, 'id' | 'to' | 'seen'>): Promise<void> {
    const id = await nextId(this.meta, 'notice')
    await this.meta.put(NOTICES, String(id), { id, to, seen: false, ...fields } satisfies Notice)
  }

  /** Newest first. */
  async groupMessages(groupId: number): Promise<GroupMessage[]> {
    return (await this.#all<GroupMessage>(GROUP_MSGS)).filter((m) => m.groupId === groupId).reverse()
  }

  getGroupMessage(id: number): Promise<GroupMessage | undefined> {
    return this.meta.get<GroupMessage>(GROUP_MSGS, String(id))
  }

  async postGroupMessage(
    msg: Omit<GroupMessage, 'id' | 'timestamp'>,
    members: string[],
  ): Promise<GroupMessage> {
    const record: GroupMessage = { id: await nextId(this.meta, 'group-msg'), ...msg, timestamp: now() }
    await this.meta.put(GROUP_MSGS, String(record.id), record)
    for (const member of members)
      if (member !== msg.from) await this.#notify(member, { type: 'group_msg', groupId: msg.groupId })
    return record
  }

  /** Oldest first. */
  async replies(msgId: number): Promise<MessageReply[]> {
    return (await this.#all<MessageReply>(REPLIES)).filter((r) => r.msgId === msgId)
  }

  /** grpmsg_reply_added: the author and the earlier repliers, but not the one replying, get a notice. */
  async reply(msg: GroupMessage, from: string, message: string): Promise<MessageReply> {
    const earlier = await this.replies(msg.id)
    const record: MessageReply = {
      id: await nextId(this.meta, 'msg-reply'),
      msgId: msg.id,
      from,
      message,
      timestamp: now(),
    }
    await this.meta.put(REPLIES, String(record.id), record)
    const notify = new Set([msg.from, ...earlier.map((r) => r.from)])
    notify.delete(from)
    for (const to of notify) await this.#notify(to, { type: 'grpmsg_reply', msgId: msg.id })
    return record
  }

  async removeGroup(groupId: number): Promise<void> {
    for (const msg of await this.groupMessages(groupId)) await this.meta.delete(GROUP_MSGS, String(msg.id))
  }

  /** Newest first. */
  async between(a: string, b: string): Promise<UserMessage[]> {
    return (await this.#all<UserMessage>(USER_MSGS))
      .filter((m) => (m.from === a && m.to === b) || (m.from === b && m.to === a))
      .reverse()
  }

  async sendUserMessage(from: string, to: string, message: string): Promise<UserMessage> {
    const record: UserMessage = {
      id: await nextId(this.meta, 'user-msg'),
      from,
      to,
      message,
      timestamp: now(),
      read: false,
    }
    await this.meta.put(USER_MSGS, String(record.id), record)
    await this.#notify(to, { type: 'user_message', from })
    return record
  }

  /** The people `user` exchanged messages with. */
  async contacts(user: string): Promise<string[]> {
    const out = new Set<string>()
    for (const m of await this.#all<UserMessage>(USER_MSGS)) {
      if (m.from === user) out.add(m.to)
      if (m.to === user) out.add(m.from)
    }
    return [...out]
  }

  async unseen(user: string): Promise<Notice[]> {
    return (await this.#all<Notice>(NOTICES)).filter((n) => n.to === user && !n.seen)
  }

  /** Marks the user's unseen notices matching `match` as seen (reading the messages they point at). */
  async see(user: string, match: (n: Notice) => boolean): Promise<void> {
    for (const n of await this.unseen(user))
      if (match(n)) await this.meta.put(NOTICES, String(n.id), { ...n, seen: true })
  }

  /** Reading a conversation marks the other side's messages read. */
  async markRead(reader: string, other: string): Promise<void> {
    for (const m of await this.between(reader, other))
      if (m.to === reader && !m.read) await this.meta.put(USER_MSGS, String(m.id), { ...m, read: true })
  }
}
