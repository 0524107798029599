/**
 * Sharing a library with another user: api2 shared-repos (share, list, unshare), v2.1 shared-repos
 * (permission change, unshare), the receiver's beshared-repos and leave, repos/batch, folder shares
 * (dir/shared_items, shared-folders) and the removed dir/share route.
 */
import type { SeafileClient } from '../client/files.ts'
import { emailOf, isHtml404 } from '../client/workflows.ts'
import { core, expect, test } from '../fixtures.ts'

const beshared = async (api: SeafileClient) => {
  const res = await api.request('GET', '/api2/beshared-repos/')
  expect(res.status()).toBe(200)
  return (await res.json()) as { repo_id: string; permission: string; share_type: string }[]
}

const shareToUser = (api: SeafileClient, repoId: string, user: string, permission = 'r') =>
  api.request('PUT', `/api2/shared-repos/${repoId}/`, {
    params: { share_type: 'personal', user, permission },
  })

test.describe('sharing', () => {
  test(
    'a shared library appears for the receiver and disappears after unshare',
    core,
    async ({ api, api2, repo }) => {
      const other = await emailOf(api2)
      await test.step('PUT shared-repos shares it read-only', async () => {
        await expect(await shareToUser(api, repo.id, other)).toBeJsonString(200, 'success')
      })
      await test.step('the owner lists it in shared-repos', async () => {
        const res = await api.request('GET', '/api2/shared-repos/')
        expect(res.status()).toBe(200)
        const mine = ((await res.json()) as { repo_id: string; user?: string }[]).filter(
          (s) => s.repo_id === repo.id,
        )
        expect(mine.length).toBeGreaterThanOrEqual(1)
      })
      await test.step('the receiver sees it in beshared-repos with permission r', async () => {
        expect((await beshared(api2)).find((r) => r.repo_id === repo.id)).toMatchObject({ permission: 'r' })
      })
      await test.step('v2.1 PUT changes the permission to rw', async () => {
        const res = await api.request('PUT', `/api/v2.1/shared-repos/${repo.id}/`, {
          form: { permission: 'rw', share_type: 'personal', user: other },
        })
        expect(res.status()).toBe(200)
        expect((await beshared(api2)).find((r) => r.repo_id === repo.id)?.permission).toBe('rw')
      })
      await test.step('api2 DELETE unshares; the receiver no longer sees it', async () => {
        const res = await api.request('DELETE', `/api2/shared-repos/${repo.id}/`, {
          params: { share_type: 'personal', user: other },
        })
        expect(res.status()).toBe(200)
        expect((await beshared(api2)).some((r) => r.repo_id === repo.id)).toBe(false)
      })
    },
  )

  test('v2.1 DELETE shared-repos unshares', core, async ({ api, api2, repo }) => {
    const other = await emailOf(api2)
    await expect(await shareToUser(api, repo.id, other)).toBeJsonString(200, 'success')
    const res = await api.request('DELETE', `/api/v2.1/shared-repos/${repo.id}/`, {
      params: { share_type: 'personal', user: other },
    })
    expect(res.status()).toBe(200)
    expect((await beshared(api2)).some((r) => r.repo_id === repo.id)).toBe(false)
  })

  test('the receiver can leave a shared library', core, async ({ api, api2, repo }) => {
    const owner = await emailOf(api)
    await expect(await shareToUser(api, repo.id, await emailOf(api2))).toBeJsonString(200, 'success')
    const res = await api2.request('DELETE', `/api2/beshared-repos/${repo.id}/`, {
      params: { share_type: 'personal', from: owner },
    })
    expect(res.status()).toBe(200)
    expect((await beshared(api2)).some((r) => r.repo_id === repo.id)).toBe(false)
    // Leaving does not touch the owner's library.
    expect((await api.repoInfo(repo.id)).id).toBe(repo.id)
  })

  test('sharing without a share_type answers 400', core, async ({ api, api2, repo }) => {
    const res = await api.request('PUT', `/api/v2.1/shared-repos/${repo.id}/`, {
      form: { permission: 'r', user: await emailOf(api2) },
    })
    await expect(res).toBeSeahubError(400, 'share_type invalid.')
  })

  test('repos/batch shares several libraries at once', core, async ({ api, api2, repo }) => {
    const other = await emailOf(api2)
    const res = await api.request('POST', '/api/v2.1/repos/batch/', {
      form: { operation: 'share', share_type: 'user', username: other, permission: 'r', repo_id: repo.id },
    })
    expect(res.status()).toBe(200)
    const body = (await res.json()) as { success: { repo_id: string }[] }
    expect(body.success.map((s) => s.repo_id)).toContain(repo.id)
    expect((await beshared(api2)).some((r) => r.repo_id === repo.id)).toBe(true)
  })

  test('repos/batch with an unknown operation answers 400', core, async ({ api, repo }) => {
    const res = await api.request('POST', '/api/v2.1/repos/batch/', {
      form: { operation: 'frobnicate', share_type: 'user', repo_id: repo.id },
    })
    await expect(res).toBeSeahubError(400)
  })

  test(
    'folder share: share, list, change permission, shared-folders, unshare',
    core,
    async ({ api, api2, repo }) => {
      const other = await emailOf(api2)
      const dir = await api.mkdir(repo.id, '/shared')
      const items = `/api2/repos/${repo.id}/dir/shared_items/`
      await test.step('PUT shares the folder with the user', async () => {
        const res = await api.request('PUT', items, {
          params: { p: dir },
          form: { share_type: 'user', username: other, permission: 'r' },
        })
        expect(res.status()).toBe(200)
        const body = (await res.json()) as { success: unknown[]; failed: unknown[] }
        expect(body.success.length).toBe(1)
      })
      await test.step('GET lists the user share', async () => {
        const res = await api.request('GET', items, { params: { p: dir, share_type: 'user' } })
        expect(res.status()).toBe(200)
        const list = (await res.json()) as { share_type: string; permission: string }[]
        expect(list).toEqual([expect.objectContaining({ share_type: 'user', permission: 'r' })])
      })
      await test.step('POST changes the permission', async () => {
        const res = await api.request('POST', items, {
          params: { p: dir, share_type: 'user', username: other },
          form: { permission: 'rw' },
        })
        expect(res.status()).toBe(200)
        const list = (await (
          await api.request('GET', items, { params: { p: dir, share_type: 'user' } })
        ).json()) as {
          permission: string
        }[]
        expect(list[0]?.permission).toBe('rw')
      })
      await test.step('shared-folders lists it', async () => {
        const res = await api.request('GET', '/api/v2.1/shared-folders/')
        expect(res.status()).toBe(200)
        expect(((await res.json()) as { path: string }[]).some((f) => f.path === dir)).toBe(true)
      })
      await test.step('DELETE unshares; the list is empty', async () => {
        const res = await api.request('DELETE', items, {
          params: { p: dir, share_type: 'user', username: other },
        })
        expect(res.status()).toBe(200)
        expect(
          await (await api.request('GET', items, { params: { p: dir, share_type: 'user' } })).json(),
        ).toEqual([])
      })
    },
  )

  test('folder share of a missing folder answers 404', core, async ({ api, repo }) => {
    const res = await api.request('GET', `/api2/repos/${repo.id}/dir/shared_items/`, {
      params: { p: '/nope' },
    })
    await expect(res).toBeSeahubError(404)
  })

  test('the removed dir/share route answers Django 404 (unsupported)', core, async ({ api, api2, repo }) => {
    await api.mkdir(repo.id, '/old')
    const res = await api.request('POST', `/api2/repos/${repo.id}/dir/share/`, {
      form: { emails: await emailOf(api2), path: '/old', s_type: 'd', perm: 'r' },
    })
    test.skip(isHtml404(res), 'POST dir/share/ is gone from current seahub (api2/urls.py, Django 404)')
    expect(res.status()).toBe(200)
  })
})
