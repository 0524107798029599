import { describe, expect, test } from 'vitest'
import { ERRORS } from '../errors.ts'
import { conforms, login, startServer } from '../testing/harness.ts'

describe('ping and login', () => {
  test('answers "pong" to an anonymous ping, and foo: bar to HEAD', async () => {
    const server = await startServer()
    const res = await server.request('/api2/ping/')
    expect(await conforms(res, 'GET', '/api2/ping/')).toBe('"pong"')
    const head = await server.request('/api2/ping/', { method: 'HEAD' })
    expect(head.headers.get('foo')).toBe('bar')
  })

  test('issues one 40-hex token per user, from form, multipart and JSON bodies', async () => {
    const server = await startServer()
    const form = await server.request('/api2/auth-token/', {
      method: 'POST',
      body: new URLSearchParams({ username: 'user@example.com', password: 'user' }),
    })
    const { token } = (await form.json()) as { token: string }
    expect(token).toMatch(/^[0-9a-f]{40}$/)
    const multipart = new FormData()
    multipart.set('username', 'user@example.com')
    multipart.set('password', 'user')
    const again = await server.request('/api2/auth-token/', { method: 'POST', body: multipart })
    expect(await again.json()).toEqual({ token })
    const json = await server.request('/api2/auth-token/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'user@example.com', password: 'user' }),
    })
    expect(await json.json()).toEqual({ token })
  })

  test('gives a device its own token, and refuses a partial set of device fields', async () => {
    const server = await startServer()
    const device = {
      platform: 'linux',
      device_id: 'a'.repeat(40),
      device_name: 'terminal-x',
      client_version: '',
    }
    const res = await server.request('/api2/auth-token/', {
      method: 'POST',
      body: new URLSearchParams({ username: 'user@example.com', password: 'user', ...device }),
    })
    const v2 = ((await res.json()) as { token: string }).token
    const v1 = (await login(server)).token
    expect(v2).not.toBe(v1)
    const partial = await server.request('/api2/auth-token/', {
      method: 'POST',
      body: new URLSearchParams({ username: 'user@example.com', password: 'user', platform: 'linux' }),
    })
    expect(partial.status).toBe(400)
    expect(await partial.json()).toEqual({ non_field_errors: ['invalid params'] })
  })

  test('refuses wrong credentials and missing or blank fields with serializer errors', async () => {
    const server = await startServer()
    const post = (body: Record<string, string>) =>
      server.request('/api2/auth-token/', { method: 'POST', body: new URLSearchParams(body) })
    const wrong = await post({ username: 'user@example.com', password: 'nope' })
    expect(wrong.status).toBe(400)
    expect(await conforms(wrong, 'POST', '/api2/auth-token/')).toBe(
      '{"non_field_errors":["Unable to login with provided credentials."]}',
    )
    expect(await (await post({ password: 'x' })).json()).toEqual({ username: ['This field is required.'] })
    expect(await (await post({ username: '', password: 'x' })).json()).toEqual({
      username: ['This field may not be blank.'],
    })
  })

  test('auth ping: 403 without a token, 401 for a bad one or a malformed header, pong with a good one', async () => {
    const server = await startServer()
    const ping = (authorization?: string) =>
      server.request('/api2/auth/ping/', { headers: authorization ? { Authorization: authorization } : {} })
    const none = await ping()
    expect(none.status).toBe(403)
    expect(await none.json()).toEqual(ERRORS.NOT_AUTHENTICATED.body)
    expect(await (await ping('Token deadbeef')).json()).toEqual({ detail: 'Invalid token' })
    expect((await ping('Token deadbeef')).status).toBe(401)
    expect(await (await ping('Token')).json()).toEqual(ERRORS.TOKEN_HEADER_EMPTY.body)
    expect(await (await ping('Token a b')).json()).toEqual(ERRORS.TOKEN_HEADER_SPACES.body)
    const { token } = await login(server)
    const ok = await ping(`token ${token}`)
    expect(await conforms(ok, 'GET', '/api2/auth/ping/')).toBe('"pong"')
  })

  test('server info lists the version and features without auth', async () => {
    const server = await startServer({ version: '11.0.1' })
    const res = await server.request('/api2/server-info/')
    const body = JSON.parse(await conforms(res, 'GET', '/api2/server-info/'))
    expect(body).toMatchObject({ version: '11.0.1', encrypted_library_version: 2 })
    expect(body.features).toContain('seafile-basic')
  })

  test('a wrong method on a known path is DRF 405; an unknown URL is 404; a missing slash redirects', async () => {
    const server = await startServer()
    const patch = await server.request('/api2/ping/', { method: 'PATCH' })
    expect(patch.status).toBe(405)
    expect(await patch.text()).toBe('{"detail":"Method \\"PATCH\\" not allowed."}')
    expect((await server.request('/api2/nothing-here/')).status).toBe(404)
    const redirect = await server.request('/api2/ping')
    expect(redirect.status).toBe(301)
    expect(redirect.headers.get('location')).toBe('/api2/ping/')
    const fileserver = await server.request('/nothing')
    expect(fileserver.status).toBe(404)
    expect(await fileserver.text()).toBe('404 page not found\n')
  })
})
