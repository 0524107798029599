/**
 * Share-link protection: a link created with a password answers its public routes only with that password
 * (`/api2/d/{token}/dir/` and `/api2/f/{token}/detail/`: missing → 403 `Password is required.`, wrong → 403
 * `Invalid Password`, share_link views' check_share_link_password), and link creation refuses an expiry
 * that is not a number and a password under the minimum length (SHARE_LINK_PASSWORD_MIN_LENGTH = 8).
 * Expiry itself is in whole days, so a link cannot be seen to expire within a run; what is checked is that
 * a link with an expiry works before it. Skipped when the target has no share-link routes.
 */
import type { APIResponse } from '@playwright/test'
import type { SeafileClient } from '../client/files.ts'
import { core, expect, test } from '../fixtures.ts'
import { Caller, prepareContext, SEED_DIR, SEED_FILE } from './fuzz/run.ts'
import { playwrightTransport } from './transport.ts'

const PASSWORD = 'correct-horse-battery'

/** PUT file/shared-link/ → 201 with the link in Location (views.py::FileSharedLinkView.put). */
async function createLink(
  api: SeafileClient,
  repoId: string,
  form: Record<string, string>,
): Promise<APIResponse> {
  return api.request('PUT', `/api2/repos/${repoId}/file/shared-link/`, { form, maxRedirects: 0 })
}

/** The link's token, or a skip when the target lacks the route (Django's HTML 404 or a 405). */
async function linkToken(res: APIResponse): Promise<string> {
  test.skip(
    res.status() === 405 || (res.status() === 404 && /html/.test(res.headers()['content-type'] ?? '')),
    `the target has no share-link routes (PUT file/shared-link/ answered ${res.status()})`,
  )
  expect(res.status(), await res.text()).toBe(201)
  const token = /\/(?:f|d)\/([0-9a-f]+)\/?$/.exec(res.headers()['location'] ?? '')?.[1]
  expect(token, `Location ${res.headers()['location']}`).toBeDefined()
  return token!
}

test.describe('robustness: share links @robustness', () => {
  test(
    'a folder link with a password lists only with that password',
    core,
    async ({ api, anon, repo, request, target }) => {
      await prepareContext(new Caller(playwrightTransport(request, target.target!), api.token!), repo.id, {
        links: false,
      })
      const token = await linkToken(await createLink(api, repo.id, { p: `${SEED_DIR}/`, password: PASSWORD }))
      const dir = `/api2/d/${token}/dir/`
      await expect(await anon.request('GET', dir)).toBeSeahubError(403, 'Password is required.')
      await expect(
        await anon.request('GET', dir, { params: { password: 'wrong-password-1' } }),
      ).toBeSeahubError(403, 'Invalid Password')
      const listed = await anon.request('GET', dir, { params: { password: PASSWORD } })
      expect(listed.status()).toBe(200)
      expect(((await listed.json()) as { name: string }[]).map((e) => e.name)).toEqual(['seed.txt'])
    },
  )

  test(
    'a file link with a password shows its details only with that password',
    core,
    async ({ api, anon, repo, request, target }) => {
      await prepareContext(new Caller(playwrightTransport(request, target.target!), api.token!), repo.id, {
        links: false,
      })
      const token = await linkToken(
        await createLink(api, repo.id, { p: SEED_FILE, password: PASSWORD, expire: '1' }),
      )
      const detail = `/api2/f/${token}/detail/`
      await expect(await anon.request('GET', detail)).toBeSeahubError(403, 'Password is required.')
      await expect(
        await anon.request('GET', detail, { params: { password: `${PASSWORD}x` } }),
      ).toBeSeahubError(403, 'Invalid Password')
      // A one-day expiry has not passed yet: the right password opens it.
      const shown = await anon.request('GET', detail, { params: { password: PASSWORD } })
      expect(shown.status()).toBe(200)
      expect(((await shown.json()) as { name: string }).name).toBe('seed.txt')
    },
  )

  test('a link without a password opens without one', core, async ({ api, anon, repo, request, target }) => {
    await prepareContext(new Caller(playwrightTransport(request, target.target!), api.token!), repo.id, {
      links: false,
    })
    const token = await linkToken(await createLink(api, repo.id, { p: `${SEED_DIR}/` }))
    expect((await anon.request('GET', `/api2/d/${token}/dir/`)).status()).toBe(200)
  })

  test(
    'link creation refuses an expiry that is not a number and a too short password',
    core,
    async ({ api, repo, request, target }) => {
      await prepareContext(new Caller(playwrightTransport(request, target.target!), api.token!), repo.id, {
        links: false,
      })
      // Probe the route first so a target without it is skipped rather than failed.
      await linkToken(await createLink(api, repo.id, { p: SEED_FILE }))
      await expect(await createLink(api, repo.id, { p: `${SEED_DIR}/`, expire: 'soon' })).toBeSeahubError(
        400,
        'expire invalid.',
      )
      await expect(await createLink(api, repo.id, { p: `${SEED_DIR}/`, password: 'short' })).toBeSeahubError(
        400,
        'Password is too short',
      )
    },
  )
})
