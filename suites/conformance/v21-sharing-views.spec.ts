/**
 * The v2.1 views behind the web UI's and the desktop client's sharing dialogs: who a library is shared
 * with (repos.py::RepoShareInfoView), the user's outgoing shares (shared_repos.py::SharedRepos), the
 * groups to share to (shareable_groups.py), smart links (smart_link.py) and the user search
 * (api2 search_user.py).
 */
import { createGroup, deleteGroup, emailOf, groupName, putText } from '../client/workflows.ts'
import { core, expect, test } from '../fixtures.ts'

test.describe('v2.1 sharing views', () => {
  test('share-info and shared-repos follow a share to a user', core, async ({ api, api2, repo }) => {
    const other = await emailOf(api2)
    const info = async () => {
      const res = await api.request('GET', `/api/v2.1/repos/${repo.id}/share-info/`)
      expect(res.status()).toBe(200)
      return (await res.json()) as { shared_user_emails: string[]; shared_group_ids: number[] }
    }
    expect(await info()).toEqual({ shared_user_emails: [], shared_group_ids: [] })
    const shared = await api.request('PUT', `/api2/shared-repos/${repo.id}/`, {
      params: { share_type: 'personal', user: other, permission: 'r' },
    })
    expect(shared.status()).toBe(200)
    expect((await info()).shared_user_emails).toEqual([other])
    const res = await api.request('GET', '/api/v2.1/shared-repos/')
    expect(res.status()).toBe(200)
    const mine = (
      (await res.json()) as { repo_id: string; share_type: string; user_email?: string }[]
    ).filter((s) => s.repo_id === repo.id)
    expect(mine).toEqual([
      expect.objectContaining({ share_type: 'personal', user_email: other, share_permission: 'r' }),
    ])
    await test.step('the receiver may ask too; a missing folder is 404', async () => {
      expect((await api2.request('GET', `/api/v2.1/repos/${repo.id}/share-info/`)).status()).toBe(200)
      await expect(
        await api.request('GET', `/api/v2.1/repos/${repo.id}/share-info/`, { params: { path: '/gone' } }),
      ).toBeSeahubError(404, 'Folder /gone not found.')
    })
  })

  test('share-info refuses a user without access', core, async ({ api2, repo }) => {
    await expect(await api2.request('GET', `/api/v2.1/repos/${repo.id}/share-info/`)).toBeSeahubError(
      403,
      'Permission denied.',
    )
  })

  test('shareable-groups lists a group the user is in', core, async ({ api }) => {
    const name = groupName('shareable')
    const id = await createGroup(api, name)
    try {
      const res = await api.request('GET', '/api/v2.1/shareable-groups/')
      expect(res.status()).toBe(200)
      const groups = (await res.json()) as { id: number; name: string }[]
      expect(groups.find((g) => g.id === id)).toMatchObject({ name })
    } finally {
      await deleteGroup(api, id)
    }
  })

  test('a smart link is stable for an item and checks what the item is', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/smart.txt', 'smart')
    const params = { repo_id: repo.id, path: '/smart.txt', is_dir: 'false' }
    const get = (p: Record<string, string>) => api.request('GET', '/api/v2.1/smart-link/', { params: p })
    const first = await get(params)
    expect(first.status()).toBe(200)
    const link = (await first.json()) as { smart_link: string; smart_link_token: string; name: string }
    expect(link.name).toBe('smart.txt')
    expect(link.smart_link).toContain(link.smart_link_token)
    expect(((await (await get(params)).json()) as typeof link).smart_link_token).toBe(link.smart_link_token)
    await expect(await get({ ...params, is_dir: 'true' })).toBeSeahubError(
      404,
      'Folder /smart.txt not found.',
    )
    await expect(await get({ ...params, is_dir: 'maybe' })).toBeSeahubError(
      400,
      "is_dir can only be 'true' or 'false'.",
    )
    await expect(await get({ repo_id: repo.id, path: '/smart.txt' })).toBeSeahubError(400, 'is_dir invalid.')
  })

  test('search-user finds another user by e-mail', core, async ({ api, api2 }) => {
    const other = await emailOf(api2)
    const res = await api.request('GET', '/api2/search-user/', { params: { q: other } })
    expect(res.status()).toBe(200)
    const { users } = (await res.json()) as { users: { email: string }[] }
    // search_user.py puts an exact e-mail match first.
    expect(users[0]?.email).toBe(other)
    await expect(await api.request('GET', '/api2/search-user/')).toBeSeahubError(400, 'q invalid.')
  })
})
