/**
 * v2.1 library views beside the listing: set-password (decrypt), related-users, the v2.1 group list (with
 * libraries), removing a group's library, and custom share permissions (none on a community server).
 */
import type { SeafileClient } from '../client/files.ts'
import { createGroup, deleteGroup, emailOf, groupName } from '../client/workflows.ts'
import { core, expect, needs, test, uniqueName } from '../fixtures.ts'

interface GroupV21 {
  id: number
  name: string
  owner: string
  admins: string[]
  repos?: { repo_id: string; permission: string }[]
}

async function groupsV21(api: SeafileClient, params: Record<string, string> = {}): Promise<GroupV21[]> {
  const res = await api.request('GET', '/api/v2.1/groups/', { params })
  expect(res.status()).toBe(200)
  return (await res.json()) as GroupV21[]
}

const shareToGroup = async (api: SeafileClient, repoId: string, groupId: number, permission = 'r') => {
  const res = await api.request('PUT', `/api2/repos/${repoId}/dir/shared_items/`, {
    params: { p: '/' },
    form: { share_type: 'group', group_id: String(groupId), permission },
  })
  expect(res.status(), await res.text()).toBe(200)
}

test.describe('v2.1 library extras', () => {
  test(
    'set-password (v2.1): wrong password 400, right one decrypts',
    needs('@core', 'encryption'),
    async ({ api }, info) => {
      const res = await api.request('POST', '/api2/repos/', {
        form: { name: uniqueName(info, 'enc'), passwd: 'sc-secret' },
      })
      expect(res.status()).toBe(200)
      const repoId = ((await res.json()) as { repo_id: string }).repo_id
      try {
        const url = `/api/v2.1/repos/${repoId}/set-password/`
        await expect(await api.request('POST', url, { form: { password: 'wrong' } })).toBeSeahubError(
          400,
          'Wrong password',
        )
        const ok = await api.request('POST', url, { form: { password: 'sc-secret' } })
        expect(ok.status()).toBe(200)
        expect(await ok.json()).toEqual({ success: true })
        expect((await api.listDir(repoId, '/')).entries).toEqual([])
      } finally {
        await api.deleteRepo(repoId)
      }
    },
  )

  test('set-password (v2.1): no password, or an unencrypted library, is 400', core, async ({ api, repo }) => {
    const url = `/api/v2.1/repos/${repo.id}/set-password/`
    await expect(await api.request('POST', url, { form: {} })).toBeSeahubError(400, 'password invalid.')
    await expect(await api.request('POST', url, { form: { password: 'x' } })).toBeSeahubError(
      400,
      `Library ${repo.id} is not encrypted.`,
    )
  })

  test('related-users: the owner, then the users a share adds', core, async ({ api, api2, repo }) => {
    const me = await emailOf(api)
    const other = await emailOf(api2)
    const related = async (client: SeafileClient) => {
      const res = await client.request('GET', `/api/v2.1/repos/${repo.id}/related-users/`)
      expect(res.status()).toBe(200)
      return ((await res.json()) as { user_list: { email: string; name: string }[] }).user_list.map(
        (u) => u.email,
      )
    }
    expect(await related(api)).toEqual([me])
    await expect(await api2.request('GET', `/api/v2.1/repos/${repo.id}/related-users/`)).toBeSeahubError(
      403,
      'Permission denied.',
    )
    const share = await api.request('PUT', `/api2/repos/${repo.id}/dir/shared_items/`, {
      params: { p: '/' },
      form: { share_type: 'user', username: other, permission: 'r' },
    })
    expect(share.status()).toBe(200)
    expect((await related(api2)).sort()).toEqual([me, other].sort())
  })

  test(
    'groups (v2.1): a new group with its admin; with_repos lists its libraries',
    core,
    async ({ api, repo }) => {
      const me = await emailOf(api)
      const name = groupName('v21')
      const id = await createGroup(api, name)
      try {
        const group = (await groupsV21(api)).find((g) => g.id === id)
        expect(group).toMatchObject({ name, owner: me, admins: [me] })
        expect(group?.repos).toBeUndefined()
        await shareToGroup(api, repo.id, id)
        const withRepos = (await groupsV21(api, { with_repos: '1' })).find((g) => g.id === id)
        expect(withRepos?.repos).toEqual([expect.objectContaining({ repo_id: repo.id, permission: 'r' })])
        await expect(
          await api.request('GET', '/api/v2.1/groups/', { params: { with_repos: '2' } }),
        ).toBeSeahubError(400, 'with_repos invalid.')
      } finally {
        await deleteGroup(api, id)
      }
    },
  )

  test(
    'removing a group library: members may not, the owner may, once',
    core,
    async ({ api, api2, repo }) => {
      const id = await createGroup(api, groupName('v21lib'))
      try {
        const add = await api.request('PUT', `/api2/groups/${id}/members/`, {
          form: { user_name: await emailOf(api2) },
        })
        expect(add.status()).toBe(200)
        await shareToGroup(api, repo.id, id)
        const url = `/api/v2.1/groups/${id}/libraries/${repo.id}/`
        await expect(await api2.request('DELETE', url)).toBeSeahubError(403, 'Permission denied.')
        const res = await api.request('DELETE', url)
        expect(res.status()).toBe(200)
        expect(await res.json()).toEqual({ success: true })
        expect((await groupsV21(api, { with_repos: '1' })).find((g) => g.id === id)?.repos).toEqual([])
        await expect(await api.request('DELETE', url)).toBeSeahubError(
          404,
          `Group library ${repo.id} not found.`,
        )
      } finally {
        await deleteGroup(api, id)
      }
    },
  )

  test(
    'custom share permissions: an unknown id is 404, another user 403',
    core,
    async ({ api, api2, repo }) => {
      const url = `/api/v2.1/repos/${repo.id}/custom-share-permissions/987654321/`
      await expect(await api.request('GET', url)).toBeSeahubError(404, 'Permission 987654321 not found.')
      // Access is checked before the library or the permission exists.
      await expect(await api2.request('GET', url)).toBeSeahubError(403, 'Permission denied.')
    },
  )
})
