import { describe, expect, test } from 'vitest'
import { sharingOf } from '../sharing/index.ts'
import { sharingWorld, statusAndBody, type World } from '../sharing/testing/world.ts'
import { conforms, type TestClient } from '../testing/harness.ts'

/** An anonymous request (the token in the URL is the credential), checked against the spec. */
async function anon(client: TestClient, url: string): Promise<Response> {
  const res = await client.server.request(url)
  await conforms(res, 'GET', url)
  return res
}

async function createLink(client: TestClient, repoId: string, form: Record<string, string>) {
  const res = await client.call('PUT', `/api2/repos/${repoId}/file/shared-link/`, { form })
  return {
    res,
    location: res.headers.get('location') ?? '',
    token: (res.headers.get('location') ?? '').split('/').at(-2)!,
  }
}

describe('download links', () => {
  test('creates a file link (201, Location, empty body), hands it out again, and lists it', async () => {
    const { user, repoId } = await sharingWorld()
    const first = await createLink(user, repoId, { p: '/docs/a.txt' })
    expect(first.res.status).toBe(201)
    expect(await first.res.text()).toBe('')
    expect(first.location).toMatch(/^http:\/\/localhost\/f\/[0-9a-f]{20}\/$/)
    const again = await createLink(user, repoId, { p: '/docs/a.txt', password: 'password' })
    expect(again.location).toBe(first.location)
    const list = await user.call('GET', '/api2/shared-links/')
    expect(list.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await list.json()).toEqual({
      fileshares: [
        {
          username: 'user@example.com',
          repo_id: repoId,
          path: '/docs/a.txt',
          token: first.token,
          ctime: null,
          view_cnt: 0,
          s_type: 'f',
        },
      ],
    })
  })

  test('anyone with a file link gets a one-time download URL (oid header) and the details; views are counted', async () => {
    const { user, repoId } = await sharingWorld()
    const { token } = await createLink(user, repoId, { p: '/docs/a.txt' })
    const res = await anon(user, `/api2/f/${token}/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('oid')).toMatch(/^[0-9a-f]{40}$/)
    const url = new URL((await res.json()) as string)
    expect(url.pathname).toMatch(/^\/seafhttp\/files\/[-0-9a-f]{36}\/a\.txt$/)
    const bytes = await user.server.request(url.pathname)
    expect([bytes.status, await bytes.text()]).toEqual([200, 'hello world\n'])
    expect((await user.server.request(url.pathname)).status).toBe(403)
    const detail = await anon(user, `/api2/f/${token}/detail/`)
    expect(await detail.json()).toMatchObject({
      repo_id: repoId,
      name: 'a.txt',
      path: '/docs/a.txt',
      type: 'file',
      size: 12,
    })
    const { fileshares } = await user.json<{ fileshares: { view_cnt: number }[] }>(
      'GET',
      '/api2/shared-links/',
    )
    expect(fileshares[0]!.view_cnt).toBe(1)
  })

  test('unknown, folder and malformed tokens: 404 Token not found, 404 File not found, HTML 404', async () => {
    const { user, repoId } = await sharingWorld()
    expect(await statusAndBody(await anon(user, '/api2/f/abcdef0123/'))).toEqual([
      404,
      { error_msg: 'Token not found' },
    ])
    const dir = await createLink(user, repoId, { p: '/docs/' })
    expect(await statusAndBody(await anon(user, `/api2/f/${dir.token}/`))).toEqual([
      404,
      { error_msg: 'File not found' },
    ])
    const html = await user.server.request('/api2/f/NOT-HEX/')
    expect([html.status, html.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8'])
  })

  test('a password protects the details and the folder listing (403), while /f/ ignores it as seahub does', async () => {
    const { user, repoId } = await sharingWorld()
    const file = await createLink(user, repoId, { p: '/docs/a.txt', password: 'password' })
    expect((await anon(user, `/api2/f/${file.token}/`)).status).toBe(200)
    const none = await anon(user, `/api2/f/${file.token}/detail/`)
    expect(await statusAndBody(none)).toEqual([403, { error_msg: 'Password is required.' }])
    const wrong = await anon(user, `/api2/f/${file.token}/detail/?password=nope`)
    expect(await statusAndBody(wrong)).toEqual([403, { error_msg: 'Invalid Password' }])
    expect((await anon(user, `/api2/f/${file.token}/detail/?password=password`)).status).toBe(200)
  })

  test('lists a shared folder (folders first, sizes for files) with its password; sub-folders, bad paths, no `..` escape', async () => {
    const { user, repoId } = await sharingWorld()
    await user.json('POST', `/api2/repos/${repoId}/dir/?p=/docs/Sub`, { form: { operation: 'mkdir' } })
    const { location, token } = await createLink(user, repoId, {
      p: '/docs',
      password: 'password',
      expire: '6',
    })
    expect(location).toMatch(/\/d\/[0-9a-f]{20}\/$/)
    const url = `/api2/d/${token}/dir/`
    expect(await statusAndBody(await anon(user, url))).toEqual([403, { error_msg: 'Password is required.' }])
    const res = await anon(user, `${url}?password=password`)
    const entries = (await res.json()) as Record<string, unknown>[]
    expect(entries.map((e) => [e.type, e.name])).toEqual([
      ['dir', 'Sub'],
      ['file', 'a.txt'],
    ])
    expect(entries[1]).toMatchObject({ size: 12 })
    expect(await (await anon(user, `${url}?password=password&p=/Sub/`)).json()).toEqual([])
    const missing = await anon(user, `${url}?password=password&p=/nope`)
    expect(await statusAndBody(missing)).toEqual([400, { error_msg: 'Invalid path' }])
    // `..` is a name to seafile's path lookup, so nothing above the shared folder can be reached.
    const climb = await anon(user, `${url}?password=password&p=/../..`)
    expect(await statusAndBody(climb)).toEqual([400, { error_msg: 'Invalid path' }])
  })

  test('an expired folder link and a file link are both 400 Invalid token on /d/', async () => {
    const { user, repoId } = await sharingWorld()
    const dir = await createLink(user, repoId, { p: '/docs/', expire: '1' })
    const links = sharingOf(user.server.seaf).links.download
    const record = (await links.get(dir.token))!
    await links.save({ ...record, expireAt: Date.now() - 1000 })
    expect(await statusAndBody(await anon(user, `/api2/d/${dir.token}/dir/`))).toEqual([
      400,
      { error_msg: 'Invalid token' },
    ])
    const file = await createLink(user, repoId, { p: '/docs/a.txt' })
    expect((await anon(user, `/api2/d/${file.token}/dir/`)).status).toBe(400)
  })

  test('refuses bad requests in the view order: library, encryption, path, password, share_type, expire', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const put = (id: string, form: Record<string, string>, client = user) =>
      client.call('PUT', `/api2/repos/${id}/file/shared-link/`, { form })
    const ghost = '0d4e5f9b-3a5c-4a6e-8d8e-6f4b9a2e7c11'
    expect(await statusAndBody(await put(ghost, { p: '/' }))).toEqual([
      404,
      { error_msg: 'Library does not exist' },
    ])
    const enc = await user.json<{ repo_id: string }>('POST', '/api2/repos/', {
      form: { name: 'e', passwd: 'pw' },
    })
    expect(await statusAndBody(await put(enc.repo_id, { p: '/' }))).toEqual([
      403,
      { error_msg: 'Permission denied.' },
    ])
    expect(await statusAndBody(await put(repoId, {}))).toEqual([400, { error_msg: 'Path is missing' }])
    const short = await put(repoId, { p: '/docs', password: 'short' })
    expect(await statusAndBody(short)).toEqual([400, { error_msg: 'Password is too short' }])
    const other = await put(repoId, { p: '/docs', share_type: 'view' })
    expect(await statusAndBody(other)).toEqual([
      400,
      { error_msg: 'Operation can only be download or upload.' },
    ])
    expect(await statusAndBody(await put(repoId, { p: '/docs', expire: 'soon' }))).toEqual([
      400,
      { error_msg: 'expire invalid.' },
    ])
    expect(await statusAndBody(await put(repoId, { p: '/nope.txt' }))).toEqual([
      400,
      { error_msg: 'Invalid path' },
    ])
    expect(await statusAndBody(await put(repoId, { p: '/docs' }, user2))).toEqual([
      403,
      { error_msg: 'Permission denied' },
    ])
  })

  test('deletes a link: missing t 400, someone else’s 400, own 200 {}; the token is then unknown', async () => {
    const { user, user2, repoId } = await sharingWorld()
    const { token } = await createLink(user, repoId, { p: '/docs/a.txt' })
    expect(await statusAndBody(await user.call('DELETE', '/api2/shared-links/'))).toEqual([
      400,
      { error_msg: 'Token is missing' },
    ])
    const theirs = await user2.call('DELETE', `/api2/shared-links/?t=${token}`)
    expect(await statusAndBody(theirs)).toEqual([400, { error_msg: 'Invalid token' }])
    const ok = await user.call('DELETE', `/api2/shared-links/?t=${token}`)
    expect([ok.status, await ok.text()]).toEqual([200, '{}'])
    expect((await anon(user, `/api2/f/${token}/`)).status).toBe(404)
  })

  test('listing drops links whose file is gone', async () => {
    const { user, repoId } = await sharingWorld()
    await createLink(user, repoId, { p: '/docs/a.txt' })
    await user.json('DELETE', `/api2/repos/${repoId}/file/?p=/docs/a.txt`)
    expect(await user.json('GET', '/api2/shared-links/')).toEqual({ fileshares: [] })
  })
})

describe('upload links', () => {
  test('needs an existing folder and write permission; is not listed with download links; deletable', async () => {
    const { user, user2, repoId }: World = await sharingWorld()
    const { res, location, token } = await createLink(user, repoId, { p: '/docs', share_type: 'upload' })
    expect(res.status).toBe(201)
    expect(location).toMatch(/^http:\/\/localhost\/u\/d\/[0-9a-f]{20}\/$/)
    expect((await createLink(user, repoId, { p: '/docs/', share_type: 'upload' })).location).toBe(location)
    const file = await createLink(user, repoId, { p: '/docs/a.txt', share_type: 'upload' })
    expect(await statusAndBody(file.res)).toEqual([400, { error_msg: 'Invalid path' }])
    await user.json(
      'PUT',
      `/api2/shared-repos/${repoId}/?share_type=personal&user=user2@example.com&permission=r`,
    )
    const ro = await createLink(user2, repoId, { p: '/docs', share_type: 'upload' })
    expect(await statusAndBody(ro.res)).toEqual([403, { error_msg: 'Permission denied' }])
    const dl = await createLink(user2, repoId, { p: '/docs' })
    expect(dl.res.status).toBe(201)
    expect(await user.json('GET', '/api2/shared-links/')).toEqual({ fileshares: [] })
    expect(await (await user.call('DELETE', `/api2/shared-links/?t=${token}`)).text()).toBe('{}')
  })
})

describe('private file shares (seahub 5 routes)', () => {
  test('share a file to a user with dir/share s_type=f; only that user downloads it; either side deletes', async () => {
    const { user, user2, user3, repoId } = await sharingWorld()
    const shared = await user.call('POST', `/api2/repos/${repoId}/dir/share/`, {
      form: { emails: 'user2@example.com', s_type: 'f', path: '/docs/a.txt', perm: 'r' },
    })
    expect(shared.status).toBe(200)
    const mine = await user.json<{ priv_share_out: { token: string }[]; priv_share_in: unknown[] }>(
      'GET',
      '/api2/shared-files/',
    )
    expect(mine.priv_share_in).toEqual([])
    const { token } = mine.priv_share_out[0]!
    const theirs = await user2.json<{ priv_share_in: unknown[] }>('GET', '/api2/shared-files/')
    expect(theirs.priv_share_in).toEqual([
      {
        s_type: 'f',
        repo_id: repoId,
        permission: 'r',
        to_user: 'user2@example.com',
        token,
        from_user: 'user@example.com',
        path: '/docs/a.txt',
      },
    ])
    const url = await user2.json<string>('GET', `/api2/s/f/${token}/`)
    expect(url).toMatch(/\/seafhttp\/files\/[-0-9a-f]{36}\/a\.txt$/)
    const detail = await user2.json('GET', `/api2/s/f/${token}/detail/`)
    expect(detail).toMatchObject({ name: 'a.txt', shared_by: 'user@example.com', size: 12 })
    const stranger = await user3.call('GET', `/api2/s/f/${token}/`)
    expect(await statusAndBody(stranger)).toEqual([
      403,
      { error_msg: "You don't have permission to view this file" },
    ])
    expect(await statusAndBody(await user3.call('DELETE', `/api2/shared-files/?t=${token}`))).toEqual([
      403,
      { error_msg: 'You do not have permission to get repo.' },
    ])
    expect(await statusAndBody(await user2.call('DELETE', `/api2/shared-files/?t=${token}`))).toEqual([
      200,
      {},
    ])
    for (const query of [`?t=${token}`, '?t=ffffffffff', ''])
      expect(await statusAndBody(await user.call('DELETE', `/api2/shared-files/${query}`))).toEqual([
        404,
        { error_msg: 'Token does not exist' },
      ])
    expect(await statusAndBody(await user2.call('GET', `/api2/s/f/${token}/`))).toEqual([
      404,
      { error_msg: 'Token not found' },
    ])
  })
})
