/**
 * v2.1 share links (seahub/api2/endpoints/share_links.py::ShareLinks, ShareLink; multi_share_links.py;
 * repo_share_links.py): the same FileShare rows as the api2 views (mock/routes/share-links.ts), so a link
 * made either way is listed both ways and `/api2/f/<token>/` serves its bytes.
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { normalizePath } from '../model/names.ts'
import type { RepoRecord } from '../model/repos.ts'
import { lookup } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import { fieldList, pyInt } from '../sharing/http.ts'
import { sharingOf } from '../sharing/index.ts'
import { linkTokenParam } from '../sharing/linkFiles.ts'
import { type DownloadLink, linkPassword, newToken } from '../sharing/links.ts'
import {
  canEditFile,
  permissionAllowed,
  readLinkCreate,
  readLinkExpiry,
  readLinkPermission,
} from '../sharing/v21LinkArgs.ts'
import { objName, shareLinkInfo, shareLinkListEntry, shareLinkUrl } from '../sharing/v21LinkJson.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import type { RouteContext } from './types.ts'
import { repoLinkRoutes } from './v21-repo-links.ts'

const DENIED = seahubError(403, 'Permission denied.')
const SUCCESS = { success: true }

/** normalize_dir_path / normalize_file_path. */
export const linkPath = (path: string, isDir: boolean): string => {
  const norm = normalizePath(path)
  return isDir && norm !== '/' ? `${norm}/` : norm
}

/** seahub/share/utils.py::is_repo_admin: the owner, or an admin share to the user or one of their groups. */
export async function isRepoAdmin(seaf: Seafile, user: string, repoId: string): Promise<boolean> {
  const repo = await seaf.repos.get(repoId)
  if (repo?.owner === user) return true
  return sharingOf(seaf).shares.isRepoAdmin(user, repoId)
}

/** The live dirent of a repo path (`/` is the root), or undefined. */
async function direntOf(seaf: Seafile, repo: RepoRecord, path: string) {
  return lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path)
}

/** Django's slice of a queryset by `page`/`per_page` (bad numbers fall back to 1 and 25). */
function pageOf<T>(c: MockContext, items: T[]): T[] {
  let page = pyInt(queryParam(c, 'page') ?? '1')
  let perPage = pyInt(queryParam(c, 'per_page') ?? '25')
  if (page === undefined || perPage === undefined) [page, perPage] = [1, 25]
  const offset = perPage * (page - 1)
  return offset < 0 ? [] : items.slice(offset, offset + Math.max(perPage, 0))
}

/**
 * The checks and the new link of ShareLinks.post and MultiShareLinks.post, in their order; `unique`
 * (ShareLinks) refuses a second link of the user for the same path.
 */
async function createLink(c: MockContext, unique: boolean): Promise<DownloadLink> {
  const seaf = c.get('seaf')
  const { links } = sharingOf(seaf)
  const form = await readForm(c)
  const { repoId, path, password, expireAt } = readLinkCreate(form)
  const permission = readLinkPermission(form)
  const repo = await seaf.repos.get(repoId)
  if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
  const dirent = path === '/' ? undefined : await direntOf(seaf, repo, path)
  if (path !== '/' && !dirent) fail(seahubError(404, `Dirent ${path} not found.`))
  if (repo.encryption) fail(DENIED)
  const user = c.get('user').email
  const folderPerm = await seaf.getPermission(user, repo)
  if (!folderPerm || !permissionAllowed(folderPerm, permission)) fail(DENIED)
  if (permission === 'view_download_upload' && folderPerm !== 'rw') fail(DENIED)
  const isDir = !dirent || isDirMode(dirent.mode)
  const editing = permission === 'edit_download' || permission === 'edit_only'
  if (!isDir && editing && !canEditFile(objName(path))) fail(DENIED)
  const stored = linkPath(path, isDir)
  if (unique) {
    const [existing] = await links.download.list(
      (l) => l.username === user && l.repoId === repo.id && l.path === stored,
    )
    if (existing) fail(seahubError(400, `Share link ${existing.token} already exists.`))
  }
  const link: DownloadLink = {
    token: newToken(),
    username: user,
    repoId: repo.id,
    path: stored,
    sType: isDir ? 'd' : 'f',
    ctime: Math.floor(Date.now() / 1000),
    viewCnt: 0,
    permission,
  }
  if (password) Object.assign(link, linkPassword(password))
  if (expireAt !== undefined) link.expireAt = expireAt
  await links.download.save(link)
  return link
}

const CREATE_FIELDS = ['repo_id', 'path', 'password', 'expire_days', 'expiration_time', 'permissions']

export function v21ShareLinkRoutes({ routes, seaf }: RouteContext): void {
  const { links } = sharingOf(seaf)
  const base = (c: MockContext) => seaf.linkBase(c.req.url)

  // ShareLinks.get: the user's links, optionally of one library (`repo_id`) and one path (`path`).
  routes.get(
    '/api/v2.1/share-links/',
    async (c) => {
      const user = c.get('user').email
      const repoId = queryParam(c, 'repo_id') ?? ''
      let path = queryParam(c, 'path') ?? ''
      let filter: (l: DownloadLink) => boolean = () => false
      if (!repoId && !path) filter = (l) => l.username === user
      else if (repoId) {
        const repo = await seaf.repos.get(repoId)
        if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
        if (path && path !== '/') {
          const dirent = await direntOf(seaf, repo, path)
          if (!dirent) fail(seahubError(404, `Dirent ${path} not found.`))
          path = linkPath(path, isDirMode(dirent.mode))
        }
        filter = (l) => l.username === user && l.repoId === repoId && (!path || l.path === path)
      }
      const out = []
      for (const link of pageOf(c, await links.download.list(filter))) {
        const repo = await seaf.repos.get(link.repoId)
        const perm = repo && (await seaf.getPermission(user, repo))
        out.push(await shareLinkListEntry(seaf, base(c), link, perm))
      }
      if (out.length === 1) return drfResponse(out)
      const byName = (a: { obj_name: string }, b: { obj_name: string }) =>
        a.obj_name < b.obj_name ? -1 : a.obj_name > b.obj_name ? 1 : 0
      const dirs = out.filter((l) => l.is_dir).sort(byName)
      const files = out.filter((l) => !l.is_dir).sort(byName)
      return drfResponse([...dirs, ...files])
    },
    { selfChecked: ['repo_id', 'path', 'page', 'per_page'] },
  )

  routes.post(
    '/api/v2.1/share-links/',
    async (c) => drfResponse(await shareLinkInfo(seaf, base(c), await createLink(c, true))),
    { selfChecked: CREATE_FIELDS },
  )

  // MultiShareLinks.post: the same checks, but a path may have several links.
  routes.post(
    '/api/v2.1/multi-share-links/',
    async (c) => drfResponse(await shareLinkInfo(seaf, base(c), await createLink(c, false))),
    { selfChecked: CREATE_FIELDS },
  )

  // ShareLinks.delete: JSON `tokens`; an unknown token counts as deleted, another user's fails.
  routes.delete(
    '/api/v2.1/share-links/',
    async (c) => {
      const tokens = fieldList(await readForm(c), 'tokens')
      if (tokens.length === 0) fail(seahubError(400, 'token invalid.'))
      const user = c.get('user').email
      const result = {
        failed: [] as { token: string; error_msg: string }[],
        success: [] as { token: string }[],
      }
      for (const token of tokens) {
        const link = await links.download.get(token)
        if (link && link.username !== user) {
          result.failed.push({ token, error_msg: 'Permission denied.' })
          continue
        }
        if (link) await links.download.delete(token)
        result.success.push({ token })
      }
      return drfResponse(result)
    },
    { selfChecked: ['tokens'] },
  )

  /** FileShare.objects.get(token=token), else 404 `token <t> not found.`. */
  async function linkOf(c: MockContext): Promise<DownloadLink> {
    const token = linkTokenParam(c)
    const link = await links.download.get(token)
    if (!link) fail(seahubError(404, `token ${token} not found.`))
    return link
  }

  // ShareLink.get checks no ownership: any user who knows the token sees the link (password included).
  routes.get('/api/v2.1/share-links/:token/', async (c) =>
    drfResponse(await shareLinkInfo(seaf, base(c), await linkOf(c))),
  )

  // ShareLink.put: the owner changes the permissions and/or the expiry.
  routes.put(
    '/api/v2.1/share-links/:token/',
    async (c) => {
      const link = await linkOf(c)
      const repo = await seaf.repos.get(link.repoId)
      if (!repo) fail(seahubError(404, `Library ${link.repoId} not found.`))
      // The view formats the repo id, not the path, into this message.
      if (link.path !== '/' && !(await direntOf(seaf, repo, link.path)))
        fail(seahubError(404, `Dirent ${link.repoId} not found.`))
      const user = c.get('user').email
      if (link.username !== user) fail(DENIED)
      const folderPerm = await seaf.getPermission(user, repo)
      if (!folderPerm) fail(DENIED)
      const form = await readForm(c)
      const updated = { ...link }
      if (field(form, 'permissions')) {
        const permission = readLinkPermission(form)
        if (!permissionAllowed(folderPerm, permission)) fail(DENIED)
        const editing = permission === 'edit_download' || permission === 'edit_only'
        if (link.sType === 'f' && editing && !canEditFile(objName(link.path))) fail(DENIED)
        updated.permission = permission
        await links.download.save(updated)
      }
      const expireAt = readLinkExpiry(form)
      if (expireAt !== undefined) {
        updated.expireAt = expireAt
        await links.download.save(updated)
      }
      return drfResponse(await shareLinkInfo(seaf, base(c), updated))
    },
    { selfChecked: ['permissions', 'expire_days', 'expiration_time'] },
  )

  // ShareLink.delete: an unknown token is already gone (200); another user's link is 403.
  routes.delete('/api/v2.1/share-links/:token/', async (c) => {
    const token = linkTokenParam(c)
    const link = await links.download.get(token)
    if (!link) return drfResponse(SUCCESS)
    if (link.username !== c.get('user').email) fail(DENIED)
    await links.download.delete(token)
    return drfResponse(SUCCESS)
  })

  // RepoShareLinks.get, RepoShareLink.delete.
  repoLinkRoutes(
    { routes, seaf },
    {
      segment: 'share-links',
      noun: 'Share link',
      table: links.download,
      url: (c, link) => shareLinkUrl(base(c), link),
    },
  )
}
