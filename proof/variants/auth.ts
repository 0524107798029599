/** Authentication: ping, tokens, the login view, account info. */
import { pathOf, textOf, type Variant } from '../proxy.ts'
import { mapJson, ok } from './shared.ts'

export const authVariants: Variant[] = [
  {
    name: 'ping-wrong-status',
    breaks: 'GET /api2/ping/ answers 200 "pong"',
    grep: 'ping answers 200 "pong" without a token',
    onResponse: (req, res) => (pathOf(req) === '/api2/ping/' ? { ...res, status: 201 } : res),
  },
  {
    name: 'no-token-accepted',
    breaks: 'a request without a token is refused with 403 {"detail": ...}',
    grep: 'token checks GET /api2/(auth/ping|repos)/ without a token',
    onResponse: (req, res) =>
      !req.headers.has('authorization') && res.status === 403 && textOf(res.body).includes('credentials')
        ? ok(pathOf(req).endsWith('/ping/') ? 'pong' : [])
        : res,
  },
  {
    name: 'bad-token-403',
    breaks: 'an unknown token is refused with 401 {"detail": "Invalid token"}',
    grep: 'token checks GET /api2/repos/ with an unknown token|a token header without a key',
    onResponse: (_req, res) => (res.status === 401 ? { ...res, status: 403 } : res),
  },
  {
    name: 'auth-token-wrong-credentials-401',
    breaks: 'auth-token refuses wrong credentials with 400 {"non_field_errors": [...]}',
    grep: 'auth-token refuses wrong credentials',
    onResponse: (req, res) =>
      pathOf(req) === '/api2/auth-token/' && res.status === 400
        ? ok({ detail: 'Unable to login with provided credentials.' }, 401)
        : res,
  },
  {
    name: 'account-info-other-user',
    breaks: 'account info describes the user the token belongs to',
    grep: 'account info describes the logged-in user',
    onResponse: mapJson(
      (req) => req.method === 'GET' && pathOf(req) === '/api2/account/info/',
      (body) => (body && typeof body === 'object' ? { ...body, email: 'someone-else@example.com' } : body),
    ),
  },
]
