/**
 * seahub/api2/authentication.py::TokenAuthentication as DRF applies it to an `IsAuthenticated` view:
 * no (or a non-`Token`) Authorization header → 403; a malformed one or an unknown key → 401.
 */
import { ERRORS, fail } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import type { Seafile } from '../model/seafile.ts'
import type { TokenRecord, UserRecord } from '../model/users.ts'

/** Sets the context's `user` and `token`, or throws the error DRF would answer. */
/** The request carries an `Authorization: Token …` header (TokenAuthentication would look at it). */
export const hasTokenHeader = (c: MockContext): boolean =>
  /^\s*token(\s|$)/i.test(c.req.header('authorization') ?? '')

export async function authenticate(c: MockContext): Promise<void> {
  const header = c.req.header('authorization') ?? ''
  const parts = header.split(/\s+/).filter(Boolean)
  // authenticate(): a missing header or another scheme returns None, and DRF's NotAuthenticated is a 403.
  if (parts.length === 0 || parts[0]!.toLowerCase() !== 'token') fail(ERRORS.NOT_AUTHENTICATED)
  if (parts.length === 1) fail(ERRORS.TOKEN_HEADER_EMPTY)
  if (parts.length > 2) fail(ERRORS.TOKEN_HEADER_SPACES)
  const seaf = c.get('seaf')
  const { token, user } = await knownToken(seaf, parts[1]!)
  // Copies: a handler may change what it got without changing what the next request sees.
  c.set('user', { ...user })
  c.set('token', token.device ? { ...token, device: { ...token.device } } : { ...token })
}

interface Known {
  version: number | undefined
  token: TokenRecord
  user: UserRecord
}

/** Per model: token key → what it resolved to, valid while the MetaStore's version is unchanged. */
const known = new WeakMap<Seafile, Map<string, Known>>()
const KNOWN_LIMIT = 1024

async function knownToken(seaf: Seafile, key: string): Promise<Known> {
  const version = seaf.meta.version
  let cache = known.get(seaf)
  if (!cache) {
    cache = new Map()
    known.set(seaf, cache)
  }
  const hit = cache.get(key)
  if (hit && version !== undefined && hit.version === version) return hit
  const token = await seaf.users.getToken(key)
  if (!token) fail(ERRORS.INVALID_TOKEN)
  if (token.wipedAt !== undefined) fail(ERRORS.DEVICE_WIPED)
  const user = await seaf.users.get(token.email)
  if (!user?.isActive) fail(ERRORS.USER_INACTIVE)
  const entry = { version, token, user }
  if (version !== undefined) {
    if (cache.size >= KNOWN_LIMIT) cache.clear()
    cache.set(key, entry)
  }
  return entry
}
