/** Directories (seahub/api2/views.py::DirView): list, mkdir, rename, delete. */
import { ERRORS, fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { pythonJson } from '../http/json.ts'
import { pyJsonBody, pyJsonResponse, success } from '../http/responses.ts'
import { isValidName, joinName, normalizePath, splitPath } from '../model/names.ts'
import type { RepoRecord } from '../model/repos.ts'
import { lookup } from '../model/repoTree.ts'
import { makeDir, removePath, renamePath } from '../model/treeOps.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import {
  direntJson,
  ListingBodies,
  listingBodiesOf,
  listingOrder,
  recursiveEntries,
} from '../views/dirJson.ts'
import { pyQuote } from '../views/format.ts'
import { loadRepo, requireDecrypted, requirePermission } from './common.ts'
import type { RouteContext } from './types.ts'

/** normalize_dir_path: `/x/` with both slashes (the form of "Folder /x/ not found."). */
const dirPathForm = (p: string) => {
  const n = normalizePath(p)
  return n === '/' ? '/' : `${n}/`
}

/** `p` of the dir POST/DELETE views: present and absolute, trailing slash stripped; `/` refused. */
function targetPath(c: MockContext, missing = ERRORS.PATH_MISSING): string {
  const p = queryParam(c, 'p')
  if (!p?.startsWith('/')) fail(missing)
  const path = normalizePath(p)
  if (path === '/') fail(ERRORS.PATH_INVALID)
  return path
}

export function dirRoutes({ routes, seaf }: RouteContext): void {
  const repoOr404 = (c: MockContext) =>
    loadRepo(c, seahubError(404, `Library ${c.req.param('repo_id')} not found.`))

  /** The listing as `DirView.get` answers it (also the `reloaddir=true` answer of mutations). */
  async function listing(c: MockContext, repo: RepoRecord, p: string): Promise<Response> {
    const perm = await requirePermission(c, repo)
    requireDecrypted(c, repo)
    const t = queryParam(c, 't')
    if (t !== undefined && t !== 'f' && t !== 'd') fail(ERRORS.T_INVALID)
    const recursive = queryParam(c, 'recursive') ?? '0'
    if (recursive !== '0' && recursive !== '1') fail(ERRORS.RECURSIVE_INVALID)
    const head = await seaf.repos.head(repo)
    const dir = await lookup(seaf.fs, head.root_id, p)
    if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${dirPathForm(p)} not found.`))
    const headers = { oid: dir.id, dir_perm: perm }
    if (queryParam(c, 'oid') === dir.id) return pyJsonResponse('uptodate', 200, headers)
    const ctx = { seaf, perm, starred: await seaf.starred.pathsIn(c.get('user').email, repo.id) }
    if (recursive === '1') {
      return pyJsonResponse(
        await recursiveEntries(ctx, dir.id, dirPathForm(p), t as 'f' | 'd' | undefined),
        200,
        headers,
      )
    }
    const dirPath = normalizePath(p)
    // Built once per folder and viewer state: a folder of 1,000 entries is 270 kB of JSON.
    const key = ListingBodies.key(dir.id, perm, t, dirPath, ctx.starred)
    const body = await listingBodiesOf(seaf).get(seaf, key, async (users) => {
      const dirents = listingOrder((await seaf.fs.getDir(dir.id)) ?? []).filter(
        (d) => !t || (t === 'd') === isDirMode(d.mode),
      )
      const entries = await Promise.all(
        dirents.map((d) => direntJson({ ...ctx, users }, d, joinName(dirPath, d.name))),
      )
      return pythonJson(entries)
    })
    return pyJsonBody(body, 200, headers)
  }

  routes.get(
    '/api2/repos/:repo_id/dir/',
    async (c) => listing(c, await repoOr404(c), queryParam(c, 'p') || '/'),
    { selfChecked: ['p', 't', 'recursive', 'oid'] },
  )

  routes.post(
    '/api2/repos/:repo_id/dir/',
    async (c) => {
      const repo = await loadRepo(c)
      const path = targetPath(c)
      const form = await readForm(c)
      const user = c.get('user').email
      const operation = (field(form, 'operation') ?? '').toLowerCase()
      const { parent, name } = splitPath(path)
      const reload = queryParam(c, 'reloaddir') === 'true'
      if (operation === 'mkdir') {
        await requirePermission(c, repo, 'rw')
        if (!isValidName(name)) fail(ERRORS.FOLDER_NAME_INVALID)
        const createParents = ['true', '1'].includes((field(form, 'create_parents') ?? '').toLowerCase())
        const head = await seaf.repos.head(repo)
        if (!createParents && !(await lookup(seaf.fs, head.root_id, parent)))
          fail(seahubError(404, `Folder ${parent} not found.`))
        const made = await makeDir(seaf, repo.id, user, path, { parents: createParents })
        if (reload) return listing(c, repo, parent)
        // DirView.post: Location is `…/dir/?p=<quote(parent + '/' + name)>`, so `//name` under the root.
        const location = `${seaf.linkBase(c.req.url)}/api2/repos/${repo.id}/dir/?p=${pyQuote(`${parent}/${splitPath(made.path).name}`)}`
        return success(201, { Location: location })
      }
      if (operation === 'rename') {
        await requirePermission(c, repo, 'rw')
        const head = await seaf.repos.head(repo)
        const dir = await lookup(seaf.fs, head.root_id, path)
        if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${path} not found.`))
        const newName = field(form, 'newname') ?? ''
        if (!newName) fail(seahubError(400, 'New name is mandatory.'))
        if (newName === name) return success()
        if (!isValidName(newName)) fail(ERRORS.FOLDER_NAME_INVALID)
        await renamePath(seaf, repo.id, user, path, newName)
        return reload ? listing(c, repo, parent) : success()
      }
      return fail(seahubError(400, 'Operation not supported.'))
    },
    { selfChecked: ['p', 'operation', 'newname', 'create_parents', 'reloaddir'] },
  )

  routes.delete(
    '/api2/repos/:repo_id/dir/',
    async (c) => {
      const repo = await loadRepo(c)
      const path = targetPath(c, ERRORS.P_INVALID)
      await requirePermission(c, repo, 'rw')
      const head = await seaf.repos.head(repo)
      const dir = await lookup(seaf.fs, head.root_id, path)
      if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${path} not found.`))
      await removePath(seaf, repo.id, c.get('user').email, path)
      return queryParam(c, 'reloaddir') === 'true' ? listing(c, repo, splitPath(path).parent) : success()
    },
    { selfChecked: ['p', 'reloaddir'] },
  )
}
