/**
 * Library workflow: create → list → info → rename → history → delete → gone (use after free), and the
 * errors on the way (seafile-server-semantics.md §9; tests/api/test_repos.py).
 */
import { randomUUID } from 'node:crypto'
import { withCleanup } from '../cleanup.ts'
import { core, expect, test, uniqueName } from '../fixtures.ts'

test.describe('libraries', () => {
  test(
    'library lifecycle: create, list, info, rename, history, delete, then 404',
    core,
    async ({ api }, info) => {
      const name = uniqueName(info)
      const renamed = `${name}-renamed`
      let id = ''

      await test.step('create answers 200 with the download info', async () => {
        const res = await api.createRepoRaw({ name, desc: 'conformance' })
        // views.py::Repos.post answers 200 (not 201) with repo_download_info.
        expect(res.status()).toBe(200)
        const body = (await res.json()) as { repo_id: string; repo_name: string }
        expect(body.repo_id).toMatch(/^[0-9a-f-]{36}$/)
        expect(body.repo_name).toBe(name)
        id = body.repo_id
      })

      await withCleanup(
        async () => {
          await test.step('the list shows it as my own library', async () => {
            const mine = (await api.listRepos()).find((r) => r.id === id)
            expect(mine, 'the new library is listed').toBeDefined()
            expect(mine).toMatchObject({ id, name, type: 'repo', permission: 'rw', encrypted: false })
          })

          await test.step('info describes it', async () => {
            expect(await api.repoInfo(id)).toMatchObject({ id, name, type: 'repo', encrypted: false })
          })

          await test.step('rename answers "success" and the new name shows', async () => {
            await expect(await api.renameRepoRaw(id, renamed)).toBeJsonString(200, 'success')
            expect((await api.repoInfo(id)).name).toBe(renamed)
            expect((await api.listRepos()).find((r) => r.id === id)?.name).toBe(renamed)
          })

          await test.step('history holds the creation commit', async () => {
            const commits = await api.history(id)
            expect(commits.length).toBeGreaterThanOrEqual(1)
            // repo-mgr.c: a new library's first commit is "Created library".
            expect(commits.at(-1)?.desc).toBe('Created library')
          })
        },
        async () => {
          await test.step('delete answers "success"', async () => {
            await expect(await api.deleteRepoRaw(id)).toBeJsonString(200, 'success')
          })
        },
      )

      await test.step('after delete, info answers 404 and the list no longer shows it', async () => {
        await expect(await api.repoInfoRaw(id)).toBeSeahubError(404)
        expect((await api.listRepos()).some((r) => r.id === id)).toBe(false)
      })
    },
  )

  test('creating a library without a name answers 400', core, async ({ api }) => {
    await expect(await api.createRepoRaw({ desc: 'nameless' })).toBeSeahubError(400)
  })

  test('creating a library whose name has a slash answers 400', core, async ({ api }) => {
    // tests/api/test_repos.py::test_create_repo_with_invalid_name
    await expect(await api.createRepoRaw({ name: 'a/b' })).toBeSeahubError(400, 'name invalid.')
  })

  test('an unknown library answers 404 "Library not found."', core, async ({ api }) => {
    await expect(await api.repoInfoRaw(randomUUID())).toBeSeahubError(404, 'Library not found.')
  })

  test('deleting a library twice answers 404 the second time', core, async ({ api, repo }) => {
    await expect(await api.deleteRepoRaw(repo.id)).toBeJsonString(200, 'success')
    await expect(await api.deleteRepoRaw(repo.id)).toBeSeahubError(404)
  })

  test(
    'renaming a library to an invalid name answers 400 and keeps the name',
    core,
    async ({ api, repo }) => {
      await expect(await api.renameRepoRaw(repo.id, 'x/y')).toBeSeahubError(400, 'name invalid.')
      expect((await api.repoInfo(repo.id)).name).toBe(repo.name)
    },
  )

  test('another user cannot see or delete my library', core, async ({ api, api2, repo }) => {
    await expect(await api2.repoInfoRaw(repo.id)).toBeSeahubError(403)
    await expect(await api2.deleteRepoRaw(repo.id)).toBeSeahubError(403)
    expect((await api.repoInfo(repo.id)).id).toBe(repo.id)
  })
})
