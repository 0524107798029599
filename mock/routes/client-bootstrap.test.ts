import { describe, expect, test } from 'vitest'
import { login, startServer, withRepo } from '../testing/harness.ts'

const DEVICE = {
  platform: 'linux',
  device_id: 'b'.repeat(40),
  device_name: 'laptop',
  client_version: '9.0.5',
  platform_version: 'debian',
}

async function deviceLogin(server: Awaited<ReturnType<typeof startServer>>, device = DEVICE) {
  const res = await server.request('/api2/auth-token/', {
    method: 'POST',
    body: new URLSearchParams({ username: 'user@example.com', password: 'user', ...device }),
  })
  return ((await res.json()) as { token: string }).token
}

describe('client bootstrap', () => {
  test('a client-login token opens one web session, once', async () => {
    const server = await startServer()
    const client = await login(server)
    const { token } = await client.json<{ token: string }>('POST', '/api2/client-login/')
    expect(token).toMatch(/^[0-9a-f]{32}$/)
    const first = await server.request(`/client-login/?token=${token}&next=/foo/`, { redirect: 'manual' })
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toBe('/foo/')
    expect(first.headers.get('set-cookie')).toMatch(/^sessionid=/)
    const again = await server.request(`/client-login/?token=${token}`, { redirect: 'manual' })
    expect(again.status).toBe(302)
    expect(again.headers.get('set-cookie')).toBeNull()
  })

  test('a user with two-factor authentication gets no client-login token', async () => {
    const server = await startServer()
    const client = await login(server)
    const user = (await server.seaf.users.get('user@example.com'))!
    await server.seaf.users.save({ ...user, totpSecret: 'JBSWY3DPEHPK3PXP' } as typeof user)
    expect(await client.json('POST', '/api2/client-login/')).toEqual({})
  })

  test('an SSO link waits until the mock approves it, then gives the API token', async () => {
    const server = await startServer()
    const made = await server.request('/api2/client-sso-link/', { method: 'POST' })
    const { link } = (await made.json()) as { link: string }
    const token = /\/client-sso\/([0-9a-f]{60})\/$/.exec(link)?.[1]
    expect(token).toBeDefined()
    const poll = () => server.request(`/api2/client-sso-link/${token}/`).then((r) => r.json())
    expect(await poll()).toEqual({ status: 'waiting' })
    const approve = await server.request(`/__mock__/client-sso/${token}`, {
      method: 'POST',
      body: JSON.stringify({ username: 'user@example.com', ...DEVICE }),
    })
    expect(approve.status).toBe(200)
    const done = (await poll()) as { status: string; username: string; apiToken: string }
    expect(done).toMatchObject({ status: 'success', username: 'user@example.com' })
    const ping = await server.request('/api2/auth/ping/', {
      headers: { Authorization: `Token ${done.apiToken}` },
    })
    expect(await ping.json()).toBe('pong')
    expect((await server.request('/api2/client-sso-link/nope/')).status).toBe(404)
  })

  test('devices: listed from device logins, unlinked, and wiped then confirmed', async () => {
    const server = await startServer()
    const key = await deviceLogin(server)
    const client = await login(server)
    const devices = await client.json<Record<string, unknown>[]>('GET', '/api2/devices/')
    expect(devices).toEqual([
      expect.objectContaining({ key, platform: 'linux', device_name: 'laptop', is_desktop_client: true }),
    ])
    const early = await server.request('/api2/device-wiped/', {
      method: 'POST',
      body: new URLSearchParams({ token: key }),
    })
    expect(await early.json()).toEqual({ error_msg: 'invalid device token' })
    await client.json('DELETE', '/api2/devices/', {
      form: { platform: 'linux', device_id: DEVICE.device_id, wipe_device: 'true' },
    })
    const wiped = await server.request('/api2/auth/ping/', { headers: { Authorization: `Token ${key}` } })
    expect(wiped.status).toBe(401)
    expect(wiped.headers.get('x-seafile-wiped')).toBe('true')
    expect(await client.json('GET', '/api2/devices/')).toEqual([])
    const confirmed = await server.request('/api2/device-wiped/', {
      method: 'POST',
      body: new URLSearchParams({ token: key }),
    })
    expect(await confirmed.json()).toEqual({})
    const gone = await server.request('/api2/device-wiped/', {
      method: 'POST',
      body: new URLSearchParams({ token: key }),
    })
    expect(gone.status).toBe(404)
    expect(await deviceLogin(server)).not.toBe(key)
  })

  test('repo-tokens gives a sync token per readable library and skips the others', async () => {
    const { client, repoId } = await withRepo()
    const missing = '00000000-0000-4000-8000-000000000000'
    const tokens = await client.json<Record<string, string>>(
      'GET',
      `/api2/repo-tokens/?repos=${repoId},${missing}`,
    )
    expect(Object.keys(tokens)).toEqual([repoId])
    expect(tokens[repoId]).toMatch(/^[0-9a-f]{40}$/)
    expect((await client.call('GET', '/api2/repo-tokens/')).status).toBe(400)
    expect((await client.call('GET', '/api2/repo-tokens/?repos=xyz')).status).toBe(400)
  })
})
