/**
 * Request variants real clients send on documented routes (client-surface.md §3): a JSON body on
 * auth-token (rclone, python-seafile), `create_parents` on mkdir (the desktop client), `last_modify` on
 * uploads (Android, iOS), and URLs without the trailing slash that Django's APPEND_SLASH redirects
 * (Android's search-file, python-seafile, go-http). `reuse=1` and `operation=copy` are in transfer.spec.ts
 * and files.spec.ts.
 */
import { toleratedAtCore } from '../client/level.ts'
import { core, expect, test } from '../fixtures.ts'

test.describe('client request variants', () => {
  test('auth-token accepts a JSON body (rclone, python-seafile)', core, async ({ anon, target }) => {
    const res = await anon.request('POST', '/api2/auth-token/', {
      data: { username: target.user, password: target.password },
      anonymous: true,
    })
    expect(res.status()).toBe(200)
    expect(((await res.json()) as { token: string }).token).toMatch(/^[0-9a-f]{40}$/)
  })

  test(
    'mkdir with create_parents=true creates missing parents and keeps existing ones',
    core,
    async ({ api, repo }) => {
      await api.mkdir(repo.id, '/a')
      const res = await api.dirOp(repo.id, '/a/b/c', { operation: 'mkdir', create_parents: 'true' })
      expect(res.status()).toBe(201)
      // mkdir_with_parents: `/a` is kept (not renamed `a (1)`), `b` and `c` are created.
      expect((await api.listDir(repo.id, '/')).entries.map((e) => e.name)).toEqual(['a'])
      expect((await api.listDir(repo.id, '/a/b')).entries.map((e) => e.name)).toEqual(['c'])
    },
  )

  test('an upload with last_modify (RFC 3339) gets that mtime', core, async ({ api, repo }) => {
    const started = Math.floor(Date.now() / 1000)
    const link = await api.uploadLink(repo.id, '/')
    const res = await api.request('POST', `${link}?ret-json=1`, {
      multipart: {
        file: { name: 'old.txt', mimeType: 'text/plain', buffer: Buffer.from('old') },
        parent_dir: '/',
        last_modify: '2020-01-02T03:04:05Z',
      },
      anonymous: true,
    })
    expect(res.status()).toBe(200)
    const { entries } = await api.listDir(repo.id, '/')
    const mtime = entries.find((e) => e.name === 'old.txt')?.mtime ?? 0
    // 11.0's Go file server (fileop.go:1607 postMultiFiles, v11.0.13) reads no last_modify: the upload's own
    // time (the server's clock, so a generous window around the test's).
    const uploadTime = Math.abs(mtime - started) < 24 * 3600
    if (toleratedAtCore(uploadTime, 'upload-last-modify-ignored')) return
    // Newer file servers (fileop.go::doUpload): time.Parse(RFC3339, last_modify).Unix() becomes the mtime.
    expect(entries).toEqual([expect.objectContaining({ name: 'old.txt', mtime: 1577934245 })])
  })

  test('a GET without the trailing slash is redirected (301) to the URL with it', core, async ({ api }) => {
    const res = await api.request('GET', '/api2/repos', { maxRedirects: 0, spec: false })
    expect(res.status()).toBe(301)
    expect(new URL(res.headers()['location'] ?? '', 'http://x').pathname).toMatch(/\/api2\/repos\/$/)
  })

  test('a GET without the trailing slash, followed, answers as the URL with it', core, async ({ api }) => {
    const res = await api.request('GET', '/api2/auth/ping', { spec: false })
    expect(res.status()).toBe(200)
    expect(await res.json()).toBe('pong')
  })
})
