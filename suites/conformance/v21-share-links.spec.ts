/**
 * v2.1 share links (share_links.py::ShareLinks, ShareLink; multi_share_links.py; repo_share_links.py):
 * the same links as api2's `file/shared-link/`, so a link made either way is listed both ways and a
 * visitor downloads the same bytes through it.
 */

import {
  bytesThroughLink,
  createV21ShareLink,
  LINK_PASSWORD,
  postShareLink,
  type V21ShareLink,
} from '../client/v21Links.ts'
import { createShareLink, emailOf, putText } from '../client/workflows.ts'
import { core, expect, test } from '../fixtures.ts'

const listLinks = async (api: Parameters<typeof postShareLink>[0], params: Record<string, string> = {}) => {
  const res = await api.request('GET', '/api/v2.1/share-links/', { params })
  expect(res.status()).toBe(200)
  return (await res.json()) as V21ShareLink[]
}

test.describe('v2.1 share links', () => {
  test(
    'a v2.1 file link is seen by api2, downloads the bytes, and is gone after DELETE',
    core,
    async ({ api, anon, repo }) => {
      await putText(api, repo.id, '/v21.txt', 'v2.1 link bytes')
      const link = await createV21ShareLink(api, { repo_id: repo.id, path: '/v21.txt' })
      await test.step('the answer describes the file link', async () => {
        expect(link).toMatchObject({ repo_id: repo.id, path: '/v21.txt', obj_name: 'v21.txt', is_dir: false })
        expect(link.link).toMatch(new RegExp(`/f/${link.token}/$`))
        expect(link.permissions).toEqual({ can_edit: false, can_download: true, can_upload: false })
        expect(link.obj_id).toMatch(/^[0-9a-f]{40}$/)
      })
      await test.step('api2 shared-links lists the same token', async () => {
        const res = await api.request('GET', '/api2/shared-links/')
        expect(res.status()).toBe(200)
        const { fileshares } = (await res.json()) as { fileshares: { token: string }[] }
        expect(fileshares.map((l) => l.token)).toContain(link.token)
      })
      await test.step('a visitor downloads the bytes through /api2/f/{token}/', async () => {
        expect(await bytesThroughLink(anon, link.token)).toBe('v2.1 link bytes')
      })
      await test.step('GET by token answers the link', async () => {
        const res = await api.request('GET', `/api/v2.1/share-links/${link.token}/`)
        expect(res.status()).toBe(200)
        expect(await res.json()).toMatchObject({ token: link.token, path: '/v21.txt' })
      })
      await test.step('DELETE by token; then the token is unknown', async () => {
        const res = await api.request('DELETE', `/api/v2.1/share-links/${link.token}/`)
        expect(res.status()).toBe(200)
        expect(await res.json()).toEqual({ success: true })
        await expect(await api.request('GET', `/api/v2.1/share-links/${link.token}/`)).toBeSeahubError(
          404,
          `token ${link.token} not found.`,
        )
        expect((await anon.request('GET', `/api2/f/${link.token}/`)).status()).toBe(404)
      })
    },
  )

  test('an api2 folder link is listed by v2.1, filtered by library and path', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/pub')
    await putText(api, repo.id, '/pub/a.txt', 'a')
    const folder = await createShareLink(api, repo.id, { p: '/pub' })
    const file = await createV21ShareLink(api, { repo_id: repo.id, path: '/pub/a.txt' })
    const inRepo = await listLinks(api, { repo_id: repo.id })
    // Folders first, then files (ShareLinks.get sorts several links that way).
    expect(inRepo.map((l) => [l.token, l.path, l.is_dir])).toEqual([
      [folder.token, '/pub/', true],
      [file.token, '/pub/a.txt', false],
    ])
    const byPath = await listLinks(api, { repo_id: repo.id, path: '/pub' })
    expect(byPath.map((l) => l.token)).toEqual([folder.token])
    await expect(
      await api.request('GET', '/api/v2.1/share-links/', { params: { repo_id: repo.id, path: '/gone' } }),
    ).toBeSeahubError(404, 'Dirent /gone not found.')
  })

  test(
    'a second v2.1 link for a path is refused as existing; multi-share-links makes another',
    core,
    async ({ api, repo }) => {
      await putText(api, repo.id, '/twice.txt', 'twice')
      const first = await createV21ShareLink(api, { repo_id: repo.id, path: '/twice.txt' })
      // share_links.py (10.0–12.0): get_file_link_by_path → 400 'Share link <token> already exists.'
      await expect(await postShareLink(api, { repo_id: repo.id, path: '/twice.txt' })).toBeSeahubError(
        400,
        `Share link ${first.token} already exists.`,
      )
      const second = await createV21ShareLink(api, { repo_id: repo.id, path: '/twice.txt' }, true)
      expect(second.token).not.toBe(first.token)
      expect((await listLinks(api, { repo_id: repo.id, path: '/twice.txt' })).length).toBe(2)
    },
  )

  test('a v2.1 link keeps its password, expiry and permissions', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/guarded.txt', 'guarded')
    const link = await createV21ShareLink(api, {
      repo_id: repo.id,
      path: '/guarded.txt',
      password: LINK_PASSWORD,
      expire_days: 5,
      permissions: { can_edit: false, can_download: false },
    })
    expect(link.password).toBe(LINK_PASSWORD)
    expect(link.permissions).toEqual({ can_edit: false, can_download: false, can_upload: false })
    expect(link.is_expired).toBe(false)
    const days = (Date.parse(link.expire_date) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(4)
    expect(days).toBeLessThan(6)
    await test.step('PUT gives download back and moves the expiry', async () => {
      const res = await api.request('PUT', `/api/v2.1/share-links/${link.token}/`, {
        data: { permissions: { can_download: true }, expire_days: 30 },
      })
      expect(res.status()).toBe(200)
      const updated = (await res.json()) as V21ShareLink
      expect(updated.permissions.can_download).toBe(true)
      expect((Date.parse(updated.expire_date) - Date.now()) / 86_400_000).toBeGreaterThan(29)
    })
  })

  test(
    'a read-only user makes view links only; upload links of a folder need write access',
    core,
    async ({ api, api2, repo }) => {
      await api.mkdir(repo.id, '/ro')
      await putText(api, repo.id, '/ro/r.txt', 'read only')
      const other = await emailOf(api2)
      const shared = await api.request('PUT', `/api2/shared-repos/${repo.id}/`, {
        params: { share_type: 'personal', user: other, permission: 'r' },
      })
      expect(shared.status()).toBe(200)
      const asReader = (path: string, permissions: Record<string, boolean>) =>
        postShareLink(api2, { repo_id: repo.id, path, permissions })
      await expect(await asReader('/ro/r.txt', { can_edit: true })).toBeSeahubError(403, 'Permission denied.')
      await expect(await asReader('/ro', { can_upload: true })).toBeSeahubError(403, 'Permission denied.')
      const view = await asReader('/ro/r.txt', { can_download: false })
      expect(view.status()).toBe(200)
      expect(((await view.json()) as V21ShareLink).permissions.can_download).toBe(false)
      const upload = await createV21ShareLink(api, {
        repo_id: repo.id,
        path: '/ro',
        permissions: { can_upload: true },
      })
      expect(upload.permissions).toEqual({ can_edit: false, can_download: true, can_upload: true })
    },
  )

  test('bad v2.1 link arguments get seahub errors', core, async ({ api, repo }) => {
    await putText(api, repo.id, '/args.txt', 'args')
    const base = { repo_id: repo.id, path: '/args.txt' }
    const cases: [Record<string, unknown>, number, string][] = [
      [{ path: '/args.txt' }, 400, 'repo_id invalid.'],
      [{ repo_id: repo.id }, 400, 'path invalid.'],
      [{ ...base, password: 'abc' }, 400, 'Password is too short.'],
      [
        { ...base, expire_days: 1, expiration_time: '2030-01-01T00:00:00+00:00' },
        400,
        'Can not pass expire_days and expiration_time at the same time.',
      ],
      // `if expire_days:` skips a JSON 0 (falsy), so a negative number is what the check sees.
      [{ ...base, expire_days: -1 }, 400, 'expire_days invalid.'],
      [{ ...base, permissions: 'not json' }, 400, 'permissions invalid.'],
      [{ repo_id: repo.id, path: '/gone.txt' }, 404, 'Dirent /gone.txt not found.'],
    ]
    for (const [body, status, message] of cases)
      await test.step(`${JSON.stringify(body)} → ${status}`, async () => {
        await expect(await postShareLink(api, body)).toBeSeahubError(status, message)
      })
    await test.step('a JSON expire_days of 0 is no expiry (Python-falsy)', async () => {
      const res = await postShareLink(api, { ...base, expire_days: 0 })
      expect(res.status()).toBe(200)
      expect(((await res.json()) as V21ShareLink).expire_date).toBe('')
    })
  })

  test('DELETE with a token list reports each token', core, async ({ api, api2, repo }) => {
    await putText(api, repo.id, '/list.txt', 'list')
    const link = await createV21ShareLink(api, { repo_id: repo.id, path: '/list.txt' })
    await test.step('another user cannot delete it', async () => {
      const res = await api2.request('DELETE', '/api/v2.1/share-links/', { data: { tokens: [link.token] } })
      expect(res.status()).toBe(200)
      expect(await res.json()).toEqual({
        failed: [{ token: link.token, error_msg: 'Permission denied.' }],
        success: [],
      })
      await expect(await api2.request('DELETE', `/api/v2.1/share-links/${link.token}/`)).toBeSeahubError(403)
    })
    await test.step('the owner deletes it; an unknown token counts as deleted', async () => {
      const unknown = 'ffffffffffffffffffff'
      const res = await api.request('DELETE', '/api/v2.1/share-links/', {
        data: { tokens: [link.token, unknown] },
      })
      expect(res.status()).toBe(200)
      expect(await res.json()).toEqual({ failed: [], success: [{ token: link.token }, { token: unknown }] })
      expect((await listLinks(api, { repo_id: repo.id })).length).toBe(0)
    })
    await expect(await api.request('DELETE', '/api/v2.1/share-links/', { data: {} })).toBeSeahubError(
      400,
      'token invalid.',
    )
  })

  test(
    "a deleted library's share and upload links are gone from the v2.1 lists",
    core,
    async ({ api, repo }) => {
      await api.mkdir(repo.id, '/gone-with-it')
      const link = await createV21ShareLink(api, { repo_id: repo.id, path: '/gone-with-it' })
      const upload = await api.request('POST', '/api/v2.1/upload-links/', {
        data: { repo_id: repo.id, path: '/gone-with-it' },
      })
      expect(upload.status()).toBe(200)
      const uploadToken = ((await upload.json()) as { token: string }).token
      expect((await api.deleteRepoRaw(repo.id)).status()).toBe(200)
      // seahub deletes a library's FileShare and UploadLinkShare rows with it.
      expect((await listLinks(api)).map((l) => l.token)).not.toContain(link.token)
      const uploads = await api.request('GET', '/api/v2.1/upload-links/')
      expect(uploads.status()).toBe(200)
      expect(((await uploads.json()) as { token: string }[]).map((l) => l.token)).not.toContain(uploadToken)
    },
  )

  test(
    "a library's share links: the owner lists and deletes them, others are refused",
    core,
    async ({ api, api2, repo }) => {
      await putText(api, repo.id, '/repo-link.txt', 'repo link')
      const link = await createV21ShareLink(api, { repo_id: repo.id, path: '/repo-link.txt' })
      const url = `/api/v2.1/repos/${repo.id}/share-links/`
      const res = await api.request('GET', url)
      expect(res.status()).toBe(200)
      // repo_share_links.py:30: the view's own entry names the creator `creator_email` (the user name).
      expect(
        ((await res.json()) as { token: string; creator_email: string }[]).map((l) => [
          l.token,
          l.creator_email,
        ]),
      ).toEqual([[link.token, await emailOf(api)]])
      await expect(await api2.request('GET', url)).toBeSeahubError(403, 'Permission denied.')
      await expect(await api2.request('DELETE', `${url}${link.token}/`)).toBeSeahubError(
        403,
        'Permission denied.',
      )
      const deleted = await api.request('DELETE', `${url}${link.token}/`)
      expect(deleted.status()).toBe(200)
      expect(await deleted.json()).toEqual({ success: true })
      await expect(await api.request('DELETE', `${url}${link.token}/`)).toBeSeahubError(
        404,
        `Share link ${link.token} not found.`,
      )
    },
  )
})
