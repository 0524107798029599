/**
 * Library administration: owner read and transfer, download info, sub-libraries (virtual repos) and the
 * starred-files list.
 */
import { putText } from '../client/workflows.ts'
import { core, expect, test, uniqueName } from '../fixtures.ts'

test.describe('repo admin', () => {
  test('owner transfer changes the owner', core, async ({ api, api2 }, info) => {
    const { repo_id: id } = await api.createRepo(uniqueName(info, 'xfer'))
    const me = (await api.accountInfo()).email
    const other = (await api2.accountInfo()).email
    let transferred = false
    try {
      const before = await api.request('GET', `/api2/repos/${id}/owner/`)
      expect(before.status()).toBe(200)
      expect(await before.json()).toMatchObject({ owner: me })
      const res = await api.request('PUT', `/api2/repos/${id}/owner/`, { form: { owner: other } })
      expect(res.status()).toBe(200)
      transferred = true
      const after = await api2.request('GET', `/api2/repos/${id}/owner/`)
      expect(after.status()).toBe(200)
      expect(await after.json()).toMatchObject({ owner: other })
      expect((await api2.listRepos()).some((r) => r.id === id)).toBe(true)
    } finally {
      await (transferred ? api2 : api).deleteRepo(id)
    }
  })

  test('download info describes the library', core, async ({ api, repo }) => {
    const res = await api.request('GET', `/api2/repos/${repo.id}/download-info/`)
    expect(res.status()).toBe(200)
    expect(await res.json()).toMatchObject({ repo_id: repo.id, repo_name: repo.name })
  })

  test('a sub-library of a folder is created and answered by id', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/sub')
    const res = await api.request('GET', `/api2/repos/${repo.id}/dir/sub_repo/`, {
      params: { p: '/sub', name: 'sub' },
    })
    expect(res.status()).toBe(200)
    const { sub_repo_id: id } = (await res.json()) as { sub_repo_id: string }
    // Read back by id (virtual-repos/ is absent from seahub 10.0).
    expect((await api.repoInfo(id)).id).toBe(id)
  })

  test('sub_repo without p answers 400', core, async ({ api, repo }) => {
    const res = await api.request('GET', `/api2/repos/${repo.id}/dir/sub_repo/`, { params: { name: 'x' } })
    expect(res.status()).toBe(400)
  })
})

test.describe('starred', () => {
  test('a starred file appears in the list and leaves it when unstarred', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/star.txt', '*')
    const listed = async () => {
      const res = await api.request('GET', '/api2/starredfiles/')
      expect(res.status()).toBe(200)
      return ((await res.json()) as { repo: string; path: string }[]).filter((s) => s.repo === repo.id)
    }
    await expect(
      await api.request('POST', '/api2/starredfiles/', { form: { repo_id: repo.id, p: '/star.txt' } }),
    ).toBeJsonString(201, 'success')
    expect((await listed()).map((s) => s.path)).toEqual(['/star.txt'])
    const res = await api.request('DELETE', '/api2/starredfiles/', {
      params: { repo_id: repo.id, p: '/star.txt' },
    })
    expect(res.status()).toBe(200)
    expect(await listed()).toEqual([])
  })

  test('starring without a path answers 400', core, async ({ api, repo }) => {
    await expect(
      await api.request('POST', '/api2/starredfiles/', { form: { repo_id: repo.id } }),
    ).toBeSeahubError(400)
  })
})

test.describe('library extras', () => {
  test('v2.1 create library answers the new library, readable at once', core, async ({ api }, info) => {
    const name = uniqueName(info, 'v21')
    // Newer seahub only: 10.0's api2/endpoints/repos.py ReposView has no post (405).
    const res = await api.request('POST', '/api/v2.1/repos/', {
      form: { repo_name: name },
      optionalRoute: 'POST /api/v2.1/repos/',
    })
    expect(res.status()).toBe(200)
    const { repo_id: id } = (await res.json()) as { repo_id: string }
    try {
      expect((await api.repoInfo(id)).name).toBe(name)
    } finally {
      await api.deleteRepo(id)
    }
  })

  test('dir detail and dir download link describe a folder', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/d')
    await putText(api, repo.id, '/d/x.txt', 'x')
    const detail = await api.request('GET', `/api/v2.1/repos/${repo.id}/dir/detail/`, {
      params: { path: '/d' },
    })
    expect(detail.status()).toBe(200)
    expect(await detail.json()).toMatchObject({ name: 'd' })
    const dl = await api.request('GET', `/api2/repos/${repo.id}/dir/download/`, {
      params: { p: '/d' },
      optionalRoute: 'GET /api2/repos/{repo_id}/dir/download/',
    })
    expect(dl.status()).toBe(200)
  })

  test('fileops/copy copies a file into another folder', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/c.txt', 'copied')
    await api.mkdir(repo.id, '/to')
    const res = await api.request('POST', `/api2/repos/${repo.id}/fileops/copy/`, {
      params: { p: '/' },
      form: { file_names: 'c.txt', dst_repo: repo.id, dst_dir: '/to' },
    })
    expect(res.status()).toBe(200)
    expect(await api.downloadFile(repo.id, '/to/c.txt')).toEqual(Buffer.from('copied'))
    expect((await api.listDir(repo.id, '/')).entries.map((e) => e.name)).toContain('c.txt')
  })
})
