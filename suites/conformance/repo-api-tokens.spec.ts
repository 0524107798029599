/**
 * Library API tokens: the owner makes, lists, changes and deletes them (repo-api-tokens), and an app uses
 * one on `/api/v2.1/via-repo-token/*` for that library only (listing, folders, files, upload and download
 * links, library info), within the token's permission.
 */
import type { APIResponse } from '@playwright/test'
import type { SeafileClient } from '../client/files.ts'
import { core, expect, strict, test } from '../fixtures.ts'

const tokensPath = (repoId: string, app = '') =>
  `/api/v2.1/repos/${repoId}/repo-api-tokens/${app ? `${app}/` : ''}`

interface TokenInfo {
  repo_id: string
  app_name: string
  generated_by: string
  permission: string
  api_token: string
}

async function makeToken(
  api: SeafileClient,
  repoId: string,
  app: string,
  permission: 'r' | 'rw',
): Promise<TokenInfo> {
  const res = await api.request('POST', tokensPath(repoId), { form: { app_name: app, permission } })
  expect(res.status(), await res.text()).toBe(200)
  return (await res.json()) as TokenInfo
}

/** Requests on via-repo-token with a library API token (never the account's). */
function viaToken(api: SeafileClient, token: string) {
  const headers = { Authorization: `Token ${token}` }
  return (
    method: 'GET' | 'POST' | 'DELETE',
    view: string,
    params: Record<string, string> = {},
    form?: Record<string, string>,
  ): Promise<APIResponse> =>
    api.request(method, `/api/v2.1/via-repo-token/${view}/`, { params, form, headers })
}

test.describe('library API tokens', () => {
  test('the owner makes, lists, changes and deletes a token', core, async ({ api, repo }) => {
    const made = await makeToken(api, repo.id, 'sc-app', 'rw')
    expect(made).toMatchObject({ repo_id: repo.id, app_name: 'sc-app', permission: 'rw' })
    expect(made.api_token).toMatch(/^[0-9a-f]{40}$/)
    await test.step('the list shows it', async () => {
      const res = await api.request('GET', tokensPath(repo.id))
      expect(res.status()).toBe(200)
      expect(((await res.json()) as { repo_api_tokens: TokenInfo[] }).repo_api_tokens).toEqual([made])
    })
    await test.step('a second token of the same app is 400', async () => {
      const res = await api.request('POST', tokensPath(repo.id), { form: { app_name: 'sc-app' } })
      await expect(res).toBeSeahubError(400, 'app: sc-app token already exists.')
    })
    await test.step('PUT makes it read-only', async () => {
      const res = await api.request('PUT', tokensPath(repo.id, 'sc-app'), { form: { permission: 'r' } })
      expect(res.status()).toBe(200)
      expect(await res.json()).toEqual({ ...made, permission: 'r' })
    })
    await test.step('DELETE removes it; the token stops working', async () => {
      const res = await api.request('DELETE', tokensPath(repo.id, 'sc-app'))
      expect(res.status()).toBe(200)
      expect(await res.json()).toEqual({ success: true })
      await expect(await viaToken(api, made.api_token)('GET', 'repo-info')).toBeDrfError(
        401,
        'Token inactive or deleted',
      )
      await expect(await api.request('DELETE', tokensPath(repo.id, 'sc-app'))).toBeSeahubError(
        404,
        'api token not found',
      )
    })
  })

  test('arguments are checked before the library and the owner', core, async ({ api, repo }) => {
    await expect(
      await api.request('POST', tokensPath(repo.id), { form: { permission: 'r' } }),
    ).toBeSeahubError(400, 'app_name invalid.')
    await expect(
      await api.request('POST', tokensPath(repo.id), { form: { app_name: 'x', permission: 'admin' } }),
    ).toBeSeahubError(400, 'permission invalid.')
    const missing = '00000000-0000-4000-8000-000000000000'
    await expect(await api.request('GET', tokensPath(missing))).toBeSeahubError(
      404,
      `Library ${missing} not found.`,
    )
  })

  test("another user may not see or make a library's tokens", core, async ({ api2, repo }) => {
    await expect(await api2.request('GET', tokensPath(repo.id))).toBeSeahubError(403, 'Permission denied.')
    await expect(
      await api2.request('POST', tokensPath(repo.id), { form: { app_name: 'x' } }),
    ).toBeSeahubError(403, 'Permission denied.')
  })

  test(
    'a read-write token browses, makes, uploads, downloads, renames and deletes',
    core,
    async ({ api, repo }) => {
      const { api_token } = await makeToken(api, repo.id, 'sc-rw', 'rw')
      const via = viaToken(api, api_token)
      await test.step('repo-info names the library', async () => {
        const res = await via('GET', 'repo-info')
        expect(res.status()).toBe(200)
        expect(await res.json()).toMatchObject({ repo_id: repo.id, repo_name: repo.name })
      })
      await test.step('mkdir makes a folder; a clash is renamed', async () => {
        const res = await via('POST', 'dir', { path: '/docs' }, { operation: 'mkdir' })
        expect(res.status()).toBe(200)
        expect(await res.json()).toMatchObject({
          type: 'dir',
          repo_id: repo.id,
          parent_dir: '/',
          obj_name: 'docs',
        })
        const clash = await via('POST', 'dir', { path: '/docs' }, { operation: 'mkdir' })
        expect(((await clash.json()) as { obj_name: string }).obj_name).toBe('docs (1)')
      })
      const content = Buffer.from(`via repo token ${Date.now()}\n`)
      await test.step('the upload link takes a file into the folder', async () => {
        const link = await via('GET', 'upload-link', { path: '/docs' })
        expect(link.status()).toBe(200)
        const url = new URL((await link.json()) as string)
        url.searchParams.set('ret-json', '1')
        const up = await api.request('POST', url.toString(), {
          multipart: {
            file: { name: 'a.txt', mimeType: 'text/plain', buffer: content },
            parent_dir: '/docs',
          },
          anonymous: true,
        })
        expect(up.status()).toBe(200)
      })
      await test.step('the listing and file info show it', async () => {
        const res = await via('GET', 'dir', { path: '/docs' })
        expect(res.status()).toBe(200)
        const body = (await res.json()) as {
          user_perm: string
          dirent_list: { name: string; size?: number }[]
        }
        expect(body.user_perm).toBe('rw')
        expect(body.dirent_list).toEqual([
          expect.objectContaining({ type: 'file', name: 'a.txt', size: content.length }),
        ])
        const info = await via('GET', 'file', { path: '/docs/a.txt' })
        expect(await info.json()).toMatchObject({ type: 'file', obj_name: 'a.txt', size: content.length })
      })
      await test.step('the download link gives the same bytes', async () => {
        const res = await via('GET', 'download-link', { path: '/docs/a.txt' })
        expect(res.status()).toBe(200)
        const bytes = await api.request('GET', (await res.json()) as string, { anonymous: true })
        expect(bytes.status()).toBe(200)
        expect(Buffer.compare(await bytes.body(), content)).toBe(0)
      })
      await test.step('create, rename and delete files; delete the folder', async () => {
        const made = await via('POST', 'file', { path: '/docs/new.md' }, { operation: 'create' })
        expect(await made.json()).toMatchObject({ obj_name: 'new.md', size: 0 })
        const renamed = await via(
          'POST',
          'file',
          { path: '/docs/new.md' },
          { operation: 'rename', newname: 'a.txt' },
        )
        expect(((await renamed.json()) as { obj_name: string }).obj_name).toBe('a (1).txt')
        expect(await (await via('DELETE', 'file', { path: '/docs/a (1).txt' })).json()).toMatchObject({
          success: true,
        })
        expect(await (await via('DELETE', 'dir', { path: '/docs' })).json()).toMatchObject({ success: true })
        const rest = await via('GET', 'dir', { path: '/', recursive: '1' })
        expect(
          ((await rest.json()) as { dirent_list: { name: string }[] }).dirent_list.map((d) => d.name),
        ).toEqual(['docs (1)'])
      })
      await test.step('the account sees the same library', async () => {
        const listing = await api.listDir(repo.id, '/')
        expect(listing.entries.map((e) => e.name)).toEqual(['docs (1)'])
      })
    },
  )

  test('a read-only token reads but may not write', core, async ({ api, repo }) => {
    await api.mkdir(repo.id, '/keep')
    const via = viaToken(api, (await makeToken(api, repo.id, 'sc-ro', 'r')).api_token)
    const listing = await via('GET', 'dir')
    expect(listing.status()).toBe(200)
    expect(((await listing.json()) as { user_perm: string }).user_perm).toBe('r')
    await expect(await via('POST', 'dir', { path: '/x' }, { operation: 'mkdir' })).toBeSeahubError(
      403,
      'Permission denied.',
    )
    await expect(await via('POST', 'file', { path: '/x.md' }, { operation: 'create' })).toBeSeahubError(
      403,
      'Permission denied.',
    )
    await expect(await via('DELETE', 'dir', { path: '/keep' })).toBeSeahubError(403, 'Permission denied.')
    await expect(await via('GET', 'upload-link')).toBeSeahubError(
      403,
      'You do not have permission to access this folder.',
    )
  })

  test(
    'tokens do not cross: account tokens on via-repo-token, library tokens on api2',
    core,
    async ({ api, repo }) => {
      const { api_token } = await makeToken(api, repo.id, 'sc-cross', 'rw')
      await expect(await viaToken(api, api.token!)('GET', 'repo-info')).toBeDrfError(
        401,
        'Token inactive or deleted',
      )
      const res = await api.request('GET', '/api2/repos/', {
        headers: { Authorization: `Token ${api_token}` },
      })
      await expect(res).toBeDrfError(401, 'Invalid token')
    },
  )

  test(
    'a token brings back a deleted file and folder from an earlier commit',
    core,
    async ({ api, repo }) => {
      const via = viaToken(api, (await makeToken(api, repo.id, 'sc-revert', 'rw')).api_token)
      expect((await via('POST', 'dir', { path: '/d' }, { operation: 'mkdir' })).status()).toBe(200)
      expect((await via('POST', 'file', { path: '/f.md' }, { operation: 'create' })).status()).toBe(200)
      const [kept] = await api.history(repo.id)
      expect((await via('DELETE', 'dir', { path: '/d' })).status()).toBe(200)
      expect((await via('DELETE', 'file', { path: '/f.md' })).status()).toBe(200)
      for (const [view, path] of [
        ['file', '/f.md'],
        ['dir', '/d'],
      ] as const) {
        const res = await via('POST', view, { path }, { operation: 'revert', commit_id: kept!.id })
        expect(res.status(), await res.text()).toBe(200)
        expect(await res.json()).toEqual({ success: true })
      }
      const listing = await via('GET', 'dir')
      const names = ((await listing.json()) as { dirent_list: { name: string }[] }).dirent_list.map(
        (d) => d.name,
      )
      expect(names).toEqual(['d', 'f.md'])
      await expect(await via('POST', 'file', { path: '/f.md' }, { operation: 'revert' })).toBeSeahubError(
        400,
        'commit_id invalid.',
      )
    },
  )

  test('via-repo-token argument errors', core, async ({ api, repo }) => {
    const via = viaToken(api, (await makeToken(api, repo.id, 'sc-args', 'rw')).api_token)
    await expect(await via('GET', 'dir', { path: '/nope' })).toBeSeahubError(404, 'Folder /nope/ not found.')
    await expect(await via('GET', 'dir', { recursive: '2' })).toBeSeahubError(400)
    await expect(await via('GET', 'file')).toBeSeahubError(400, 'path invalid.')
    await expect(await via('GET', 'file', { path: '/nope.txt' })).toBeSeahubError(
      404,
      'File /nope.txt not found.',
    )
    await expect(await via('GET', 'download-link', { path: '/nope.txt' })).toBeSeahubError(
      404,
      'File not found',
    )
    await expect(await via('POST', 'dir', { path: '/x' }, { operation: 'frob' })).toBeSeahubError(400)
    await expect(await via('POST', 'dir', { path: '/' }, { operation: 'mkdir' })).toBeSeahubError(
      400,
      'Can not operate root dir.',
    )
    await expect(await via('DELETE', 'dir', { path: '/' })).toBeSeahubError(400, 'Can not delete root path.')
    const gone = await via('DELETE', 'file', { path: '/nope.txt' })
    expect(gone.status()).toBe(200)
    expect(await gone.json()).toEqual({ success: true })
  })

  test('via-repo-token without an Authorization header is refused with a 4xx', strict, async ({ api }) => {
    // The real views fail on the missing token object (a 500); a server should refuse cleanly.
    const res = await api.request('GET', '/api/v2.1/via-repo-token/repo-info/', { anonymous: true })
    await expect(res).toBeDrfError(403)
  })
})
