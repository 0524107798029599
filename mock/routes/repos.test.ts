import { describe, expect, test, vi } from 'vitest'
import { login, startServer } from '../testing/harness.ts'

interface Info {
  repo_id: string
  token: string
  encrypted: number | string
  repo_version: number
  magic: string
}

describe('libraries', () => {
  test('creates a library (200 download info), lists it, shows it, and deletes it', async () => {
    const client = await login(await startServer())
    const info = await client.json<Info>('POST', '/api2/repos/', { form: { name: 'docs', desc: 'd' } })
    expect(info).toMatchObject({ repo_name: 'docs', encrypted: '', repo_version: 1, permission: 'rw' })
    expect(info.token).toMatch(/^[0-9a-f]{40}$/)
    const list = await client.json<{ id: string; name: string; type: string; size: number }[]>(
      'GET',
      '/api2/repos/',
    )
    expect(list).toEqual([expect.objectContaining({ id: info.repo_id, name: 'docs', type: 'repo', size: 0 })])
    const repo = await client.json<{ root: string; owner: string; file_count: number }>(
      'GET',
      `/api2/repos/${info.repo_id}/`,
    )
    expect(repo).toMatchObject({ owner: 'self', root: '0'.repeat(40), file_count: 0 })
    const del = await client.call('DELETE', `/api2/repos/${info.repo_id}/`)
    expect(await del.text()).toBe('"success"')
    const gone = await client.call('GET', `/api2/repos/${info.repo_id}/`)
    expect(gone.status).toBe(404)
    expect(await gone.json()).toEqual({ error_msg: 'Library not found.' })
  })

  test('refuses a missing or invalid name, and answers HTML 404 for a malformed repo id', async () => {
    const client = await login(await startServer())
    const missing = await client.call('POST', '/api2/repos/', { form: { desc: 'x' } })
    expect([missing.status, await missing.json()]).toEqual([400, { error_msg: 'Library name is required.' }])
    const slash = await client.call('POST', '/api2/repos/', { form: { name: 'a/b' } })
    expect([slash.status, await slash.json()]).toEqual([400, { error_msg: 'name invalid.' }])
    // Not the documented operation: seahub's URL pattern does not match, so Django answers its HTML 404.
    const bad = await client.server.request('/api2/repos/not-a-repo/', {
      headers: { Authorization: `Token ${client.token}` },
    })
    expect(bad.status).toBe(404)
    expect(bad.headers.get('content-type')).toContain('text/html')
  })

  test('another user gets 403 on a library they have no access to', async () => {
    const server = await startServer()
    const owner = await login(server)
    const other = await login(server, 'user2@example.com', 'user2')
    const { repo_id } = await owner.json<Info>('POST', '/api2/repos/', { form: { name: 'private' } })
    const res = await other.call('GET', `/api2/repos/${repo_id}/`)
    expect([res.status, await res.json()]).toEqual([403, { error_msg: 'Permission denied.' }])
    expect((await other.call('DELETE', `/api2/repos/${repo_id}/`)).status).toBe(403)
    expect(await other.json('GET', '/api2/repos/')).toEqual([])
  })

  test('an encrypted library needs its password: 400 for a wrong one, 200 for the right one', async () => {
    const server = await startServer()
    const client = await login(server)
    const info = await client.json<Info>('POST', '/api2/repos/', { form: { name: 'secret', passwd: 'pw' } })
    expect(info.encrypted).toBe(1)
    expect(info.magic).toMatch(/^[0-9a-f]{64}$/)
    const url = `/api2/repos/${info.repo_id}/`
    const wrong = await client.call('POST', url, { form: { password: 'nope' } })
    expect([wrong.status, await wrong.json()]).toEqual([400, { error_msg: 'Incorrect password' }])
    const none = await client.call('POST', url, { form: {} })
    expect([none.status, await none.json()]).toEqual([440, { error_msg: 'Library password is needed.' }])
    expect(await (await client.call('POST', url, { form: { password: 'pw' } })).text()).toBe('"success"')
  })

  test('renames with ?op=rename, and history shows the change; v2.1 create and history agree', async () => {
    const client = await login(await startServer())
    const created = await client.json<{ repo_id: string; repo_name: string }>('POST', '/api/v2.1/repos/', {
      form: { repo_name: 'v21' },
    })
    const url = `/api2/repos/${created.repo_id}/`
    expect(
      await (await client.call('POST', `${url}?op=rename`, { form: { repo_name: 'renamed' } })).text(),
    ).toBe('"success"')
    const repo = await client.json<{ name: string }>('GET', url)
    expect(repo.name).toBe('renamed')
    const history = await client.json<{ commits: { desc: string }[]; page_next: boolean }>(
      'GET',
      `${url}history/`,
    )
    expect(history.commits.map((c) => c.desc)).toEqual([
      'Changed library name or description',
      'Created library',
    ])
    const v21 = await client.json<{ data: { email: string; description: string }[]; more: boolean }>(
      'GET',
      `/api/v2.1/repos/${created.repo_id}/history/?per_page=1`,
    )
    expect(v21).toMatchObject({ more: true, data: [{ email: 'user@example.com' }] })
    const badPage = await client.call('GET', `/api/v2.1/repos/${created.repo_id}/history/?page=0`)
    expect([badPage.status, await badPage.json()]).toEqual([400, { error_msg: 'page invalid.' }])
  })

  test('default library: none, then created once; owner transfer; history limit', async () => {
    const server = await startServer()
    const client = await login(server)
    expect(await client.json('GET', '/api2/default-repo/')).toEqual({ exists: false })
    const made = await client.json<{ repo_id: string }>('POST', '/api2/default-repo/')
    expect(await client.json('POST', '/api2/default-repo/')).toEqual({ exists: true, repo_id: made.repo_id })
    const base = `/api2/repos/${made.repo_id}/`
    expect(await client.json('GET', `${base}history-limit/`)).toEqual({ keep_days: -1 })
    expect(await client.json('PUT', `${base}history-limit/`, { form: { keep_days: '30' } })).toEqual({
      keep_days: 30,
    })
    const bad = await client.call('PUT', `${base}history-limit/`, { form: { keep_days: 'x' } })
    expect(bad.status).toBe(400)
    expect(await client.json('GET', `${base}owner/`)).toEqual({ owner: 'user@example.com' })
    expect(await client.json('PUT', `${base}owner/`, { form: { owner: 'user2@example.com' } })).toEqual({
      success: true,
    })
    expect((await client.call('GET', `${base}owner/`)).status).toBe(403)
    const other = await login(server, 'user2@example.com', 'user2')
    expect(await other.json('GET', `${base}owner/`)).toEqual({ owner: 'user2@example.com' })
  })

  test('download info carries a sync token and repo_version 1', async () => {
    const client = await login(await startServer())
    const { repo_id } = await client.json<Info>('POST', '/api2/repos/?from=web', { form: { name: 'web' } })
    const info = await client.json<Info>('GET', `/api2/repos/${repo_id}/download-info/`)
    expect(info.token).toMatch(/^[0-9a-f]{40}$/)
    expect(info.repo_version).toBe(1)
  })

  test('a list served again follows every change of the state and of the relative times', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const server = await startServer()
      const client = await login(server)
      const list = () =>
        client.json<{ name: string; mtime_relative: string; owner_name: string }[]>('GET', '/api2/repos/')
      expect(await list()).toEqual([])
      await client.call('POST', '/api2/repos/', { form: { name: 'a' } })
      expect((await list()).map((r) => r.name)).toEqual(['a'])
      expect((await list())[0]!.mtime_relative).toContain('Just now')
      vi.setSystemTime(Date.now() + 61_000)
      expect((await list())[0]!.mtime_relative).toContain('1 minutes ago')
      const user = (await server.seaf.users.get('user@example.com'))!
      await server.seaf.users.save({ ...user, name: 'Renamed' })
      expect((await list())[0]!.owner_name).toBe('Renamed')
    } finally {
      vi.useRealTimers()
    }
  })
})
