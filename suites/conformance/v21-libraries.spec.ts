/**
 * Libraries over api/v2.1 (seahub/api2/endpoints/repos.py): the list the mobile apps show (repeatable
 * `type`), a library's info and its deletion. The same libraries as `GET /api2/repos/`.
 */
import { ensureStatus } from '../client/base.ts'
import { v21 } from '../client/v21.ts'
import { core, expect, test, uniqueName } from '../fixtures.ts'

interface Item {
  type: string
  repo_id: string
  repo_name: string
  permission: string
  encrypted: boolean
  last_modified: string
  owner_email?: string
}
const reposOf = async (res: Awaited<ReturnType<typeof v21.listRepos>>) => {
  await ensureStatus(res, 200, 'GET /api/v2.1/repos/')
  return ((await res.json()) as { repos: Item[] }).repos
}

test.describe('v2.1 libraries', () => {
  test('the v2.1 list has the new library as "mine", as api2 lists it', core, async ({ api, repo }) => {
    const mine = (await reposOf(await v21.listRepos(api))).find((r) => r.repo_id === repo.id)
    // ReposView.get: type "mine", permission "rw" for one's own library, ISO last_modified.
    expect(mine).toMatchObject({ type: 'mine', repo_name: repo.name, permission: 'rw', encrypted: false })
    expect(mine?.last_modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
    const api2 = await api.listRepos()
    expect(api2.map((r) => r.id)).toContain(repo.id)
  })

  test('type is repeatable: type=shared alone leaves out own libraries', core, async ({ api, repo }) => {
    const shared = await reposOf(await v21.listRepos(api, ['shared']))
    expect(shared.map((r) => r.repo_id)).not.toContain(repo.id)
    expect(shared.every((r) => r.type === 'shared')).toBe(true)
    const both = await reposOf(await v21.listRepos(api, ['shared', 'mine']))
    expect(both.map((r) => r.repo_id)).toContain(repo.id)
  })

  test(
    'a library shared to a user is listed for them as "shared" with its permission',
    core,
    async ({ api, api2, repo }) => {
      const { email } = await api2.accountInfo()
      const res = await api.request('PUT', `/api2/shared-repos/${repo.id}/`, {
        params: { share_type: 'personal', user: email, permission: 'r' },
      })
      await ensureStatus(res, 200, 'share the library')
      const item = (await reposOf(await v21.listRepos(api2, ['shared']))).find((r) => r.repo_id === repo.id)
      expect(item).toMatchObject({ type: 'shared', permission: 'r', repo_name: repo.name })
      expect(item?.owner_email).toBe((await api.accountInfo()).email)
    },
  )

  test(
    'library info says the owner, the permission and that no password is needed',
    core,
    async ({ api, repo }) => {
      const res = await v21.repoInfo(api, repo.id)
      await ensureStatus(res, 200, 'GET /api/v2.1/repos/{id}/')
      const info = await res.json()
      expect(info).toMatchObject({
        repo_id: repo.id,
        repo_name: repo.name,
        owner_email: (await api.accountInfo()).email,
        permission: 'rw',
        encrypted: false,
        lib_need_decrypt: false,
      })
    },
  )

  test(
    'library info of a library that does not exist answers 404 "Library <id> not found."',
    core,
    async ({ api }) => {
      const id = '00000000-0000-4000-8000-000000000000'
      await expect(await v21.repoInfo(api, id)).toBeSeahubError(404, `Library ${id} not found.`)
    },
  )

  test(
    'only the owner deletes a library: 403 for another user, "success" for the owner',
    core,
    async ({ api, api2 }, testInfo) => {
      const { repo_id: id } = await api.createRepo(uniqueName(testInfo, 'del'))
      await expect(await v21.deleteRepo(api2, id)).toBeSeahubError(403, 'Permission denied.')
      // RepoView.delete answers the JSON string "success"; the library is gone afterwards.
      await expect(await v21.deleteRepo(api, id)).toBeJsonString(200, 'success')
      await expect(await v21.repoInfo(api, id)).toBeSeahubError(404)
      // A library that is not there is deleted already.
      const again = await v21.deleteRepo(api, id)
      expect(again.status()).toBe(200)
      expect(await again.json()).toEqual({ success: true })
    },
  )
})
