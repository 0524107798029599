/**
 * Links the server hands out (upload, update, block upload/update, download, zip) and what can be done
 * with them without uploading (the upload suites exercise the uploads): HEAD on a download URL, a folder
 * zipped through zip-task → query-zip-progress → /zip/{token}, the indexing progress of an unknown task,
 * and move-folder-merge.
 */
import type { SeafileClient } from '../client/files.ts'
import { fileServerRoot, putText } from '../client/workflows.ts'
import { core, covers, expect, test } from '../fixtures.ts'

const linkUrl = async (res: { status(): number; json(): Promise<unknown> }) => {
  expect(res.status()).toBe(200)
  const url = (await res.json()) as string
  expect(url).toMatch(/^https?:\/\//)
  return url
}

test.describe('links', () => {
  test('upload, update and block links are absolute file-server URLs', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/u.txt', 'u')
    const base = `/api2/repos/${repo.id}/`
    expect(await linkUrl(await api.request('GET', `${base}update-link/`, { params: { p: '/' } }))).toContain(
      '/update-api/',
    )
    expect(
      await linkUrl(await api.request('GET', `${base}upload-blks-link/`, { params: { p: '/' } })),
    ).toContain('/upload-blks-api/')
    expect(
      await linkUrl(await api.request('GET', `${base}update-blks-link/`, { params: { p: '/' } })),
    ).toContain('/update-blks-api/')
    // UploadBlksLinkView.post: the link plus the blocks the server still needs (none here).
    const post = await api.request('POST', `${base}upload-blks-link/`, {
      params: { p: '/' },
      form: { blklist: '' },
    })
    expect(post.status()).toBe(200)
  })

  test('an upload link for a missing folder answers 404', core, async ({ api, repo }) => {
    const res = await api.request('GET', `/api2/repos/${repo.id}/upload-link/`, {
      params: { p: '/no-such-dir' },
    })
    await expect(res).toBeSeahubError(404)
  })

  test('HEAD on a download URL answers 200 with the length', core, async ({ api, anon, repo }) => {
    await putText(api, repo.id, '/head.txt', '12345')
    const link = await api.downloadLink(repo.id, '/head.txt', true)
    const res = await anon.request('HEAD', link)
    expect(res.status()).toBe(200)
    expect(res.headers()['content-length']).toBe('5')
  })

  /**
   * zip-task → query-zip-progress until zipped == total; answers the token. The Go file server (11.0 and
   * later) zips while it streams /zip/{token}, so seaf-server keeps no progress and seahub answers 404
   * 'progress not found.' for a live token (query_zip_progress.py; web-accesstoken-mgr.c starts a zip task
   * only `if (!seaf->go_fileserver)`); the web UI then skips the query (context_processors.py
   * USE_GO_FILESERVER). That answer means "ready".
   */
  const zipFolder = async (api: SeafileClient, repoId: string): Promise<string> => {
    await api.mkdir(repoId, '/z')
    await putText(api, repoId, '/z/in.txt', 'zipped')
    const task = await api.request('GET', `/api/v2.1/repos/${repoId}/zip-task/`, {
      params: { parent_dir: '/', dirents: 'z' },
    })
    expect(task.status()).toBe(200)
    const { zip_token: token } = (await task.json()) as { zip_token: string }
    await expect
      .poll(
        async () => {
          const res = await api.request('GET', '/api/v2.1/query-zip-progress/', { params: { token } })
          const p = (await res.json()) as { zipped: number; total: number; error_msg?: string }
          if (res.status() === 404 && p.error_msg === 'progress not found.') {
            test.info().annotations.push({ type: 'zip-progress', description: 'none kept (Go file server)' })
            return true
          }
          return res.status() === 200 && p.zipped === p.total
        },
        { timeout: 20_000 },
      )
      .toBe(true)
    return token
  }

  test('a folder zip task reports progress until done', core, async ({ api, repo }) => {
    expect(await zipFolder(api, repo.id)).toMatch(/\S/)
  })

  test('the finished zip downloads from /zip/{token} as a zip archive', {
    ...core,
    annotation: covers('GET /zip/{zip_token}'),
  }, async ({ api, anon, repo }) => {
    const token = await zipFolder(api, repo.id)
    const root = fileServerRoot(await api.downloadLink(repo.id, '/z/in.txt'))
    const zip = await anon.request('GET', `${root}/zip/${token}`)
    expect(zip.status()).toBe(200)
    // fileop.go::downloadZipFile sends application/octet-stream; the C access-file.c sends application/zip.
    expect(zip.headers()['content-type']).toMatch(/^application\/(octet-stream|zip)\b/)
    expect(zip.headers()['content-disposition']).toMatch(/^attachment;\s*filename/)
    // A zip archive starts with the local file header signature PK\3\4.
    expect((await zip.body()).subarray(0, 4).toString('hex')).toBe('504b0304')
  })

  test('zip-task without dirents answers 400', core, async ({ api, repo }) => {
    const res = await api.request('GET', `/api/v2.1/repos/${repo.id}/zip-task/`, {
      params: { parent_dir: '/' },
    })
    await expect(res).toBeSeahubError(400)
  })

  test('zip progress of an unknown token answers 404 progress not found.', core, async ({ api }) => {
    // zip-download-mgr.c: no progress object → NULL without error → query_zip_progress.py's 404.
    const res = await api.request('GET', '/api/v2.1/query-zip-progress/', {
      params: { token: 'no-such-token' },
    })
    await expect(res).toBeSeahubError(404, 'progress not found.')
  })

  test('indexing progress of an unknown task answers 400 or 404', core, async ({ api, anon, repo }) => {
    const root = fileServerRoot(await api.uploadLink(repo.id, '/'))
    const res = await anon.request('GET', `${root}/idx_progress`, { params: { task_id: 'no-such-task' } })
    expect([400, 404]).toContain(res.status())
  })

  test('move-folder-merge moves a folder into another', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/src')
    await putText(api, repo.id, '/src/m.txt', 'm')
    await api.mkdir(repo.id, '/dst')
    const res = await api.request('POST', '/api/v2.1/move-folder-merge/', {
      form: {
        src_repo_id: repo.id,
        src_parent_dir: '/',
        src_dirent_name: 'src',
        dst_repo_id: repo.id,
        dst_parent_dir: '/dst',
      },
    })
    expect(res.status()).toBe(200)
    expect((await api.listDir(repo.id, '/')).entries.map((e) => e.name)).not.toContain('src')
    expect((await api.listDir(repo.id, '/dst/src')).entries.map((e) => e.name)).toEqual(['m.txt'])
  })
})
