/**
 * Auth workflow: ping, tokens, token checks on authenticated operations, server and account info.
 * Statuses and bodies as seahub sends them (seafile-server-semantics.md §1): a missing token is a DRF
 * NotAuthenticated coerced to 403, an unknown token seahub's own AuthenticationFailed 401.
 */
import { randomUUID } from 'node:crypto'
import { loginEmailOf } from '../client/workflows.ts'
import { core, expect, strict, test } from '../fixtures.ts'

test.describe('auth', () => {
  test('ping answers 200 "pong" without a token', core, async ({ anon }) => {
    await expect(await anon.ping()).toBeJsonString(200, 'pong')
  })

  test('auth-token issues a 40-hex token, the same one on every login', core, async ({ anon, target }) => {
    test.skip(!target.user || target.password === undefined, 'needs --user and --password (not just --token)')
    const first = await anon.requestToken(target.user!, target.password!)
    expect(first.status()).toBe(200)
    const { token } = (await first.json()) as { token: string }
    // models.py::Token.generate_key: hmac(uuid4, sha1).hexdigest(); a v1 token is one per user.
    expect(token).toMatch(/^[0-9a-f]{40}$/)
    const again = (await (await anon.requestToken(target.user!, target.password!)).json()) as {
      token: string
    }
    expect(again.token).toBe(token)
  })

  test('auth-token refuses wrong credentials with 400 non_field_errors', core, async ({ anon, target }) => {
    const res = await anon.requestToken(target.user ?? 'nobody@example.com', 'definitely-not-the-password')
    expect(res.status()).toBe(400)
    // serializers.py::AuthTokenSerializer.validate (tests/api/test_obtain_auth_token.py::test_invalid_password)
    expect(await res.json()).toEqual({ non_field_errors: ['Unable to login with provided credentials.'] })
  })

  test('auth-token refuses a blank username with 400 naming the field', core, async ({ anon }) => {
    const res = await anon.requestToken('', 'whatever')
    expect(res.status()).toBe(400)
    const body = (await res.json()) as Record<string, unknown>
    expect(body.username).toEqual([expect.any(String)])
  })

  test('auth/ping answers 200 "pong" with a valid token', core, async ({ api }) => {
    await expect(await api.authPing()).toBeJsonString(200, 'pong')
  })

  test('server-info answers version and features without a token', core, async ({ anon }) => {
    const info = await anon.serverInfo()
    expect(info.version).toEqual(expect.any(String))
    expect(info.features).toEqual(expect.arrayContaining([expect.stringMatching(/^seafile-(basic|pro)$/)]))
  })

  test('account info describes the user the token belongs to', core, async ({ api, target }) => {
    test.skip(!target.user, 'needs --user to know whose token it is')
    const info = await api.accountInfo()
    // seahub ≥ 11: `email` may be the virtual user name and the login the contact e-mail (loginEmailOf).
    expect(loginEmailOf(info).toLowerCase()).toBe(target.user!.toLowerCase())
  })

  test('a token header without a key is refused with 401 detail', core, async ({ anon }) => {
    const res = await anon.request('GET', '/api2/auth/ping/', { headers: { Authorization: 'Token' } })
    // authentication.py::TokenAuthentication.authenticate
    await expect(res).toBeDrfError(401, 'Invalid token header. No credentials provided.')
  })

  test('a token header with spaces is refused with 401 detail', core, async ({ anon }) => {
    const res = await anon.request('GET', '/api2/auth/ping/', { headers: { Authorization: 'Token a b' } })
    await expect(res).toBeDrfError(401, 'Invalid token header. Token string should not contain spaces.')
  })
})

/** Authenticated operations of the first workflows, each refused without and with a bad token. */
const PROTECTED: {
  method: 'GET' | 'POST' | 'DELETE'
  path: (repo: string) => string
  form?: Record<string, string>
}[] = [
  { method: 'GET', path: () => '/api2/auth/ping/' },
  { method: 'GET', path: () => '/api2/account/info/' },
  { method: 'GET', path: () => '/api2/repos/' },
  { method: 'POST', path: () => '/api2/repos/', form: { name: 'never-created' } },
  { method: 'GET', path: (r) => `/api2/repos/${r}/` },
  { method: 'DELETE', path: (r) => `/api2/repos/${r}/` },
  { method: 'GET', path: (r) => `/api2/repos/${r}/history/` },
  { method: 'GET', path: (r) => `/api2/repos/${r}/dir/?p=/` },
  { method: 'POST', path: (r) => `/api2/repos/${r}/dir/?p=/x`, form: { operation: 'mkdir' } },
  { method: 'GET', path: (r) => `/api2/repos/${r}/upload-link/?p=/` },
  { method: 'POST', path: (r) => `/api2/repos/${r}/file/?p=/x.txt`, form: { operation: 'create' } },
  { method: 'GET', path: (r) => `/api2/repos/${r}/file/?p=/x.txt` },
]

const label = (op: (typeof PROTECTED)[number]) => `${op.method} ${op.path('{repo_id}')}`

// Authentication runs in APIView.initial, before the view looks at the library: any well-formed id will do.
const someRepo = randomUUID()

test.describe('token checks', () => {
  for (const op of PROTECTED) {
    test(`${label(op)} without a token answers 403 detail`, core, async ({ anon }) => {
      const res = await anon.request(op.method, op.path(someRepo), { form: op.form })
      await expect(res).toBeDrfError(403, 'Authentication credentials were not provided.')
    })

    test(`${label(op)} with an unknown token answers 401 "Invalid token"`, core, async ({ anon }) => {
      const res = await anon.request(op.method, op.path(someRepo), {
        form: op.form,
        headers: { Authorization: `Token ${'0'.repeat(40)}` },
      })
      await expect(res).toBeDrfError(401, 'Invalid token')
    })
  }
})

test.describe('wrong method', () => {
  test('PATCH on ping answers 405 with detail', core, async ({ anon }) => {
    const res = await anon.request('PATCH', '/api2/ping/', { spec: false })
    // DRF APIView.http_method_not_allowed → MethodNotAllowed
    await expect(res).toBeDrfError(405, 'Method "PATCH" not allowed.')
  })

  test('PATCH on the library list answers 405 with detail', core, async ({ api }) => {
    const res = await api.request('PATCH', '/api2/repos/', { spec: false })
    await expect(res).toBeDrfError(405, 'Method "PATCH" not allowed.')
  })

  test('a 405 names the allowed methods in Allow', strict, async ({ api }) => {
    const res = await api.request('PATCH', '/api2/repos/', { spec: false })
    expect(res.status()).toBe(405)
    // DRF's APIView.default_response_headers sends Allow on every response; the semantics reference does not
    // confirm it for seahub, so the check is strict.
    expect(res.headers()['allow']?.split(/,\s*/), 'the Allow header lists GET and POST').toEqual(
      expect.arrayContaining(['GET', 'POST']),
    )
  })
})
