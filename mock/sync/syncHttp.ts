/**
 * What every `/seafhttp` handler shares: the Go file server's response shapes, the repo-token check and the
 * permission check (fileserver/sync_api.go::validateToken, checkPermission).
 */
import type { Context } from 'hono'
import { fileserverError, renderError } from '../errors.ts'
import type { SyncBackend, TokenGrant } from './backend.ts'
import { IdListError, parseIdList } from './idLists.ts'

/** A valid token and what it grants. */
export type Granted = TokenGrant & { token: string }

export type Handler = (c: Context) => Promise<Response> | Response

/** The route pattern of a library: mux's `{repoid:[\da-z]{8}-…}`. */
export const REPO = '/repo/:repoId{[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}}'

/** The `:repoId` of a route under {@link REPO} (always matched there). */
export const repoIdOf = (c: Context): string => c.req.param('repoId')!

/** Go's `Write` on a success: net/http sniffs JSON and commits as plain text. */
export function text(status: number, body: string | Uint8Array): Response {
  return new Response(body as string | Uint8Array<ArrayBuffer>, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  })
}

/** Raw bytes with their length (blocks, fs-object packs). */
export function bytes(body: Uint8Array): Response {
  return new Response(body as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.byteLength) },
  })
}

/** fileserver.go::appHandler: `http.Error(w, msg, code)` — text/plain, nosniff, the message plus "\n". */
export const fsError = (status: number, message: string): Response =>
  renderError(fileserverError(status, message))

/** A JSON id array body, or the 400 with Go's decoder message. */
export async function readIdList(c: Context): Promise<string[] | Response> {
  try {
    return parseIdList(new Uint8Array(await c.req.arrayBuffer()))
  } catch (err) {
    if (err instanceof IdListError) return fsError(400, err.message)
    throw err
  }
}

/** utils.GetAuthorizationToken: the key of `Authorization: Token <key>`. */
function authorizationToken(header: string | undefined): string {
  const parts = (header ?? '').trim().split(/\s+/)
  return parts.length === 2 && parts[0]!.toLowerCase() === 'token' ? parts[1]! : ''
}

/** The token and permission checks over one backend. */
export function accessChecks(backend: SyncBackend) {
  /** sync_api.go::validateToken: `Seafile-Repo-Token`, else `Authorization: Token …`, for this library. */
  async function validateToken(c: Context): Promise<Granted | Response> {
    const token = c.req.header('Seafile-Repo-Token') || authorizationToken(c.req.header('Authorization'))
    if (!token) return fsError(400, 'token is null')
    const grant = await backend.tokenGrant(token)
    if (!grant || grant.repoId !== repoIdOf(c)) return fsError(403, `Failed to get email by token ${token}`)
    return { ...grant, token }
  }

  /** validateToken, then sync_api.go::checkPermission: no access, or read-only for an upload, is a bare 403. */
  async function authorize(c: Context, op: 'download' | 'upload'): Promise<Granted | Response> {
    const grant = await validateToken(c)
    if (grant instanceof Response) return grant
    const permission = await backend.permission(grant.repoId, grant.user)
    if (!permission || (permission === 'r' && op === 'upload')) return fsError(403, '')
    return grant
  }

  return { validateToken, authorize }
}

export type AccessChecks = ReturnType<typeof accessChecks>
