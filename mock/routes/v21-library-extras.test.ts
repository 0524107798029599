import { describe, expect, test } from 'vitest'
import { login, withRepo } from '../testing/harness.ts'

describe('v2.1 library extras', () => {
  test('set-password decrypts an encrypted library and refuses a wrong password', async () => {
    const { client } = await withRepo()
    const made = await client.json<{ repo_id: string }>('POST', '/api2/repos/', {
      form: { name: 'enc', passwd: 'secret' },
    })
    const url = `/api/v2.1/repos/${made.repo_id}/set-password/`
    expect(await (await client.call('POST', url, { form: { password: 'nope' } })).json()).toEqual({
      error_msg: 'Wrong password',
    })
    expect(await client.json('POST', url, { form: { password: 'secret' } })).toEqual({ success: true })
    expect((await client.call('POST', url, {})).status).toBe(400)
  })

  test('related users, groups with libraries, and removing a group library', async () => {
    const { server, client, repoId } = await withRepo()
    await client.call('PUT', '/api2/groups/', { form: { group_name: 'team' } })
    const [group] = await client.json<{ id: number; admins: string[] }[]>('GET', '/api/v2.1/groups/')
    expect(group?.admins).toEqual(['user@example.com'])
    await client.call('PUT', `/api2/groups/${group!.id}/members/`, {
      form: { user_name: 'user2@example.com' },
    })
    await client.json('PUT', `/api2/repos/${repoId}/dir/shared_items/?p=/`, {
      form: { share_type: 'group', group_id: String(group!.id), permission: 'r' },
    })
    const related = await client.json<{ user_list: { email: string }[] }>(
      'GET',
      `/api/v2.1/repos/${repoId}/related-users/`,
    )
    expect(related.user_list.map((u) => u.email)).toEqual(['user@example.com', 'user2@example.com'])
    const withRepos = await client.json<{ repos: { repo_id: string }[] }[]>(
      'GET',
      '/api/v2.1/groups/?with_repos=1',
    )
    expect(withRepos[0]?.repos.map((r) => r.repo_id)).toEqual([repoId])
    const other = await login(server, 'user2@example.com', 'user2')
    expect((await other.call('DELETE', `/api/v2.1/groups/${group!.id}/libraries/${repoId}/`)).status).toBe(
      403,
    )
    expect(await client.json('DELETE', `/api/v2.1/groups/${group!.id}/libraries/${repoId}/`)).toEqual({
      success: true,
    })
    expect((await other.call('GET', `/api/v2.1/repos/${repoId}/related-users/`)).status).toBe(403)
    expect((await client.call('DELETE', `/api/v2.1/groups/${group!.id}/libraries/${repoId}/`)).status).toBe(
      404,
    )
  })

  test('custom share permissions: 404 for an unknown id, 403 without access', async () => {
    const { server, client, repoId } = await withRepo()
    const url = `/api/v2.1/repos/${repoId}/custom-share-permissions/7/`
    expect(await (await client.call('GET', url)).json()).toEqual({ error_msg: 'Permission 7 not found.' })
    const other = await login(server, 'user2@example.com', 'user2')
    expect((await other.call('GET', url)).status).toBe(403)
  })
})
