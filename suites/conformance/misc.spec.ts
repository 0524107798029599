/**
 * Server-wide and per-user odds and ends: ping (GET and HEAD), server info, default library, events,
 * avatars, virtual libraries, public libraries, organizations, search and thumbnails.
 */

import { isHtml404 } from '../client/workflows.ts'
import { core, expect, needs, test, uniqueName } from '../fixtures.ts'

// A 1×1 PNG, enough for the thumbnail generator.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

test.describe('misc', () => {
  test('ping answers "pong" to GET and 200 to HEAD', core, async ({ anon }) => {
    await expect(await anon.ping()).toBeJsonString(200, 'pong')
    expect((await anon.request('HEAD', '/api2/ping/')).status()).toBe(200)
  })

  test('server info names the version and features', core, async ({ anon }) => {
    const info = await anon.serverInfo()
    expect(info.version).toMatch(/^\d+\.\d+/)
    expect(Array.isArray(info.features)).toBe(true)
  })

  test('default library: created on demand, then reported with its id', core, async ({ api }) => {
    const created = await api.request('POST', '/api2/default-repo/')
    expect(created.status()).toBe(200)
    const made = (await created.json()) as { exists: boolean; repo_id?: string }
    expect(made.exists).toBe(true)
    const res = await api.request('GET', '/api2/default-repo/')
    expect(res.status()).toBe(200)
    expect(await res.json()).toMatchObject({ exists: true, repo_id: made.repo_id })
    expect((await api.repoInfo(made.repo_id!)).id).toBe(made.repo_id)
  })

  test('events list answers 200, or 404 when events are disabled', core, async ({ api }) => {
    const res = await api.request('GET', '/api2/events/')
    // views.py::EventsView.get: 404 'Events not enabled.' without seafevents.
    expect([200, 404]).toContain(res.status())
  })

  test('a user avatar answers a URL', core, async ({ api }) => {
    const me = await api.accountInfo()
    const res = await api.request('GET', `/api2/avatars/user/${encodeURIComponent(me.email)}/resized/80/`)
    expect(res.status()).toBe(200)
    expect((await res.json()) as { url: string }).toHaveProperty('url')
  })

  test('virtual libraries list answers 200', core, async ({ api }) => {
    const res = await api.request('GET', '/api2/virtual-repos/', {
      optionalRoute: 'GET /api2/virtual-repos/',
    })
    expect(res.status()).toBe(200)
  })

  test('public library: create, publish, unpublish', core, async ({ api, repo }, info) => {
    const res = await api.request('POST', '/api2/repos/public/', { form: { name: uniqueName(info, 'pub') } })
    // views.py::PubRepos.post: 403 when the user may not add public libraries (a site setting).
    expect([201, 403]).toContain(res.status())
    if (res.status() === 201) await api.deleteRepo(((await res.json()) as { id: string }).id)
    // Seahub 10.0's api2/urls.py has only repos/public/, not repos/{id}/public/.
    const pub = await api.request('POST', `/api2/repos/${repo.id}/public/`, {
      optionalRoute: 'POST /api2/repos/{repo_id}/public/',
    })
    expect([200, 403]).toContain(pub.status())
    if (pub.status() === 200) {
      expect((await api.request('DELETE', `/api2/repos/${repo.id}/public/`)).status()).toBe(200)
    }
  })

  test('organization creation answers 201, or 403 without multi-tenancy', core, async ({ admin }) => {
    const tag = Math.random().toString(36).slice(2, 8)
    const res = await admin.request('POST', '/api2/organization/', {
      form: {
        username: `sc-org-${tag}@example.com`,
        password: 'Sc-pass-1234',
        org_name: `sc org ${tag}`,
        prefix: `scorg${tag}`,
        quota: '100',
      },
    })
    // views.py::OrganizationView.post: 403 'Feature is not enabled.' when MULTI_TENANCY is off.
    if (res.status() === 403) await expect(res).toBeSeahubError(403)
    else expect(res.status()).toBe(201)
  })

  test('search answers 200 with a result list', needs('@core', 'search'), async ({ api, repo }) => {
    await api.uploadFile(repo.id, '/', 'findme.txt', new TextEncoder().encode('find me'))
    const res = await api.request('GET', '/api2/search/', { params: { q: 'findme' } })
    expect(res.status()).toBe(200)
    expect(await res.json()).toHaveProperty('results')
  })

  test('search without a query answers 400', needs('@core', 'search'), async ({ api }) => {
    await expect(await api.request('GET', '/api2/search/')).toBeSeahubError(400)
  })

  test('a PNG gets a thumbnail', needs('@core', 'thumbnails'), async ({ api, repo }) => {
    await api.uploadFile(repo.id, '/', 'dot.png', PNG)
    const res = await api.request('GET', `/api2/repos/${repo.id}/thumbnail/`, {
      params: { p: '/dot.png', size: 48 },
    })
    expect(res.status()).toBe(200)
  })

  test('removed routes answer Django 404 or their documented body', core, async ({ api }) => {
    // api2/urls.py (snapshot 0048108): shared-files/ is gone from current seahub.
    const res = await api.request('GET', '/api2/shared-files/')
    test.skip(isHtml404(res), 'GET /api2/shared-files/ is gone from this server (Django 404)')
    expect(res.status()).toBe(200)
  })
})
