import { describe, expect, test } from 'vitest'
import { makeGroup, sharingWorld, statusAndBody } from '../sharing/testing/world.ts'
import type { TestClient } from '../testing/harness.ts'

const PASSWORD = 'correct-horse-battery'

async function v21Link(client: TestClient, body: Record<string, unknown>, url = '/api/v2.1/share-links/') {
  return client.call('POST', url, { json: body })
}

describe('v2.1 share links', () => {
  test('a v2.1 link is listed by api2 and serves the bytes; an api2 link is listed by v2.1', async () => {
    const { user, repoId } = await sharingWorld()
    const made = await v21Link(user, { repo_id: repoId, path: '/docs/a.txt', password: PASSWORD })
    expect(made.status).toBe(200)
    const link = (await made.json()) as Record<string, unknown>
    expect(link).toMatchObject({ path: '/docs/a.txt', is_dir: false, password: PASSWORD, can_edit: true })
    expect(link.link).toBe(`http://localhost/f/${link.token}/`)
    const api2 = (await user.json<{ fileshares: { token: string }[] }>('GET', '/api2/shared-links/'))
      .fileshares
    expect(api2.map((l) => l.token)).toEqual([link.token])
    const url = (await (await user.server.request(`/api2/f/${link.token}/`)).json()) as string
    expect(await (await user.server.request(new URL(url).pathname)).text()).toBe('hello world\n')

    const put = await user.call('PUT', `/api2/repos/${repoId}/file/shared-link/`, { form: { p: '/docs' } })
    const token = put.headers.get('location')!.split('/').at(-2)
    const listed = await user.json<{ token: string; path: string }[]>('GET', '/api/v2.1/share-links/')
    expect(listed.map((l) => [l.path, l.token])).toEqual([
      ['/docs/', token],
      ['/docs/a.txt', link.token],
    ])
    const byPath = `/api/v2.1/share-links/?repo_id=${repoId}&path=/docs`
    expect((await user.json<{ token: string }[]>('GET', byPath)).map((l) => l.token)).toEqual([token])
  })

  test('a second link for a path is 400 "already exists"; multi-share-links makes one', async () => {
    const { user, repoId } = await sharingWorld()
    const first = (await (await v21Link(user, { repo_id: repoId, path: '/docs/a.txt' })).json()) as {
      token: string
    }
    expect(await statusAndBody(await v21Link(user, { repo_id: repoId, path: '/docs/a.txt' }))).toEqual([
      400,
      { error_msg: `Share link ${first.token} already exists.` },
    ])
    const more = await v21Link(user, { repo_id: repoId, path: '/docs/a.txt' }, '/api/v2.1/multi-share-links/')
    expect(more.status).toBe(200)
    expect(((await more.json()) as { token: string }).token).not.toBe(first.token)
  })

  test('arguments are refused in the view order with its messages', async () => {
    const { user, user3, repoId } = await sharingWorld()
    const cases: [Record<string, unknown>, number, string][] = [
      [{ path: '/docs' }, 400, 'repo_id invalid.'],
      [{ repo_id: repoId }, 400, 'path invalid.'],
      [{ repo_id: repoId, path: '/docs', password: 'short' }, 400, 'Password is too short.'],
      [
        { repo_id: repoId, path: '/docs', expire_days: 1, expiration_time: '2030-01-01' },
        400,
        'Can not pass expire_days and expiration_time at the same time.',
      ],
      // A JSON 0 is falsy for `if expire_days:` (no expiry); "0" and negatives are checked.
      [{ repo_id: repoId, path: '/docs', expire_days: '0' }, 400, 'expire_days invalid.'],
      [{ repo_id: repoId, path: '/docs', expire_days: -1 }, 400, 'expire_days invalid.'],
      [{ repo_id: repoId, path: '/docs', permissions: 'not json' }, 400, 'permissions invalid.'],
      [{ repo_id: repoId, path: '/gone' }, 404, 'Dirent /gone not found.'],
    ]
    for (const [body, status, msg] of cases)
      expect(await statusAndBody(await v21Link(user, body))).toEqual([status, { error_msg: msg }])
    const noExpiry = await v21Link(user, { repo_id: repoId, path: '/docs', expire_days: 0 })
    expect(await statusAndBody(noExpiry)).toEqual([200, expect.objectContaining({ expire_date: '' })])
    const stranger = await v21Link(user3, { repo_id: repoId, path: '/docs' })
    expect(await statusAndBody(stranger)).toEqual([403, { error_msg: 'Permission denied.' }])
  })

  test('PUT changes permissions and expiry; DELETE by token and by list; the library admin sees all', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const { token } = (await (await v21Link(user, { repo_id: repoId, path: '/docs' })).json()) as {
      token: string
    }
    const updated = await user.json<{ permissions: unknown; expire_date: string }>(
      'PUT',
      `/api/v2.1/share-links/${token}/`,
      { json: { permissions: { can_download: false }, expire_days: 3 } },
    )
    expect(updated.permissions).toEqual({ can_edit: false, can_download: false, can_upload: false })
    expect(updated.expire_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
    expect(
      (await user2.call('PUT', `/api/v2.1/share-links/${token}/`, { json: { expire_days: 1 } })).status,
    ).toBe(403)
    const repoLinks = await user.json<{ token: string }[]>('GET', `/api/v2.1/repos/${repoId}/share-links/`)
    expect(repoLinks.map((l) => l.token)).toEqual([token])
    expect((await user2.call('GET', `/api/v2.1/repos/${repoId}/share-links/`)).status).toBe(403)
    const result = await user.json('DELETE', '/api/v2.1/share-links/', {
      json: { tokens: [token, 'abc123'] },
    })
    expect(result).toEqual({ failed: [], success: [{ token }, { token: 'abc123' }] })
    expect((await user.call('GET', `/api/v2.1/share-links/${token}/`)).status).toBe(404)
  })
})

describe('requests as seafile-js sends them', () => {
  /** A multipart request with the user's token (seafile-js builds FormData for these views). */
  const multipart = (client: TestClient, method: string, url: string, fields: Record<string, string>) => {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) form.append(k, v)
    return client.server.request(url, {
      method,
      headers: { Authorization: `Token ${client.token}` },
      body: form,
    })
  }

  test('createShareLink and updateShareLink send multipart forms with permissions as JSON text', async () => {
    const { user, repoId } = await sharingWorld()
    const made = await multipart(user, 'POST', '/api/v2.1/share-links/', {
      path: '/docs',
      repo_id: repoId,
      permissions: JSON.stringify({ can_edit: false, can_download: false }),
      expiration_time: '2099-05-17T10:26:22+08:00',
    })
    const link = (await made.json()) as { token: string; permissions: unknown; expire_date: string }
    expect(link.permissions).toEqual({ can_edit: false, can_download: false, can_upload: false })
    expect(link.expire_date).toBe('2099-05-17T02:26:22+00:00')
    const put = await multipart(user, 'PUT', `/api/v2.1/share-links/${link.token}/`, {
      permissions: JSON.stringify({ can_edit: false, can_download: true, can_upload: true }),
    })
    expect(((await put.json()) as { permissions: unknown }).permissions).toEqual({
      can_edit: false,
      can_download: true,
      can_upload: true,
    })
    const star = await multipart(user, 'POST', '/api/v2.1/starred-items/', { repo_id: repoId, path: '/' })
    expect(await star.json()).toMatchObject({ path: '/', is_dir: true, obj_name: 'lib' })
  })
})

describe('v2.1 upload links', () => {
  test('create (idempotent), list both ways, upload anonymously through the public URL', async () => {
    const { user, repoId } = await sharingWorld()
    const body = { json: { repo_id: repoId, path: '/docs' } }
    const link = await user.json<{ token: string; path: string; link: string }>(
      'POST',
      '/api/v2.1/upload-links/',
      body,
    )
    expect(link.path).toBe('/docs/')
    expect((await user.json<{ token: string }>('POST', '/api/v2.1/upload-links/', body)).token).toBe(
      link.token,
    )
    const put = await user.call('PUT', `/api2/repos/${repoId}/file/shared-link/`, {
      form: { p: '/docs', share_type: 'upload' },
    })
    expect(put.headers.get('location')).toBe(link.link)
    const res = await user.server.request(`/api/v2.1/upload-links/${link.token}/upload/`)
    expect(res.status).toBe(200)
    const { upload_link } = (await res.json()) as { upload_link: string }
    const form = new FormData()
    form.append('parent_dir', '/docs')
    form.append('file', new Blob(['dropped']), 'drop.txt')
    const up = await user.server.request(`${new URL(upload_link).pathname}?ret-json=1`, {
      method: 'POST',
      body: form,
    })
    expect(up.status).toBe(200)
    const listing = await user.json<{ name: string }[]>('GET', `/api2/repos/${repoId}/dir/?p=/docs`)
    expect(listing.map((e) => e.name)).toContain('drop.txt')
    const deleted = await user.json('DELETE', `/api/v2.1/repos/${repoId}/upload-links/${link.token}/`)
    expect(deleted).toEqual({ success: true })
    expect(await user.json('GET', '/api/v2.1/upload-links/')).toEqual([])
  })

  test('a password-protected link refuses the anonymous GET with an empty message', async () => {
    const { user, repoId } = await sharingWorld()
    const { token } = await user.json<{ token: string }>('POST', '/api/v2.1/upload-links/', {
      json: { repo_id: repoId, path: '/docs', password: PASSWORD },
    })
    const res = await user.server.request(`/api/v2.1/upload-links/${token}/upload/`)
    expect(await statusAndBody(res)).toEqual([403, { error_msg: '' }])
  })
})

describe('v2.1 starred items, activities and sharing views', () => {
  test('stars are shared with api2 starredfiles; unstarring twice is 404', async () => {
    const { user, repoId } = await sharingWorld()
    await user.json('POST', '/api2/starredfiles/', { form: { repo_id: repoId, p: '/docs/a.txt' } })
    await user.json('POST', '/api/v2.1/starred-items/', { form: { repo_id: repoId, path: '/docs' } })
    const { starred_item_list } = await user.json<{ starred_item_list: { path: string }[] }>(
      'GET',
      '/api/v2.1/starred-items/',
    )
    expect(starred_item_list.map((s) => s.path)).toEqual(['/docs/', '/docs/a.txt'])
    const q = `?repo_id=${repoId}&path=/docs/a.txt`
    expect(await user.json('DELETE', `/api/v2.1/starred-items/${q}`)).toEqual({ success: true })
    expect((await user.call('DELETE', `/api/v2.1/starred-items/${q}`)).status).toBe(404)
    // The folder starred through v2.1 is in api2's list too.
    const api2 = await user.json<{ path: string; dir: boolean }[]>('GET', '/api2/starredfiles/')
    expect(api2.map((s) => [s.path, s.dir])).toEqual([['/docs/', true]])
  })

  test('activities follow the commits, newest first, paged', async () => {
    const { user, repoId } = await sharingWorld()
    const { events } = await user.json<{ events: { op_type: string; obj_type: string; path: string }[] }>(
      'GET',
      '/api/v2.1/activities/',
    )
    expect(events.map((e) => [e.op_type, e.obj_type, e.path])).toEqual([
      ['create', 'file', '/docs/a.txt'],
      ['create', 'dir', '/docs'],
      ['create', 'repo', '/'],
    ])
    const page2 = await user.json<{ events: unknown[] }>('GET', '/api/v2.1/activities/?page=2&per_page=2')
    expect(page2.events).toHaveLength(1)
    expect(repoId).toBeTruthy()
  })

  test('share-info, shared-repos, shareable-groups, smart-link and search-user', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const groupId = await makeGroup(user, 'team', [user2])
    await user.json('PUT', `/api2/repos/${repoId}/dir/shared_items/?p=/`, {
      form: { share_type: 'user', username: 'user2@example.com', permission: 'r' },
    })
    expect(await user.json('GET', `/api/v2.1/repos/${repoId}/share-info/`)).toEqual({
      shared_user_emails: ['user2@example.com'],
      shared_group_ids: [],
    })
    const out = await user.json<{ share_type: string; user_email: string }[]>(
      'GET',
      '/api/v2.1/shared-repos/',
    )
    expect(out.map((s) => [s.share_type, s.user_email])).toEqual([['personal', 'user2@example.com']])
    const groups = await user2.json<{ id: number }[]>('GET', '/api/v2.1/shareable-groups/')
    expect(groups.map((g) => g.id)).toEqual([groupId])
    const smart = `/api/v2.1/smart-link/?repo_id=${repoId}&path=/docs/a.txt&is_dir=false`
    const a = await user.json<{ smart_link_token: string; name: string }>('GET', smart)
    expect(a.name).toBe('a.txt')
    expect((await user2.json<{ smart_link_token: string }>('GET', smart)).smart_link_token).toBe(
      a.smart_link_token,
    )
    expect((await user.call('GET', smart.replace('false', 'true'))).status).toBe(404)
    const found = await user.json<{ users: { email: string }[] }>(
      'GET',
      '/api2/search-user/?q=user2@example.com',
    )
    expect(found.users[0]?.email).toBe('user2@example.com')
  })
})
