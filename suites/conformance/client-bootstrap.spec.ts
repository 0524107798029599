/**
 * What the desktop client, SeaDrive and the mobile apps call around login: one-time web login tokens
 * (client-login), the local-browser SSO link and its polling, the user's devices (unlink, remote wipe and
 * the wiped device's confirmation) and sync tokens for several libraries (repo-tokens).
 */
import { randomBytes } from 'node:crypto'
import type { SeafileClient } from '../client/files.ts'
import { isHtml404 } from '../client/workflows.ts'
import { core, expect, test } from '../fixtures.ts'

const HEX40 = /^[0-9a-f]{40}$/

/** Logs in as the main user with the device fields of auth-token: a device (v2) token. */
async function deviceLogin(anon: SeafileClient, user: string | undefined, password: string | undefined) {
  test.skip(!user || password === undefined, 'needs --user/--password (a device login), not only --token')
  const device = { platform: 'linux', device_id: randomBytes(20).toString('hex'), device_name: 'sc-device' }
  const res = await anon.request('POST', '/api2/auth-token/', {
    form: {
      username: user!,
      password: password!,
      ...device,
      client_version: '9.0.0',
      platform_version: 'sc',
    },
  })
  expect(res.status()).toBe(200)
  return { ...device, key: ((await res.json()) as { token: string }).token }
}

test.describe('client bootstrap', () => {
  test('client-login: a 32-hex token logs the browser in once', core, async ({ api }) => {
    const res = await api.request('POST', '/api2/client-login/')
    expect(res.status()).toBe(200)
    const { token } = (await res.json()) as { token?: string }
    test.skip(token === undefined, 'the user has two-factor authentication on: client-login answers {}')
    expect(token).toMatch(/^[0-9a-f]{32}$/)
    // views/__init__.py::client_token_login: a fresh token logs in (a session cookie), then it is gone.
    const open = (t: string) =>
      api.request('GET', '/client-login/', {
        params: { token: t, next: '/sc-next/' },
        maxRedirects: 0,
        spec: false,
        anonymous: true,
      })
    const first = await open(token!)
    expect(first.status()).toBe(302)
    expect(first.headers().location).toMatch(/\/sc-next\/$/)
    expect(first.headers()['set-cookie'] ?? '').toMatch(/sessionid=/)
    const again = await open(token!)
    expect(again.status()).toBe(302)
    expect(again.headers()['set-cookie'] ?? '').not.toMatch(/sessionid=/)
  })

  test(
    'client-sso-link: a link, waiting, then the login the browser completed',
    core,
    async ({ anon, features, target }) => {
      const made = await anon.request('POST', '/api2/client-sso-link/')
      test.skip(isHtml404(made), 'CLIENT_SSO_VIA_LOCAL_BROWSER is off on this server (Django HTML 404)')
      expect(made.status()).toBe(200)
      const { link } = (await made.json()) as { link: string }
      const token = /\/client-sso\/([^/]+)\/$/.exec(link)?.[1]
      expect(token, link).toMatch(/^[0-9a-f]{60}$/)
      const poll = async () => {
        const res = await anon.request('GET', `/api2/client-sso-link/${token}/`)
        expect(res.status()).toBe(200)
        return (await res.json()) as { status: string; username?: string; apiToken?: string }
      }
      expect(await poll()).toEqual({ status: 'waiting' })
      // The browser half (an SSO login, then /client-sso/<token>/complete/) needs a person; the mock has an
      // endpoint standing in for it.
      test.skip(features.profile !== 'mock', 'completing an SSO login needs a browser login on this server')
      const me = await anon.request('POST', `/__mock__/client-sso/${token}`, {
        data: { username: target.user ?? 'user@example.com' },
        spec: false,
      })
      expect(me.status()).toBe(200)
      const done = await poll()
      expect(done).toMatchObject({ status: 'success', username: target.user ?? 'user@example.com' })
      expect(done.apiToken).toMatch(HEX40)
      const ping = await anon.request('GET', '/api2/auth/ping/', {
        headers: { Authorization: `Token ${done.apiToken}` },
      })
      await expect(ping).toBeJsonString(200, 'pong')
    },
  )

  test('client-sso-link: an unknown token is 404', core, async ({ anon }) => {
    const res = await anon.request('GET', `/api2/client-sso-link/${'0'.repeat(60)}/`)
    expect(res.status()).toBe(404)
    // With the feature on, DRF's answer to get_object_or_404; with it off, Django's HTML page.
    if (!isHtml404(res)) await expect(res).toBeDrfError(404, 'Not found.')
  })

  test(
    'devices: a device login is listed, wiped, refused, then confirms the wipe',
    core,
    async ({ api, anon, target }) => {
      const device = await deviceLogin(anon, target.user, target.password)
      const listed = async () => {
        const res = await api.request('GET', '/api2/devices/')
        expect(res.status()).toBe(200)
        return (await res.json()) as {
          key: string
          device_id: string
          platform: string
          is_desktop_client: boolean
        }[]
      }
      await test.step('the list shows the device', async () => {
        const mine = (await listed()).find((d) => d.device_id === device.device_id)
        expect(mine).toMatchObject({ platform: 'linux', is_desktop_client: true })
      })
      await test.step('device-wiped refuses a device that was not marked', async () => {
        const res = await anon.request('POST', '/api2/device-wiped/', { form: { token: device.key } })
        await expect(res).toBeSeahubError(400, 'invalid device token')
      })
      await test.step('unlink with wipe_device=true: the device token is refused with X-Seafile-Wiped', async () => {
        const res = await api.request('DELETE', '/api2/devices/', {
          form: { platform: device.platform, device_id: device.device_id, wipe_device: 'true' },
        })
        expect(res.status()).toBe(200)
        expect(await res.json()).toEqual({ success: true })
        const refused = await anon.request('GET', '/api2/auth/ping/', {
          headers: { Authorization: `Token ${device.key}` },
        })
        await expect(refused).toBeDrfError(401, 'Device set to be remote wiped')
        expect(refused.headers()['x-seafile-wiped']).toBe('true')
        expect((await listed()).some((d) => d.device_id === device.device_id)).toBe(false)
      })
      await test.step('the wiped device confirms; its token is gone', async () => {
        const res = await anon.request('POST', '/api2/device-wiped/', { form: { token: device.key } })
        expect(res.status()).toBe(200)
        expect(await res.json()).toEqual({})
        const again = await anon.request('POST', '/api2/device-wiped/', { form: { token: device.key } })
        await expect(again).toBeSeahubError(404, `token ${device.key} not found.`)
      })
    },
  )

  test('devices: unlinking without platform or device_id is 400', core, async ({ api }) => {
    await expect(await api.request('DELETE', '/api2/devices/', { form: { device_id: 'x' } })).toBeSeahubError(
      400,
      'platform invalid.',
    )
    await expect(
      await api.request('DELETE', '/api2/devices/', { form: { platform: 'linux' } }),
    ).toBeSeahubError(400, 'device_id invalid.')
  })

  test('devices: a plain unlink deletes the device token', core, async ({ api, anon, target }) => {
    const device = await deviceLogin(anon, target.user, target.password)
    const res = await api.request('DELETE', '/api2/devices/', {
      form: { platform: device.platform, device_id: device.device_id },
    })
    expect(res.status()).toBe(200)
    const gone = await anon.request('GET', '/api2/auth/ping/', {
      headers: { Authorization: `Token ${device.key}` },
    })
    await expect(gone).toBeDrfError(401, 'Invalid token')
  })

  test('device-wiped: a token that is not 40 characters is 400', core, async ({ anon }) => {
    await expect(
      await anon.request('POST', '/api2/device-wiped/', { form: { token: 'short' } }),
    ).toBeSeahubError(400, 'token invalid.')
  })

  test('repo-tokens: a sync token per readable library, others left out', core, async ({ api, repo }) => {
    const missing = '00000000-0000-4000-8000-000000000000'
    const res = await api.request('GET', '/api2/repo-tokens/', { params: { repos: `${repo.id},${missing}` } })
    expect(res.status()).toBe(200)
    const tokens = (await res.json()) as Record<string, string>
    expect(Object.keys(tokens)).toEqual([repo.id])
    expect(tokens[repo.id]).toMatch(HEX40)
  })

  test('repo-tokens: no ids or a malformed id is 400', core, async ({ api }) => {
    await expect(await api.request('GET', '/api2/repo-tokens/', { params: { repos: '' } })).toBeSeahubError(
      400,
      'You must specify libaries ids',
    )
    await expect(
      await api.request('GET', '/api2/repo-tokens/', { params: { repos: 'not-an-id' } }),
    ).toBeSeahubError(400, 'Libraries ids are invalid')
  })
})
