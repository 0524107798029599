/**
 * api2 routes real clients call beyond the documents: batch move and delete (fileops, the iOS app and the
 * PHP SDK), block-wise download (downloadblks → block link → the file server's /blks/, the iOS app), and
 * what one commit changed (repo_history_changes, the desktop client and iOS). seahub/api2/views.py::
 * OpMoveView, OpDeleteView, FileBlockDownloadLinkView, RepoHistoryChange; fileserver/fileop.go::accessBlksCB.
 */
import { putText } from '../client/workflows.ts'
import { core, expect, test } from '../fixtures.ts'

const sorted = (entries: { name: string }[]) => entries.map((e) => e.name).sort()

test.describe('api2 fileops move and delete', () => {
  test(
    'fileops/move moves entries and answers where each went, renaming a taken name',
    core,
    async ({ api, repo }) => {
      await putText(api, repo.id, '/a.txt', 'a')
      await putText(api, repo.id, '/b.txt', 'b')
      await api.mkdir(repo.id, '/dst')
      await putText(api, repo.id, '/dst/a.txt', 'taken')
      const res = await api.request('POST', `/api2/repos/${repo.id}/fileops/move/`, {
        params: { p: '/' },
        form: { file_names: 'a.txt:b.txt', dst_repo: repo.id, dst_dir: '/dst' },
      })
      expect(res.status()).toBe(200)
      const moved = (await res.json()) as { repo_id: string; obj_name: string }[]
      expect(moved.map((m) => [m.repo_id, m.obj_name])).toEqual([
        [repo.id, 'a (1).txt'],
        [repo.id, 'b.txt'],
      ])
      expect(sorted((await api.listDir(repo.id, '/')).entries)).toEqual(['dst'])
      expect(sorted((await api.listDir(repo.id, '/dst')).entries)).toEqual(['a (1).txt', 'a.txt', 'b.txt'])
      expect((await api.downloadFile(repo.id, '/dst/a (1).txt')).toString()).toBe('a')
    },
  )

  test(
    'fileops/move refuses the source folder as destination and a name that is no entry',
    core,
    async ({ api, repo }) => {
      await putText(api, repo.id, '/a.txt', 'a')
      await api.mkdir(repo.id, '/dst')
      const move = (form: Record<string, string>) =>
        api.request('POST', `/api2/repos/${repo.id}/fileops/move/`, { params: { p: '/' }, form })
      await expect(await move({ file_names: 'a.txt', dst_repo: repo.id, dst_dir: '/' })).toBeSeahubError(
        400,
        'The destination directory is the same as the source.',
      )
      await expect(
        await move({ file_names: 'nope.txt', dst_repo: repo.id, dst_dir: '/dst' }),
      ).toBeSeahubError(400, 'file_names invalid.')
      expect(sorted((await api.listDir(repo.id, '/')).entries)).toEqual(['a.txt', 'dst'])
    },
  )

  test(
    'fileops/delete deletes the entries in one commit and answers "success"',
    core,
    async ({ api, repo }) => {
      await putText(api, repo.id, '/a.txt', 'a')
      await putText(api, repo.id, '/b.txt', 'b')
      await putText(api, repo.id, '/c.txt', 'c')
      const before = (await api.history(repo.id)).length
      const res = await api.request('POST', `/api2/repos/${repo.id}/fileops/delete/`, {
        params: { p: '/' },
        form: { file_names: 'a.txt:b.txt' },
      })
      await expect(res).toBeJsonString(200, 'success')
      expect(sorted((await api.listDir(repo.id, '/')).entries)).toEqual(['c.txt'])
      expect(await api.history(repo.id)).toHaveLength(before + 1)
    },
  )

  test(
    'fileops/delete without file_names answers 404 "File or directory not found."',
    core,
    async ({ api, repo }) => {
      const res = await api.request('POST', `/api2/repos/${repo.id}/fileops/delete/`, {
        params: { p: '/' },
        form: {},
      })
      await expect(res).toBeSeahubError(404, 'File or directory not found.')
    },
  )
})

test.describe('api2 block download', () => {
  test('downloadblks → block download link → the block bytes, once per link', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/hello.txt', 'hello world\n')
    const listRes = await api.request('GET', `/api2/repos/${repo.id}/file/`, {
      params: { p: '/hello.txt', op: 'downloadblks' },
    })
    expect(listRes.status()).toBe(200)
    const { file_id, blklist } = (await listRes.json()) as { file_id: string; blklist: string[] }
    expect(blklist).toEqual(['22596363b3de40b06f981fb85d82312e8c0ed511'])
    const linkRes = await api.request(
      'GET',
      `/api2/repos/${repo.id}/files/${file_id}/blks/${blklist[0]}/download-link/`,
    )
    expect(linkRes.status()).toBe(200)
    const link = (await linkRes.json()) as string
    expect(link).toMatch(/\/blks\/[^/]+\/22596363b3de40b06f981fb85d82312e8c0ed511$/)
    const block = await api.request('GET', link, { anonymous: true })
    expect(block.status()).toBe(200)
    expect((await block.body()).toString()).toBe('hello world\n')
    // get_fileserver_access_token's default is one-time.
    expect((await api.request('GET', link, { anonymous: true })).status()).toBe(403)
  })
})

test.describe('api2 repo_history_changes', () => {
  test('lists what one commit changed, by kind (only the kinds it has)', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/h.txt', 'h')
    const [head] = await api.history(repo.id)
    const res = await api.request('GET', `/api2/repo_history_changes/${repo.id}/`, {
      params: { commit_id: head!.id },
    })
    expect(res.status()).toBe(200)
    // api2/utils.py:143 get_diff_details: a defaultdict(list) dumped as is (seen on 11.0.13).
    expect(await res.json()).toEqual({ added_files: ['h.txt'] })
  })

  test('without commit_id answers 400 {"err": "Invalid argument"}', core, async ({ api, repo }) => {
    const res = await api.request('GET', `/api2/repo_history_changes/${repo.id}/`)
    expect(res.status()).toBe(400)
    // api2/views.py:4967 RepoHistoryChange.get writes its own body, not api_error's.
    expect(await res.json()).toEqual({ err: 'Invalid argument' })
  })
})
