/**
 * Library API tokens: the owner makes them (seahub/api2/endpoints/repo_api_tokens.py), and an app uses one
 * on `/api/v2.1/via-repo-token/*` (endpoints/via_repo_token.py) for that library only. This module has the
 * token management, the token's own authentication, `repo-info` and the upload and download links; the
 * folder and file views are in via-repo-token.ts.
 */
import { ERRORS, fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, pathParam, queryParam, readForm } from '../http/form.ts'
import { pythonJson } from '../http/json.ts'
import { drfResponse } from '../http/responses.ts'
import { normalizePath } from '../model/names.ts'
import { type RepoApiPermission, type RepoApiTokenRecord, repoApiTokensOf } from '../model/repoApiTokens.ts'
import type { RepoRecord } from '../model/repos.ts'
import { lookup } from '../model/repoTree.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { ownerQuota } from '../upload/fileserverHttp.ts'
import { isoTime, pyQuote } from '../views/format.ts'
import { repoIdParam } from './common.ts'
import type { RouteContext } from './types.ts'

const isRepoApiPermission = (p: string | undefined): p is RepoApiPermission => p === 'r' || p === 'rw'

/** _get_repo_token_info. */
const tokenJson = (t: RepoApiTokenRecord) => ({
  repo_id: t.repoId,
  app_name: t.appName,
  generated_by: t.generatedBy,
  permission: t.permission,
  api_token: t.token,
})

/**
 * RepoAPITokenAuthentication: `Token <key>` (or `Bearer`) of a library API token, else 401 `Token inactive
 * or deleted`. Without the header the real views fail on the missing token object (a 500); the mock
 * answers DRF's 403 `Authentication credentials were not provided.` instead.
 */
export async function repoTokenAuth(c: MockContext): Promise<RepoApiTokenRecord> {
  const parts = (c.req.header('authorization') ?? '').split(/\s+/).filter(Boolean)
  const scheme = parts[0]?.toLowerCase()
  if (scheme !== 'token' && scheme !== 'bearer') fail(ERRORS.NOT_AUTHENTICATED)
  if (parts.length === 1) fail(ERRORS.TOKEN_HEADER_EMPTY)
  if (parts.length > 2) fail(ERRORS.TOKEN_HEADER_SPACES)
  const token = await repoApiTokensOf(c.get('seaf')).get(parts[1]!)
  if (!token) fail(ERRORS.REPO_TOKEN_INACTIVE)
  return token
}

/** The token's library, or 404 `Library <id> not found.` (deleted since). */
export async function tokenRepo(c: MockContext, token: RepoApiTokenRecord): Promise<RepoRecord> {
  const repo = await c.get('seaf').repos.get(token.repoId)
  if (!repo) fail(seahubError(404, `Library ${token.repoId} not found.`))
  return repo
}

/** seahub.utils.normalize_file_path: `/a/b` (stripped of slashes at both ends). */
export const normalizeFilePath = (p: string): string => normalizePath(p)
/** seahub.utils.normalize_dir_path: `/a/b/` (the root stays `/`). */
export const normalizeDirPath = (p: string): string => {
  const n = normalizePath(p)
  return n === '/' ? '/' : `${n}/`
}

export function repoApiTokenRoutes({ routes, seaf }: RouteContext): void {
  const tokens = repoApiTokensOf(seaf)

  /** The library of the URL, owned by the caller (permission_check_admin_owner: no group-owned ones). */
  async function ownedRepo(c: MockContext): Promise<RepoRecord> {
    const id = repoIdParam(c)
    const repo = await seaf.repos.get(id)
    if (!repo) fail(seahubError(404, `Library ${id} not found.`))
    if (repo.owner !== c.get('user').email) fail(ERRORS.PERMISSION_DENIED)
    return repo
  }

  const base = '/api/v2.1/repos/:repo_id/repo-api-tokens'
  routes.get(`${base}/`, async (c) => {
    const repo = await ownedRepo(c)
    return drfResponse({ repo_api_tokens: (await tokens.ofRepo(repo.id)).map(tokenJson) })
  })

  routes.post(
    `${base}/`,
    async (c) => {
      const form = await readForm(c)
      const appName = field(form, 'app_name')
      if (!appName) fail(seahubError(400, 'app_name invalid.'))
      const permission = field(form, 'permission') || 'rw'
      if (!isRepoApiPermission(permission)) fail(seahubError(400, 'permission invalid.'))
      const repo = await ownedRepo(c)
      if (await tokens.byApp(repo.id, appName))
        fail(seahubError(400, `app: ${appName} token already exists.`))
      const made = await tokens.create({
        repoId: repo.id,
        appName,
        generatedBy: c.get('user').email,
        permission,
      })
      return drfResponse(tokenJson(made))
    },
    { selfChecked: ['app_name', 'permission'] },
  )

  routes.put(
    `${base}/:app_name/`,
    async (c) => {
      const permission = field(await readForm(c), 'permission')
      if (!isRepoApiPermission(permission)) fail(seahubError(400, 'permission invalid.'))
      const repo = await ownedRepo(c)
      const found = await tokens.byApp(repo.id, pathParam(c, 'app_name'))
      if (!found) fail(seahubError(404, 'api token not found'))
      const updated = { ...found, permission }
      await tokens.save(updated)
      return drfResponse(tokenJson(updated))
    },
    { selfChecked: ['permission'] },
  )

  routes.delete(`${base}/:app_name/`, async (c) => {
    const repo = await ownedRepo(c)
    const found = await tokens.byApp(repo.id, pathParam(c, 'app_name'))
    if (!found) fail(seahubError(404, 'api token not found'))
    await tokens.delete(found.token)
    return drfResponse({ success: true })
  })

  const via = '/api/v2.1/via-repo-token'
  // RepoInfoView.get.
  routes.get(
    `${via}/repo-info/`,
    async (c) => {
      const repo = await tokenRepo(c, await repoTokenAuth(c))
      const head = await seaf.repos.head(repo)
      const { size, files } = await seaf.fs.stats(head.root_id)
      return drfResponse({
        repo_id: repo.id,
        repo_name: repo.name,
        size,
        file_count: files,
        last_modified: isoTime(head.ctime),
      })
    },
    { auth: false },
  )

  // ViaRepoUploadLinkView.get: a reusable upload token for `path` (default `/`), `rw` tokens only.
  routes.get(
    `${via}/upload-link/`,
    async (c) => {
      const token = await repoTokenAuth(c)
      const repo = await tokenRepo(c, token)
      const parentDir = queryParam(c, 'path') ?? '/'
      const dir = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, parentDir)
      if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${parentDir} not found.`))
      if (token.permission !== 'rw')
        fail(seahubError(403, 'You do not have permission to access this folder.'))
      const quota = await ownerQuota(seaf, repo.id)
      if (quota && quota.usage > quota.quota) fail(seahubError(443, 'Out of quota.'))
      const from = queryParam(c, 'from') ?? 'api'
      if (from !== 'api' && from !== 'web') fail(seahubError(400, 'from invalid.'))
      const access = seaf.accessTokens.create({
        repoId: repo.id,
        op: 'upload',
        objId: pythonJson({ parent_dir: parentDir }),
        user: token.appName,
        oneTime: false,
      })
      const replace = ['1', 'true', 't'].includes((queryParam(c, 'replace') ?? '0').toLowerCase())
      const op = from === 'web' ? 'upload-aj' : 'upload-api'
      const url = `${seaf.fileServerRoot(c.req.url)}/${op}/${access.token}`
      return drfResponse(from === 'api' && replace ? `${url}?replace=1` : url)
    },
    { auth: false, selfChecked: ['path', 'from', 'replace'] },
  )

  // ViaRepoDownloadLinkView.get: a one-time download URL (FILESERVER_TOKEN_ONCE_ONLY) for the file at `path`.
  routes.get(
    `${via}/download-link/`,
    async (c) => {
      const token = await repoTokenAuth(c)
      const raw = queryParam(c, 'path')
      if (!raw) fail(seahubError(400, 'path invalid.'))
      const path = normalizeFilePath(raw)
      const repo = await seaf.repos.get(token.repoId)
      const file = repo && (await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path))
      if (!repo || !file || isDirMode(file.mode)) fail(seahubError(404, 'File not found'))
      const access = seaf.accessTokens.create({
        repoId: repo.id,
        op: 'download',
        objId: file.id,
        user: token.appName,
        oneTime: true,
      })
      return drfResponse(`${seaf.fileServerRoot(c.req.url)}/files/${access.token}/${pyQuote(file.name)}`)
    },
    { auth: false, selfChecked: ['path'] },
  )
}
