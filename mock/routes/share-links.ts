/**
 * Share links (seahub/api2/views.py): create one (FileSharedLinkView.put), list and delete the user's
 * (SharedLinksView), and what anyone holding a token may do: a file's download URL and details
 * (SharedFileView, SharedFileDetailView) and a shared folder's entries (SharedDirView).
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { pyJsonResponse } from '../http/responses.ts'
import { normalizePath } from '../model/names.ts'
import { listDir, lookup } from '../model/repoTree.ts'
import { pyInt } from '../sharing/http.ts'
import { sharingOf } from '../sharing/index.ts'
import { linkedFile, linkFileDetail, linkFileResponse, linkTokenParam } from '../sharing/linkFiles.ts'
import { checkPassword, type DownloadLink, isExpired, linkPassword, newToken } from '../sharing/links.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { listingOrder } from '../views/dirJson.ts'
import { repoIdParam } from './common.ts'
import type { RouteContext } from './types.ts'

/** config.SHARE_LINK_PASSWORD_MIN_LENGTH (default 8). */
const PASSWORD_MIN_LENGTH = 8
const DAY_MS = 86_400_000

/** normalize_dir_path: `/a/b/`, `/` for the root. */
const dirPath = (path: string) => {
  const norm = normalizePath(path)
  return norm === '/' ? '/' : `${norm}/`
}

/** fileshare.is_encrypted(): a password-protected link needs `?password=` (403 otherwise). */
function checkLinkPassword(c: MockContext, stored: string | undefined): void {
  if (stored === undefined) return
  const password = queryParam(c, 'password') ?? ''
  if (!password) fail(seahubError(403, 'Password is required.'))
  if (!checkPassword(password, stored)) fail(seahubError(403, 'Invalid Password'))
}

export function shareLinkRoutes({ routes, seaf }: RouteContext): void {
  const { links } = sharingOf(seaf)

  routes.put(
    '/api2/repos/:repo_id/file/shared-link/',
    async (c) => {
      const repo = await seaf.repos.get(repoIdParam(c))
      if (!repo) fail(seahubError(404, 'Library does not exist'))
      if (repo.encryption) fail(seahubError(403, 'Permission denied.'))
      const form = await readForm(c)
      const path = field(form, 'p')
      if (!path) fail(seahubError(400, 'Path is missing'))
      const user = c.get('user').email
      const password = field(form, 'password') || undefined
      if (password && password.length < PASSWORD_MIN_LENGTH) fail(seahubError(400, 'Password is too short'))
      const shareType = (field(form, 'share_type') ?? 'download').toLowerCase()
      const perm = await seaf.getPermission(user, repo)
      const root = (await seaf.repos.head(repo)).root_id
      const base = seaf.linkBase(c.req.url)
      const created = (location: string) =>
        new Response(null, {
          status: 201,
          headers: { Location: location, 'Content-Type': 'application/json' },
        })

      if (shareType === 'download') {
        if (!perm) fail(seahubError(403, 'Permission denied'))
        const days = pyInt(field(form, 'expire') ?? '0')
        if (days === undefined) fail(seahubError(400, 'expire invalid.'))
        const dirent = path === '/' ? undefined : await lookup(seaf.fs, root, path)
        if (path !== '/' && !dirent) fail(seahubError(400, 'Invalid path'))
        const sType = !dirent || isDirMode(dirent.mode) ? 'd' : 'f'
        const stored = sType === 'd' ? dirPath(path) : normalizePath(path)
        // An existing link of the user for the path is handed out again (its password and expiry kept).
        let link = (
          await links.download.list((l) => l.username === user && l.repoId === repo.id && l.path === stored)
        )[0]
        if (!link) {
          link = {
            token: newToken(),
            username: user,
            repoId: repo.id,
            path: stored,
            sType,
            ctime: Math.floor(Date.now() / 1000),
            viewCnt: 0,
          }
          if (password) Object.assign(link, linkPassword(password))
          if (days > 0) link.expireAt = Date.now() + days * DAY_MS
          await links.download.save(link)
        }
        return created(`${base}/${link.sType}/${link.token}/`)
      }
      if (shareType === 'upload') {
        if (!(await listDir(seaf.fs, root, path))) fail(seahubError(400, 'Invalid path'))
        if (perm !== 'rw') fail(seahubError(403, 'Permission denied'))
        const stored = dirPath(path)
        let link = (
          await links.upload.list((l) => l.username === user && l.repoId === repo.id && l.path === stored)
        )[0]
        if (!link) {
          link = {
            token: newToken(),
            username: user,
            repoId: repo.id,
            path: stored,
            ctime: Math.floor(Date.now() / 1000),
            viewCnt: 0,
          }
          if (password) Object.assign(link, linkPassword(password))
          await links.upload.save(link)
        }
        return created(`${base}/u/d/${link.token}/`)
      }
      fail(seahubError(400, 'Operation can only be download or upload.'))
    },
    { selfChecked: ['p', 'share_type', 'password', 'expire'] },
  )

  // SharedLinksView.get: the user's download links; links whose library or path is gone are deleted.
  routes.get('/api2/shared-links/', async (c) => {
    const user = c.get('user').email
    const fileshares = []
    for (const link of await links.download.list((l) => l.username === user)) {
      const repo = await seaf.repos.get(link.repoId)
      const dirent = repo && (await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, link.path))
      const kept = dirent && isDirMode(dirent.mode) === (link.sType === 'd')
      if (!kept) {
        await links.download.delete(link.token)
        continue
      }
      // FileShareEncoder: the datetime ctime is re-encoded as null.
      fileshares.push({
        username: link.username,
        repo_id: link.repoId,
        path: link.path,
        token: link.token,
        ctime: null,
        view_cnt: link.viewCnt,
        s_type: link.sType,
      })
    }
    return pyJsonResponse({ fileshares })
  })

  routes.delete(
    '/api2/shared-links/',
    async (c) => {
      const token = queryParam(c, 't')
      if (!token) fail(seahubError(400, 'Token is missing'))
      const user = c.get('user').email
      const download = await links.download.get(token)
      const upload = await links.upload.get(token)
      if (download?.username === user) await links.download.delete(token)
      else if (upload?.username === user) await links.upload.delete(token)
      else fail(seahubError(400, 'Invalid token'))
      return pyJsonResponse({})
    },
    { selfChecked: ['t'] },
  )

  /** FileShare.objects.get(token=token): any download link (a folder's fails later as "File not found"). */
  async function fileLink(c: MockContext): Promise<DownloadLink> {
    const link = await links.download.get(linkTokenParam(c))
    if (!link) fail(seahubError(404, 'Token not found'))
    return link
  }

  // SharedFileView.get checks neither the password nor the expiry; it counts a view.
  routes.get(
    '/api2/f/:token/',
    async (c) => {
      const link = await fileLink(c)
      const repo = await seaf.repos.get(link.repoId)
      if (!repo) fail(seahubError(404, 'Library not found'))
      const file = await linkedFile(c, repo, link.path)
      await links.download.save({ ...link, viewCnt: link.viewCnt + 1 })
      return linkFileResponse(c, repo, file, '')
    },
    { auth: false, selfChecked: ['op'] },
  )

  routes.get(
    '/api2/f/:token/detail/',
    async (c) => {
      const link = await fileLink(c)
      checkLinkPassword(c, link.password)
      const repo = await seaf.repos.get(link.repoId)
      if (!repo) fail(seahubError(404, 'Library not found'))
      const file = await linkedFile(c, repo, link.path)
      return pyJsonResponse(await linkFileDetail(c, repo, link.path, file))
    },
    { auth: false, selfChecked: ['password'] },
  )

  // SharedDirView.get: get_valid_dir_link_by_token refuses unknown, expired and file links alike.
  routes.get(
    '/api2/d/:token/dir/',
    async (c) => {
      const link = await links.download.get(linkTokenParam(c))
      if (link?.sType !== 'd' || isExpired(link)) fail(seahubError(400, 'Invalid token'))
      const repo = await seaf.repos.get(link.repoId)
      if (!repo) fail(seahubError(400, 'Invalid token'))
      checkLinkPassword(c, link.password)
      const sub = normalizePath(queryParam(c, 'p') ?? '/')
      const real = normalizePath(`${link.path}/${sub}`)
      const dirents = await listDir(seaf.fs, (await seaf.repos.head(repo)).root_id, real)
      if (!dirents) fail(seahubError(400, 'Invalid path'))
      const entries = listingOrder(dirents).map((d) =>
        isDirMode(d.mode)
          ? { type: 'dir', name: d.name, id: d.id, mtime: d.mtime }
          : { size: d.size ?? 0, type: 'file', name: d.name, id: d.id, mtime: d.mtime },
      )
      return pyJsonResponse(entries)
    },
    { auth: false, selfChecked: ['p', 'password'] },
  )
}
