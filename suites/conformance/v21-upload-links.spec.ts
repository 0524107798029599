/**
 * v2.1 upload links (upload_links.py::UploadLinks, UploadLink, UploadLinkUpload; repo_upload_links.py):
 * the same links as api2's `share_type=upload`, and the public side that lets anyone holding the token
 * upload into the link's folder.
 */
import {
  anonymousUpload,
  createV21UploadLink,
  LINK_PASSWORD,
  type V21UploadLink,
} from '../client/v21Links.ts'
import { createShareLink } from '../client/workflows.ts'
import { core, expect, test } from '../fixtures.ts'

test.describe('v2.1 upload links', () => {
  test(
    'an upload link is made once per folder, is the api2 one, and takes an anonymous upload',
    core,
    async ({ api, anon, repo }) => {
      await api.mkdir(repo.id, '/inbox')
      const link = await createV21UploadLink(api, { repo_id: repo.id, path: '/inbox' })
      await test.step('the answer describes the folder link', async () => {
        expect(link).toMatchObject({
          repo_id: repo.id,
          path: '/inbox/',
          obj_name: 'inbox',
          is_expired: false,
        })
        expect(link.link).toMatch(new RegExp(`/u/d/${link.token}/$`))
      })
      await test.step('asking again answers the same link, as does api2 share_type=upload', async () => {
        expect((await createV21UploadLink(api, { repo_id: repo.id, path: '/inbox/' })).token).toBe(link.token)
        const api2 = await createShareLink(api, repo.id, { p: '/inbox', share_type: 'upload' })
        expect(api2.token).toBe(link.token)
      })
      await test.step('the list by library and folder shows it', async () => {
        const res = await api.request('GET', '/api/v2.1/upload-links/', {
          params: { repo_id: repo.id, path: '/inbox' },
        })
        expect(res.status()).toBe(200)
        expect(((await res.json()) as V21UploadLink[]).map((l) => l.token)).toEqual([link.token])
      })
      await test.step('anyone gets an upload URL and uploads into the folder', async () => {
        const res = await anon.request('GET', `/api/v2.1/upload-links/${link.token}/upload/`)
        expect(res.status()).toBe(200)
        const { upload_link } = (await res.json()) as { upload_link: string }
        expect(upload_link).toMatch(/\/upload-api\/[^/]+$/)
        const up = await anonymousUpload(anon, upload_link, '/inbox', 'dropped.txt', 'dropped bytes')
        expect(up.status()).toBe(200)
        expect((await api.listDir(repo.id, '/inbox')).entries.map((e) => e.name)).toContain('dropped.txt')
        expect((await api.downloadFile(repo.id, '/inbox/dropped.txt')).toString()).toBe('dropped bytes')
      })
      await test.step('DELETE removes it; the public URL then answers 404', async () => {
        const res = await api.request('DELETE', `/api/v2.1/upload-links/${link.token}/`)
        expect(res.status()).toBe(200)
        expect(await res.json()).toEqual({ success: true })
        await expect(
          await anon.request('GET', `/api/v2.1/upload-links/${link.token}/upload/`),
        ).toBeSeahubError(404, `token ${link.token} not found.`)
      })
    },
  )

  test(
    'a password-protected upload link gives no upload URL to a plain GET',
    core,
    async ({ api, anon, repo }) => {
      await api.mkdir(repo.id, '/locked')
      const link = await createV21UploadLink(api, {
        repo_id: repo.id,
        path: '/locked',
        password: LINK_PASSWORD,
      })
      expect(link.password).toBe(LINK_PASSWORD)
      // check_share_link_common only takes the password from a POST (and a session): 403, empty message.
      await expect(await anon.request('GET', `/api/v2.1/upload-links/${link.token}/upload/`)).toBeSeahubError(
        403,
        '',
      )
    },
  )

  test('PUT sets an upload link expiry; bad values are refused', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/expiring')
    const link = await createV21UploadLink(api, { repo_id: repo.id, path: '/expiring' })
    expect(link.expire_date).toBe('')
    const url = `/api/v2.1/upload-links/${link.token}/`
    const res = await api.request('PUT', url, { data: { expire_days: 2 } })
    expect(res.status()).toBe(200)
    const updated = (await res.json()) as V21UploadLink
    const days = (Date.parse(updated.expire_date) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(1)
    expect(days).toBeLessThan(3)
    await expect(await api.request('PUT', url, { data: { expire_days: -1 } })).toBeSeahubError(
      400,
      'expire_days invalid.',
    )
    await expect(
      await api.request('PUT', url, { data: { expiration_time: 'next tuesday' } }),
    ).toBeSeahubError(400, /^expiration_time invalid/)
  })

  test('upload link arguments and missing folders get seahub errors', core, async ({ api, repo }) => {
    const post = (data: Record<string, unknown>) => api.request('POST', '/api/v2.1/upload-links/', { data })
    await expect(await post({ path: '/x' })).toBeSeahubError(400, 'repo_id invalid.')
    await expect(await post({ repo_id: repo.id })).toBeSeahubError(400, 'path invalid.')
    await expect(await post({ repo_id: repo.id, path: '/gone' })).toBeSeahubError(
      404,
      'folder /gone not found.',
    )
    await expect(await api.request('GET', '/api/v2.1/upload-links/ffffffffffffffffffff/')).toBeSeahubError(
      404,
      'token ffffffffffffffffffff not found.',
    )
  })

  test(
    "a library's upload links: the owner lists and deletes them, others are refused",
    core,
    async ({ api, api2, repo }) => {
      await api.mkdir(repo.id, '/shared-in')
      const link = await createV21UploadLink(api, { repo_id: repo.id, path: '/shared-in' })
      const url = `/api/v2.1/repos/${repo.id}/upload-links/`
      const res = await api.request('GET', url)
      expect(res.status()).toBe(200)
      expect(((await res.json()) as V21UploadLink[]).map((l) => l.token)).toEqual([link.token])
      await expect(await api2.request('GET', url)).toBeSeahubError(403, 'Permission denied.')
      await expect(await api2.request('DELETE', `/api/v2.1/upload-links/${link.token}/`)).toBeSeahubError(403)
      const deleted = await api.request('DELETE', `${url}${link.token}/`)
      expect(deleted.status()).toBe(200)
      await expect(await api.request('DELETE', `${url}${link.token}/`)).toBeSeahubError(
        404,
        `Upload link ${link.token} not found.`,
      )
    },
  )
})
