/**
 * seahub/api2/authentication.py::TokenAuthentication as DRF applies it to an `IsAuthenticated` view:
 * no (or a non-`Token`) Authorization header → 403; a malformed one or an unknown key → 401.
 */
import type { MiddlewareHandler } from 'hono'
import { ERRORS, fail } from '../errors.ts'
import type { MockEnv } from '../http/env.ts'

export const tokenAuth = (): MiddlewareHandler<MockEnv> =>
  async function tokenAuth(c, next) {
    const header = c.req.header('authorization') ?? ''
    const parts = header.split(/\s+/).filter(Boolean)
    // authenticate(): a missing header or another scheme returns None, and DRF's NotAuthenticated is a 403.
    if (parts.length === 0 || parts[0]!.toLowerCase() !== 'token') fail(ERRORS.NOT_AUTHENTICATED)
    if (parts.length === 1) fail(ERRORS.TOKEN_HEADER_EMPTY)
    if (parts.length > 2) fail(ERRORS.TOKEN_HEADER_SPACES)
    const seaf = c.get('seaf')
    const token = await seaf.users.getToken(parts[1]!)
    if (!token) fail(ERRORS.INVALID_TOKEN)
    const user = await seaf.users.get(token.email)
    if (!user?.isActive) fail(ERRORS.USER_INACTIVE)
    c.set('user', user)
    c.set('token', token)
    await next()
  }
