/**
 * History over api/v2.1 (file_history.py, repo_commit_dir.py, repo_commit_revert.py, repo_trash.py,
 * search_file.py): a file's revisions, a folder as an old commit had it, reverting a library, restoring
 * trash entries, and the name search. All read the commit chain the api2 history reads.
 */
import { ensureStatus } from '../client/base.ts'
import { core, expect, test } from '../fixtures.ts'

const text = (s: string) => new TextEncoder().encode(s)
const names = (entries: { name: string }[]) => entries.map((e) => e.name).sort()

test.describe('v2.1 history', () => {
  test('file history lists each revision, newest first, with its file id', core, async ({ api, repo }) => {
    const one = await api.uploadFile(repo.id, '/', 'h.txt', text('one'))
    const two = await api.uploadFile(repo.id, '/', 'h.txt', text('two!'), { replace: true })
    const res = await api.request('GET', `/api/v2.1/repos/${repo.id}/file/history/`, {
      params: { path: '/h.txt' },
    })
    await ensureStatus(res, 200, 'file history')
    const body = (await res.json()) as {
      data: { rev_file_id: string; size: number; path: string }[]
      next_start_commit: unknown
    }
    expect(body.data.map((d) => d.rev_file_id)).toEqual([two.id, one.id])
    expect(body.data.map((d) => d.size)).toEqual([4, 3])
    expect(body.data[0]?.path).toBe('/h.txt')
    expect(body.next_start_commit).toBe(false)
    const missing = await api.request('GET', `/api/v2.1/repos/${repo.id}/file/history/`, {
      params: { path: '/no.txt' },
    })
    await expect(missing).toBeSeahubError(404, 'File /no.txt not found.')
    await expect(await api.request('GET', `/api/v2.1/repos/${repo.id}/file/history/`)).toBeSeahubError(
      400,
      'path invalid.',
    )
  })

  test('new_history checks its path like the old one', core, async ({ api, repo }) => {
    const url = `/api/v2.1/repos/${repo.id}/file/new_history/`
    await expect(await api.request('GET', url)).toBeSeahubError(400, 'path invalid.')
    await expect(await api.request('GET', url, { params: { path: '/no.txt' } })).toBeSeahubError(
      404,
      'File /no.txt not found.',
    )
  })

  test(
    "a commit's folder shows the snapshot; revert to it restores the library",
    core,
    async ({ api, repo }) => {
      await api.uploadFile(repo.id, '/', 'keep.txt', text('keep'))
      const snapshot = (await api.history(repo.id))[0]?.id ?? ''
      await api.uploadFile(repo.id, '/', 'later.txt', text('later'))
      await api.deleteFileRaw(repo.id, '/keep.txt')
      const dir = await api.request('GET', `/api/v2.1/repos/${repo.id}/commits/${snapshot}/dir/`, {
        params: { path: '/' },
      })
      await ensureStatus(dir, 200, 'commit dir')
      const listed = (await dir.json()) as {
        dirent_list: { name: string; type: string; parent_dir: string }[]
      }
      expect(listed.dirent_list).toEqual([
        expect.objectContaining({ name: 'keep.txt', type: 'file', parent_dir: '/' }),
      ])
      const revert = await api.request('POST', `/api/v2.1/repos/${repo.id}/commits/${snapshot}/revert/`)
      await ensureStatus(revert, 200, 'revert library')
      expect(await revert.json()).toEqual({ success: true })
      expect(names((await api.listDir(repo.id, '/')).entries)).toEqual(['keep.txt'])
      // The revert is a new commit: the history only grows.
      expect((await api.history(repo.id))[0]?.id).not.toBe(snapshot)
    },
  )

  test('only the owner reverts a library; an unknown commit is 404', core, async ({ api, api2, repo }) => {
    const head = (await api.history(repo.id))[0]?.id ?? ''
    await expect(
      await api2.request('POST', `/api/v2.1/repos/${repo.id}/commits/${head}/revert/`),
    ).toBeSeahubError(403)
    const unknown = '0'.repeat(39) + '1'
    await expect(
      await api.request('POST', `/api/v2.1/repos/${repo.id}/commits/${unknown}/revert/`),
    ).toBeSeahubError(404)
  })

  test(
    'trash revert-dirents restores a deleted file and reports what it could not',
    core,
    async ({ api, repo }) => {
      await api.uploadFile(repo.id, '/', 'back.txt', text('come back'))
      await api.deleteFileRaw(repo.id, '/back.txt')
      const trash = await api.request('GET', `/api/v2.1/repos/${repo.id}/trash/`)
      await ensureStatus(trash, 200, 'trash')
      const entry = ((await trash.json()) as { data: { obj_name: string; commit_id: string }[] }).data.find(
        (e) => e.obj_name === 'back.txt',
      )
      expect(entry).toBeDefined()
      const res = await api.request('POST', `/api/v2.1/repos/${repo.id}/trash/revert-dirents/`, {
        form: { path: '/back.txt', commit_id: entry?.commit_id ?? '' },
      })
      await ensureStatus(res, 200, 'revert-dirents')
      expect(await res.json()).toEqual({ failed: [], success: [{ path: '/back.txt', is_dir: false }] })
      expect(Buffer.from(await api.downloadFile(repo.id, '/back.txt')).toString()).toBe('come back')
      const none = await api.request('POST', `/api/v2.1/repos/${repo.id}/trash/revert-dirents/`, {
        form: { path: '/never.txt', commit_id: entry?.commit_id ?? '' },
      })
      const body = (await none.json()) as { failed: { path: string }[]; success: unknown[] }
      expect(body.success).toEqual([])
      expect(body.failed.map((f) => f.path)).toEqual(['/never.txt'])
    },
  )

  test(
    'the trash listed by POST (JSON body, as seafile-js) is the GET listing',
    core,
    async ({ api, repo }) => {
      await api.mkdir(repo.id, '/in')
      await api.uploadFile(repo.id, '/in', 'gone.txt', text('gone'))
      await api.uploadFile(repo.id, '/', 'top.txt', text('top'))
      await api.deleteFileRaw(repo.id, '/in/gone.txt')
      await api.deleteFileRaw(repo.id, '/top.txt')
      const url = `/api/v2.1/repos/${repo.id}/trash/`
      const posted = await api.request('POST', url, {
        data: { path: '/in' },
        headers: { 'Content-Type': 'application/json' },
      })
      await ensureStatus(posted, 200, 'POST trash')
      const got = await api.request('GET', url, { params: { path: '/in' } })
      const items = async (res: typeof got) =>
        ((await res.json()) as { data: { obj_name: string; parent_dir: string }[] }).data
      expect((await items(posted)).map((e) => e.obj_name)).toEqual(['gone.txt'])
      expect(await items(posted)).toEqual(await items(got))
    },
  )

  test('search-file finds names containing q, folders first', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/Reports')
    await api.uploadFile(repo.id, '/Reports', 'q1-report.txt', text('numbers'))
    await api.createFile(repo.id, '/other.txt')
    const res = await api.request('GET', '/api/v2.1/search-file/', {
      params: { repo_id: repo.id, q: 'REPORT' },
    })
    await ensureStatus(res, 200, 'search-file')
    const { data } = (await res.json()) as { data: { path: string; type: string; size: number }[] }
    expect(data.map((d) => `${d.type}:${d.path.replace(/\/$/, '')}`)).toEqual([
      'folder:/Reports',
      'file:/Reports/q1-report.txt',
    ])
    expect(data[1]?.size).toBe(7)
    await expect(
      await api.request('GET', '/api/v2.1/search-file/', { params: { repo_id: repo.id } }),
    ).toBeSeahubError(400, 'q invalid.')
  })
})
