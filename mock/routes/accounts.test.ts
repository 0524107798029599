import { describe, expect, test } from 'vitest'
import { ERRORS } from '../errors.ts'
import { login, putFile, startServer } from '../testing/harness.ts'

describe('accounts', () => {
  test('an admin creates (201 + Location), reads, updates (200), lists and deletes an account', async () => {
    const server = await startServer()
    const admin = await login(server, 'admin@example.com', 'admin')
    const url = '/api2/accounts/new@example.com/'
    const created = await admin.call('PUT', url, { form: { password: 'pw', is_staff: 'false' } })
    expect([created.status, await created.text()]).toEqual([201, '"success"'])
    expect(created.headers.get('location')).toBe('http://localhost/api2/accounts/new%40example.com/')
    const info = await admin.json<{ email: string; is_staff: boolean; is_active: boolean; total: number }>(
      'GET',
      url,
    )
    expect(info).toMatchObject({ email: 'new@example.com', is_staff: false, is_active: true })
    const updated = await admin.call('PUT', url, { form: { name: 'New', storage: '1000', is_staff: 'true' } })
    expect([updated.status, await updated.text()]).toEqual([200, '"success"'])
    expect(await admin.json('GET', url)).toMatchObject({ name: 'New', total: 1000, is_staff: true })
    const list = (await admin.json('GET', '/api2/accounts/')) as { email: string }[]
    expect(list.map((a) => a.email)).toContain('new@example.com')
    expect(await (await admin.call('DELETE', url)).text()).toBe('"success"')
    expect((await admin.call('GET', url)).status).toBe(404)
    const gone = await server.request('/api2/auth-token/', {
      method: 'POST',
      body: new URLSearchParams({ username: 'new@example.com', password: 'pw' }),
    })
    expect(gone.status).toBe(400)
  })

  test('a non-admin gets DRF 403 on every admin account view', async () => {
    const server = await startServer()
    const user = await login(server)
    for (const [method, url] of [
      ['GET', '/api2/accounts/'],
      ['GET', '/api2/accounts/user2@example.com/'],
      ['PUT', '/api2/accounts/x@example.com/'],
      ['DELETE', '/api2/accounts/user2@example.com/'],
    ] as const) {
      const res = await user.call(method, url, method === 'PUT' ? { form: { password: 'p' } } : undefined)
      expect([res.status, await res.json()]).toEqual([403, ERRORS.PERMISSION_DENIED_DRF.body])
    }
  })

  test('account info reports usage from the libraries the user owns', async () => {
    const server = await startServer({ userQuota: 1_000_000 })
    const user = await login(server)
    const { repo_id } = await user.json<{ repo_id: string }>('POST', '/api2/repos/', { form: { name: 'r' } })
    await putFile(server, repo_id, '/a.txt', 'hello world\n')
    expect(await user.json('GET', '/api2/account/info/')).toMatchObject({
      email: 'user@example.com',
      usage: 12,
      total: 1_000_000,
    })
  })

  test('a deactivated user cannot log in and their token stops working', async () => {
    const server = await startServer()
    const admin = await login(server, 'admin@example.com', 'admin')
    const user = await login(server)
    await admin.call('PUT', '/api2/accounts/user@example.com/', { form: { is_active: 'false' } })
    const ping = await server.request('/api2/auth/ping/', {
      headers: { Authorization: `Token ${user.token}` },
    })
    expect([ping.status, await ping.json()]).toEqual([401, { detail: 'User inactive or deleted' }])
    const relogin = await server.request('/api2/auth-token/', {
      method: 'POST',
      body: new URLSearchParams({ username: 'user@example.com', password: 'user' }),
    })
    expect(await relogin.json()).toEqual({ non_field_errors: ['User account is disabled.'] })
  })
})
