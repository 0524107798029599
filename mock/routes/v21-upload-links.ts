/**
 * v2.1 upload links (seahub/api2/endpoints/upload_links.py::UploadLinks, UploadLink, UploadLinkUpload;
 * repo_upload_links.py): the same UploadLinkShare rows as api2's `share_type=upload`
 * (mock/routes/share-links.ts). `upload-links/<token>/upload/` is the public side: anyone holding the token
 * gets a file-server upload URL for the link's folder.
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { queryParam, readForm } from '../http/form.ts'
import { pythonJson } from '../http/json.ts'
import { drfResponse } from '../http/responses.ts'
import { listDir } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import { sharingOf } from '../sharing/index.ts'
import { linkTokenParam } from '../sharing/linkFiles.ts'
import { linkPassword, newToken, type UploadLink } from '../sharing/links.ts'
import { readLinkCreate, readLinkExpiry } from '../sharing/v21LinkArgs.ts'
import { uploadLinkInfo, uploadLinkUrl } from '../sharing/v21LinkJson.ts'
import type { RouteContext } from './types.ts'
import { repoLinkRoutes } from './v21-repo-links.ts'
import { linkPath } from './v21-share-links.ts'

const DENIED = seahubError(403, 'Permission denied.')
const SUCCESS = { success: true }

/** Whether `path` is a folder of the library's head (seafile_api.get_dir_id_by_path). */
async function isFolder(seaf: Seafile, repoId: string, path: string): Promise<boolean> {
  const repo = await seaf.repos.get(repoId)
  return Boolean(repo && (await listDir(seaf.fs, (await seaf.repos.head(repo)).root_id, path)))
}

const byObjName = (a: { obj_name: string }, b: { obj_name: string }) =>
  a.obj_name < b.obj_name ? -1 : a.obj_name > b.obj_name ? 1 : 0

export function v21UploadLinkRoutes({ routes, seaf }: RouteContext): void {
  const { links } = sharingOf(seaf)
  const base = (c: MockContext) => seaf.linkBase(c.req.url)
  const info = (c: MockContext, link: UploadLink) => uploadLinkInfo(seaf, base(c), link)

  // UploadLinks.get: the user's upload links, optionally of one library and one folder.
  routes.get(
    '/api/v2.1/upload-links/',
    async (c) => {
      const user = c.get('user').email
      let mine = await links.upload.list((l) => l.username === user)
      const repoId = queryParam(c, 'repo_id')
      if (repoId) {
        if (!(await seaf.repos.get(repoId))) fail(seahubError(404, `Library ${repoId} not found.`))
        mine = mine.filter((l) => l.repoId === repoId)
        const path = queryParam(c, 'path')
        if (path) {
          if (!(await isFolder(seaf, repoId, path))) fail(seahubError(404, `folder ${path} not found.`))
          const wanted = path.endsWith('/') ? path : `${path}/`
          mine = mine.filter((l) => l.path === wanted)
        }
      }
      const out = []
      for (const link of mine) out.push(await info(c, link))
      return drfResponse(out.length === 1 ? out : out.sort(byObjName))
    },
    { selfChecked: ['repo_id', 'path'] },
  )

  // UploadLinks.post: an existing link of the user for the folder is answered again, unchanged.
  routes.post(
    '/api/v2.1/upload-links/',
    async (c) => {
      const form = await readForm(c)
      const { repoId, path, password, expireAt } = readLinkCreate(form)
      const repo = await seaf.repos.get(repoId)
      if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
      if (!(await isFolder(seaf, repoId, path))) fail(seahubError(404, `folder ${path} not found.`))
      const user = c.get('user').email
      if ((await seaf.getPermission(user, repo)) !== 'rw') fail(DENIED)
      const stored = linkPath(path, true)
      const [existing] = await links.upload.list(
        (l) => l.username === user && l.repoId === repoId && l.path === stored,
      )
      if (existing) return drfResponse(await info(c, existing))
      const link: UploadLink = {
        token: newToken(),
        username: user,
        repoId,
        path: stored,
        ctime: Math.floor(Date.now() / 1000),
        viewCnt: 0,
      }
      if (password) Object.assign(link, linkPassword(password))
      if (expireAt !== undefined) link.expireAt = expireAt
      await links.upload.save(link)
      return drfResponse(await info(c, link))
    },
    { selfChecked: ['repo_id', 'path', 'password', 'expire_days', 'expiration_time'] },
  )

  async function linkOf(c: MockContext): Promise<UploadLink> {
    const token = linkTokenParam(c)
    const link = await links.upload.get(token)
    if (!link) fail(seahubError(404, `token ${token} not found.`))
    return link
  }

  routes.get('/api/v2.1/upload-links/:token/', async (c) => drfResponse(await info(c, await linkOf(c))))

  // UploadLink.put changes the expiry only; the real view checks no ownership here (only on delete).
  routes.put(
    '/api/v2.1/upload-links/:token/',
    async (c) => {
      const link = await linkOf(c)
      const expireAt = readLinkExpiry(await readForm(c))
      const updated = expireAt === undefined ? link : { ...link, expireAt }
      if (updated !== link) await links.upload.save(updated)
      return drfResponse(await info(c, updated))
    },
    { selfChecked: ['expire_days', 'expiration_time'] },
  )

  routes.delete('/api/v2.1/upload-links/:token/', async (c) => {
    const token = linkTokenParam(c)
    const link = await links.upload.get(token)
    if (!link) return drfResponse(SUCCESS)
    if (link.username !== c.get('user').email) fail(DENIED)
    await links.upload.delete(token)
    return drfResponse(SUCCESS)
  })

  // UploadLinkUpload.get (anonymous): a reusable `upload-link` token for the link's folder.
  routes.get(
    '/api/v2.1/upload-links/:token/upload/',
    async (c) => {
      const link = await linkOf(c)
      // check_share_link_common: a password is only taken by POST (and a session), so a GET is refused
      // with an empty message.
      if (link.password) fail(seahubError(403, ''))
      const repo = await seaf.repos.get(link.repoId)
      if (!repo) fail(seahubError(404, `Library ${link.repoId} not found.`))
      if (!(await isFolder(seaf, repo.id, link.path)))
        fail(seahubError(404, `Folder ${link.path} not found.`))
      if (repo.encryption || (await seaf.getPermission(link.username, repo)) !== 'rw') fail(DENIED)
      const { token } = seaf.accessTokens.create({
        repoId: repo.id,
        op: 'upload-link',
        objId: pythonJson({ parent_dir: link.path }),
        user: link.username,
        oneTime: false,
      })
      return drfResponse({ upload_link: `${seaf.fileServerRoot(c.req.url)}/upload-api/${token}` })
    },
    { auth: false },
  )

  // RepoUploadLinks.get, RepoUploadLink.delete.
  repoLinkRoutes(
    { routes, seaf },
    {
      segment: 'upload-links',
      noun: 'Upload link',
      table: links.upload,
      url: (c, link) => uploadLinkUrl(base(c), link),
    },
  )
}
