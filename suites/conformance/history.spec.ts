/**
 * History and trash: api2 and v2.1 history, a commit's diff, the history limit read back, the trash
 * listing a deleted file and emptied by clean (seahub/api2/endpoints/repo_history.py, repo_trash.py,
 * repo_commit.py; views.py::HistoryLimit).
 */
import { putText } from '../client/workflows.ts'
import { core, expect, test } from '../fixtures.ts'

test.describe('history', () => {
  test('v2.1 history lists commits newest first', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/h.txt', 'h')
    const res = await api.request('GET', `/api/v2.1/repos/${repo.id}/history/`, {
      params: { page: 1, per_page: 10 },
    })
    expect(res.status()).toBe(200)
    const body = (await res.json()) as { data: { time: string; description: string }[]; more: boolean }
    expect(body.data.length).toBeGreaterThanOrEqual(2)
    // repo_history.py pages the head's history newest first: the upload ('Added "h.txt"', repo-op.c)
    // before the library's first commit, and the times never increase down the list.
    expect(body.data[0]!.description).toContain('h.txt')
    const times = body.data.map((c) => Date.parse(c.time))
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })

  test('commit info shows the diff of the change', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/added.txt', 'new file')
    const [newest] = await api.history(repo.id)
    const res = await api.request('GET', `/api/v2.1/repos/${repo.id}/commits/${newest!.id}/`)
    expect(res.status()).toBe(200)
    const body = (await res.json()) as { commit_diffs: { path: string }[] }
    expect(body.commit_diffs.map((d) => d.path).join(' ')).toContain('added.txt')
  })

  test('an unknown commit answers 404', core, async ({ api, repo }) => {
    const res = await api.request('GET', `/api/v2.1/repos/${repo.id}/commits/${'0'.repeat(40)}/`)
    await expect(res).toBeSeahubError(404)
  })

  test('history limit: set, then read back', core, async ({ api, repo }) => {
    const url = `/api2/repos/${repo.id}/history-limit/`
    const set = await api.request('PUT', url, { form: { keep_days: 30 } })
    expect(set.status()).toBe(200)
    const res = await api.request('GET', url)
    expect(res.status()).toBe(200)
    expect(await res.json()).toMatchObject({ keep_days: 30 })
  })

  test('history limit without keep_days answers 400', core, async ({ api, repo }) => {
    await expect(
      await api.request('PUT', `/api2/repos/${repo.id}/history-limit/`, { form: {} }),
    ).toBeSeahubError(400)
  })
})

test.describe('trash', () => {
  test('trash lists a deleted file and clean empties it', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/doomed.txt', 'bye')
    expect((await api.deleteFileRaw(repo.id, '/doomed.txt')).status()).toBe(200)
    const url = `/api/v2.1/repos/${repo.id}/trash/`
    await test.step('the trash lists it', async () => {
      const res = await api.request('GET', url, { params: { path: '/' } })
      expect(res.status()).toBe(200)
      const { data } = (await res.json()) as { data: { obj_name: string }[] }
      expect(data.map((e) => e.obj_name)).toContain('doomed.txt')
    })
    await test.step('clean with keep_days 0 empties it', async () => {
      const res = await api.request('DELETE', url, { form: { keep_days: 0 } })
      expect(res.status()).toBe(200)
      const after = (await (await api.request('GET', url, { params: { path: '/' } })).json()) as {
        data: unknown[]
      }
      expect(after.data).toEqual([])
    })
  })

  test('trash of an unknown library answers 404', core, async ({ api }) => {
    const res = await api.request('GET', '/api/v2.1/repos/00000000-0000-0000-0000-000000000000/trash/')
    await expect(res).toBeSeahubError(404)
  })
})

test.describe('revisions', () => {
  test(
    'file history lists revisions; an old revision downloads its bytes',
    core,
    async ({ api, anon, repo }) => {
      await putText(api, repo.id, '/r.txt', 'first')
      const [firstCommit] = await api.history(repo.id)
      await putText(api, repo.id, '/r.txt', 'second')
      const hist = await api.request('GET', `/api2/repos/${repo.id}/file/history/`, {
        params: { p: '/r.txt' },
      })
      expect(hist.status()).toBe(200)
      expect(((await hist.json()) as { commits: unknown[] }).commits.length).toBeGreaterThanOrEqual(2)
      const rev = await api.request('GET', `/api2/repos/${repo.id}/file/revision/`, {
        params: { p: '/r.txt', commit_id: firstCommit!.id },
      })
      expect(rev.status()).toBe(200)
      const bytes = await anon.request('GET', (await rev.json()) as string)
      expect((await bytes.body()).toString()).toBe('first')
    },
  )

  test('a deleted folder comes back with dir/revert', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/back')
    const [withDir] = await api.history(repo.id)
    expect((await api.deleteDirRaw(repo.id, '/back')).status()).toBe(200)
    const res = await api.request('PUT', `/api2/repos/${repo.id}/dir/revert/`, {
      form: { p: '/back', commit_id: withDir!.id },
    })
    expect(res.status()).toBe(200)
    expect((await api.listDir(repo.id, '/')).entries.map((e) => e.name)).toContain('back')
  })

  test('file history without p answers 400', core, async ({ api, repo }) => {
    expect((await api.request('GET', `/api2/repos/${repo.id}/file/history/`)).status()).toBe(400)
  })
})
