import { describe, expect, test } from 'vitest'
import { login, startServer } from '../testing/harness.ts'

async function threeUsers() {
  const server = await startServer()
  return {
    server,
    user: await login(server),
    user2: await login(server, 'user2@example.com', 'user2'),
    admin: await login(server, 'admin@example.com', 'admin'),
  }
}

describe('groups', () => {
  test('creates a group (spaced JSON), lists it with messages counters, and refuses a duplicate name', async () => {
    const { user, user2 } = await threeUsers()
    const created = await user.call('PUT', '/api2/groups/', { form: { group_name: 'team' } })
    expect(created.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await created.text()).toMatch(/^\{"success": true, "group_id": \d+\}$/)
    const list = await user.json<{
      groups: { name: string; creator: string; ctime: number }[]
      replynum: number
    }>('GET', '/api2/groups/')
    expect(list.replynum).toBe(0)
    expect(list.groups).toEqual([
      expect.objectContaining({ name: 'team', creator: 'user@example.com', msgnum: 0, mtime: 0 }),
    ])
    // ccnet's timestamp is in microseconds.
    expect(list.groups[0]!.ctime).toBeGreaterThan(Date.now() * 100)
    const dup = await user2.call('PUT', '/api2/groups/', { form: { group_name: 'team' } })
    expect([dup.status, await dup.json()]).toEqual([
      400,
      { error: 'There is already a group with that name.' },
    ])
    expect(await user2.json('GET', '/api2/groups/')).toEqual({ groups: [], replynum: 0 })
  })

  test('refuses an invalid group name with 403 {"error"} as Groups.put does, and a missing one with 400', async () => {
    const { user } = await threeUsers()
    const bad = await user.call('PUT', '/api2/groups/', { form: { group_name: 'a/b' } })
    expect(bad.status).toBe(403)
    expect(await bad.json()).toEqual({
      error:
        'Name can only contain letters, numbers, spaces, hyphen, dot, single quote, brackets or underscore.',
    })
    const missing = await user.call('PUT', '/api2/groups/', { form: {} })
    expect([missing.status, await missing.json()]).toEqual([400, { error: 'group_name invalid.' }])
  })

  test('lists the bare array with avatars when with_msg is not true, cut at limit', async () => {
    const { user } = await threeUsers()
    for (const name of ['g1', 'g2', 'g3'])
      await user.call('PUT', '/api2/groups/', { form: { group_name: name } })
    const bare = await user.json<{ name: string; avatar: string }[]>(
      'GET',
      '/api2/groups/?with_msg=false&limit=2',
    )
    expect(bare.map((g) => g.name)).toEqual(['g1', 'g2'])
    expect(bare[0]!.avatar).toContain('width="36"')
    const sized = await user.json<{ avatar: string }[]>('GET', '/api2/groups/?with_msg=0&size=48')
    expect(sized).toHaveLength(3)
    expect(sized[0]!.avatar).toContain('width="48"')
  })

  test('only group staff rename: member 403, duplicate and invalid 400, unknown operation 400', async () => {
    const { user, user2 } = await threeUsers()
    const { group_id } = await user.json<{ group_id: number }>('PUT', '/api2/groups/', {
      form: { group_name: 'a' },
    })
    await user.call('PUT', '/api2/groups/', { form: { group_name: 'b' } })
    await user.call('PUT', `/api2/groups/${group_id}/members/`, { form: { user_name: 'user2@example.com' } })
    const url = `/api2/groups/${group_id}/`
    const denied = await user2.call('POST', url, { form: { operation: 'rename', newname: 'c' } })
    expect([denied.status, await denied.json()]).toEqual([
      403,
      { error_msg: 'You do not have permission to rename group' },
    ])
    const taken = await user.call('POST', url, { form: { operation: 'rename', newname: 'b' } })
    expect(await taken.json()).toEqual({ error_msg: 'There is already a group with that name.' })
    const invalid = await user.call('POST', url, { form: { operation: 'rename', newname: 'x/y' } })
    expect([invalid.status, await invalid.json()]).toEqual([400, { error_msg: 'Group name is not valid.' }])
    const op = await user.call('POST', url, { form: { operation: 'drop' } })
    expect(await op.json()).toEqual({ error_msg: 'Operation can only be rename.' })
    const ok = await user.call('POST', url, { form: { operation: 'RENAME', newname: 'pinkfloyd_lovers' } })
    expect([ok.status, await ok.text()]).toEqual([200, '"success"'])
    const { groups } = await user2.json<{ groups: { name: string }[] }>('GET', '/api2/groups/')
    expect(groups.map((g) => g.name)).toEqual(['pinkfloyd_lovers'])
  })

  test('members: staff add and remove; others 403; unknown user 400; missing group 404; non-numeric id HTML 404', async () => {
    const { user, user2, admin } = await threeUsers()
    const { group_id } = await user.json<{ group_id: number }>('PUT', '/api2/groups/', {
      form: { group_name: 'm' },
    })
    const members = `/api2/groups/${group_id}/members/`
    const added = await user.call('PUT', members, { form: { user_name: 'user2@example.com' } })
    expect([added.status, await added.text()]).toEqual([200, '{"success": true}'])
    const again = await user.call('PUT', members, { form: { user_name: 'user2@example.com' } })
    expect([again.status, await again.json()]).toEqual([400, { error_msg: 'Unable to add user to group' }])
    const nobody = await user.call('PUT', members, { form: { user_name: 'nobody@example.com' } })
    expect([nobody.status, await nobody.json()]).toEqual([400, { error_msg: 'Not a valid user' }])
    const byMember = await user2.call('PUT', members, { form: { user_name: 'admin@example.com' } })
    expect([byMember.status, await byMember.json()]).toEqual([
      403,
      { error_msg: 'Only administrators can add group members' },
    ])
    const removeByOther = await admin.call('DELETE', members, { form: { user_name: 'user2@example.com' } })
    expect(await removeByOther.json()).toEqual({ error_msg: 'Only administrators can remove group members' })
    const self = await user.call('DELETE', members, { form: { user_name: 'user@example.com' } })
    expect(self.status).toBe(400)
    const removed = await user.call('DELETE', members, { form: { user_name: 'user2@example.com' } })
    expect(await removed.json()).toEqual({ success: true })
    expect(await user2.json('GET', '/api2/groups/')).toEqual({ groups: [], replynum: 0 })
    const missing = await user.call('PUT', '/api2/groups/999/members/', {
      form: { user_name: 'user2@example.com' },
    })
    expect([missing.status, await missing.json()]).toEqual([404, { error_msg: 'Group not found' }])
    const html = await user.server.request('/api2/groups/abc/members/', {
      method: 'PUT',
      headers: { Authorization: `Token ${user.token}` },
    })
    expect([html.status, html.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8'])
  })

  test('deletes a group: staff only (403 otherwise), then 404', async () => {
    const { user, user2 } = await threeUsers()
    const { group_id } = await user.json<{ group_id: number }>('PUT', '/api2/groups/', {
      form: { group_name: 'd' },
    })
    const denied = await user2.call('DELETE', `/api2/groups/${group_id}/`)
    expect([denied.status, await denied.json()]).toEqual([
      403,
      { error_msg: 'You do not have permission to delete group' },
    ])
    const ok = await user.call('DELETE', `/api2/groups/${group_id}/`)
    expect([ok.status, await ok.text()]).toEqual([200, '"success"'])
    const gone = await user.call('DELETE', `/api2/groups/${group_id}/`)
    expect([gone.status, await gone.json()]).toEqual([404, { error_msg: 'Group not found' }])
  })
})
