import { describe, expect, test } from 'vitest'
import { makeGroup, sharingWorld, statusAndBody } from '../sharing/testing/world.ts'

interface GroupMsg {
  msgid: number
  msg: string
  from_email: string
  reply_cnt: number
  replies: { msgid: number; msg: string; from_email: string }[]
  att?: Record<string, string>
}

describe('group messages', () => {
  test('members post and read messages newest first, with attachments, replies and unseen counters', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const gid = await makeGroup(user, 'team', [user2])
    const first = await user.json<{ msgid: number }>('POST', `/api2/group/msgs/${gid}/`, {
      form: { message: 'test discuss' },
    })
    const second = await user.json<{ msgid: number }>('POST', `/api2/group/msgs/${gid}/`, {
      form: { message: 'this is another test', repo_id: repoId, path: '/docs/a.txt' },
    })
    expect(second.msgid).toBe(first.msgid + 1)
    // user2 has two unseen group messages until reading them.
    expect(await user2.json('GET', '/api2/unseen_messages/')).toEqual({ count: 2 })
    const before = await user2.json<{ groups: { msgnum: number; mtime: number }[] }>('GET', '/api2/groups/')
    expect(before.groups[0]!.msgnum).toBe(2)
    expect(before.groups[0]!.mtime).toBeGreaterThan(0)
    const list = await user2.json<{ next_page: number; msgs: GroupMsg[] }>('GET', `/api2/group/msgs/${gid}/`)
    expect(list.next_page).toBe(-1)
    expect(list.msgs.map((m) => m.msg)).toEqual(['this is another test', 'test discuss'])
    expect(list.msgs[0]!.att).toEqual({ repo: repoId, path: '/docs/a.txt', type: 'file', src: 'recommend' })
    expect(await user2.json('GET', '/api2/unseen_messages/')).toEqual({ count: 0 })
    const reply = await user2.json<{ msgid: number }>('POST', `/api2/group/${gid}/msg/${first.msgid}/`, {
      form: { message: 'this is a reply' },
    })
    const detail = await user.json<GroupMsg>('GET', `/api2/group/${gid}/msg/${first.msgid}/`)
    expect(detail).toMatchObject({ msgid: first.msgid, reply_cnt: 1, msg: 'test discuss' })
    expect(detail.replies).toEqual([
      expect.objectContaining({
        msgid: reply.msgid,
        msg: 'this is a reply',
        from_email: 'user2@example.com',
      }),
    ])
    // The author sees the new reply once, through new_replies, and the groups' replynum until then.
    expect((await user.json<{ replynum: number }>('GET', '/api2/groups/')).replynum).toBe(1)
    const fresh = await user.json<GroupMsg[]>('GET', '/api2/new_replies/')
    expect(fresh.map((m) => m.msgid)).toEqual([first.msgid])
    expect(await user.json('GET', '/api2/new_replies/')).toEqual([])
  })

  test('non-members get 403, unknown groups and messages 404, an empty message 400', async () => {
    const { user, user2, admin } = await sharingWorld()
    const gid = await makeGroup(user, 'team')
    const denied = await user2.call('GET', `/api2/group/msgs/${gid}/`)
    expect(await statusAndBody(denied)).toEqual([403, { error_msg: 'Forbid to access this group.' }])
    expect((await user2.call('POST', `/api2/group/msgs/${gid}/`, { form: { message: 'hi' } })).status).toBe(
      403,
    )
    // A system admin may look into any group.
    expect((await admin.call('GET', `/api2/group/msgs/${gid}/`)).status).toBe(200)
    const gone = await user.call('GET', '/api2/group/msgs/999/')
    expect(await statusAndBody(gone)).toEqual([404, { error_msg: 'Group not found.' }])
    const msg = await user.call('GET', `/api2/group/${gid}/msg/42/`)
    expect(await statusAndBody(msg)).toEqual([404, { error_msg: 'Message not found.' }])
    const reply = await user.call('POST', `/api2/group/${gid}/msg/42/`, { form: { message: 'x' } })
    expect(reply.status).toBe(404)
    const html = await user.server.request('/api2/group/msgs/abc/', {
      headers: { Authorization: `Token ${user.token}` },
    })
    expect([html.status, html.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8'])
  })
})

describe('user messages', () => {
  test('sends and lists personal messages (by e-mail or account number); reading clears the unseen count', async () => {
    const { user, user2 } = await sharingWorld()
    const a = await user.json<{ msgid: number }>('POST', '/api2/user/msgs/user2@example.com/', {
      form: { message: 'a test msg' },
    })
    await user.json('POST', '/api2/user/msgs/user2@example.com/', { form: { message: 'another test msg' } })
    expect(await user2.json('GET', '/api2/unseen_messages/')).toEqual({ count: 2 })
    const list = await user2.json<{
      to_email: string
      next_page: number
      msgs: { msgid: number; msg: string }[]
    }>('GET', '/api2/user/msgs/user@example.com/')
    expect(list).toMatchObject({ to_email: 'user@example.com', next_page: -1 })
    expect(list.msgs.map((m) => m.msg)).toEqual(['another test msg', 'a test msg'])
    expect(list.msgs[1]).toMatchObject({
      msgid: a.msgid,
      from_email: 'user@example.com',
      nickname: 'user',
      attachments: [],
    })
    expect(await user2.json('GET', '/api2/unseen_messages/')).toEqual({ count: 0 })
    // Account 3 is user2@example.com (admin, user, user2 are created in that order).
    const byId = await user.json<{ to_email: string }>('GET', '/api2/user/msgs/3/')
    expect(byId.to_email).toBe('user2@example.com')
    const nobody = await user.call('GET', '/api2/user/msgs/ghost@example.com/')
    expect(await statusAndBody(nobody)).toEqual([404, { error_msg: 'User not found.' }])
  })

  test('groupandcontacts lists groups and contacts with their last message and unseen counters', async () => {
    const { user, user2 } = await sharingWorld()
    const gid = await makeGroup(user, 'team', [user2])
    await user.json('POST', `/api2/group/msgs/${gid}/`, { form: { message: 'hello team' } })
    await user.json('POST', '/api2/user/msgs/user2@example.com/', { form: { message: 'hi' } })
    const res = await user2.json<Record<string, unknown>>('GET', '/api2/groupandcontacts/')
    expect(res).toMatchObject({ umsgnum: 1, gmsgnum: 1, replynum: 0, newreplies: [] })
    expect(res.contacts).toEqual([
      expect.objectContaining({ email: 'user@example.com', lastmsg: 'hi', msgnum: 1 }),
    ])
    expect(res.groups).toEqual([
      expect.objectContaining({ id: gid, name: 'team', lastmsg: 'hello team', msgnum: 1 }),
    ])
  })
})
