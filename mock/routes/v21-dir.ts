/**
 * Folders over api/v2.1 (seahub/api2/endpoints/dir.py::DirView): list, mkdir/rename/revert, delete. The
 * same tree, commits and permissions as the api2 views; only the request checks and answers differ.
 */
import { ERRORS, fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { getCommit } from '../model/commits.ts'
import { isValidName, joinName, normalizePath, splitPath } from '../model/names.ts'
import type { RepoRecord } from '../model/repos.ts'
import { lookup } from '../model/repoTree.ts'
import { revertDirent } from '../model/revert.ts'
import type { Permission, Seafile } from '../model/seafile.ts'
import { makeDir, removePath, renamePath } from '../model/treeOps.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { direntJson, listingOrder, recursiveEntries } from '../views/dirJson.ts'
import { requirePermission } from './common.ts'
import type { RouteContext } from './types.ts'
import { dirInfo, dirname, dirPathForm, isHeadDir, operationOf, v21Repo } from './v21-common.ts'

/** `name` ∈ {'true','false'} or 400 `<name> invalid.` (DirView.get's boolean flags). */
function flag(c: MockContext, name: string): boolean {
  const value = queryParam(c, name) ?? 'false'
  if (value !== 'true' && value !== 'false') fail(seahubError(400, `${name} invalid.`))
  return value === 'true'
}

/** get_dir_file_info_list: one folder's dirs then files (each by lower-cased name), `parent_dir` = `/x/`. */
async function folderEntries(
  seaf: Seafile,
  ctx: { perm: Permission; starred: Set<string> },
  dirId: string,
  parentDir: string,
  t: string,
) {
  const dirents = listingOrder((await seaf.fs.getDir(dirId)) ?? []).filter(
    (d) => !t || (t === 'd') === isDirMode(d.mode),
  )
  const users = new Map()
  return Promise.all(
    dirents.map(async (d) => {
      const path = joinName(parentDir, d.name)
      const { starred: _s, ...entry } = await direntJson({ seaf, perm: ctx.perm, users }, d, path)
      const out: Record<string, unknown> = { ...entry, parent_dir: parentDir }
      out.starred = ctx.starred.has(normalizePath(path))
      return out
    }),
  )
}

export function v21DirRoutes({ routes, seaf }: RouteContext): void {
  routes.get(
    '/api/v2.1/repos/:repo_id/dir/',
    async (c) => {
      const recursive = queryParam(c, 'recursive') ?? '0'
      if (recursive !== '0' && recursive !== '1') fail(ERRORS.RECURSIVE_INVALID)
      const t = queryParam(c, 't') ?? ''
      if (t && t !== 'f' && t !== 'd') fail(ERRORS.T_INVALID)
      flag(c, 'with_thumbnail')
      if (!/^\s*[-+]?\d+\s*$/.test(queryParam(c, 'thumbnail_size') ?? '48'))
        fail(seahubError(400, 'thumbnail_size invalid.'))
      const withParents = flag(c, 'with_parents')
      const repo = await v21Repo(c)
      const parentDir = dirPathForm(queryParam(c, 'p') ?? '/')
      const head = await seaf.repos.head(repo)
      const dir = await lookup(seaf.fs, head.root_id, parentDir)
      if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${parentDir} not found.`))
      const perm = await requirePermission(c, repo)
      if (recursive === '1') {
        const entries = await recursiveEntries(
          { seaf, perm },
          dir.id,
          parentDir,
          t ? (t as 'f' | 'd') : undefined,
        )
        return drfResponse({ dirent_list: entries })
      }
      const starredPaths = await seaf.starred.pathsIn(c.get('user').email, repo.id)
      const ctx = { perm, starred: new Set([...starredPaths].map(normalizePath)) }
      // with_parents: the listings of `/`, `/a/`, `/a/b/` … down to `p`, dirs of all first, then files.
      const folders = withParents ? ancestors(parentDir) : [parentDir]
      const dirs: Record<string, unknown>[] = []
      const files: Record<string, unknown>[] = []
      for (const folder of folders) {
        const at = await lookup(seaf.fs, head.root_id, folder)
        if (!at) continue
        for (const entry of await folderEntries(seaf, ctx, at.id, folder, t))
          (entry.type === 'dir' ? dirs : files).push(entry)
      }
      return drfResponse({
        user_perm: perm,
        exist_invisible_folder: false,
        dir_id: dir.id,
        dirent_list: [...dirs, ...files],
      })
    },
    {
      selfChecked: ['p', 't', 'recursive', 'with_thumbnail', 'thumbnail_size', 'with_parents'],
    },
  )

  routes.post(
    '/api/v2.1/repos/:repo_id/dir/',
    async (c) => {
      const raw = queryParam(c, 'p')
      if (!raw?.startsWith('/')) fail(seahubError(400, 'p invalid.'))
      if (raw === '/') fail(seahubError(400, 'Can not operate root dir.'))
      const form = await readForm(c)
      const operation = operationOf(
        form,
        ['mkdir', 'rename', 'revert'],
        "operation can only be 'mkdir', 'rename' or 'revert'.",
      )
      const repo = await v21Repo(c)
      const path = normalizePath(raw)
      const user = c.get('user').email
      if (operation === 'mkdir') return mkdir(c, repo, path, user)
      if (operation === 'rename') {
        if (!(await isHeadDir(seaf, repo, path))) fail(seahubError(404, `Folder ${path} not found.`))
        await requirePermission(c, repo, 'rw')
        const newName = field(form, 'newname')
        if (!newName) fail(seahubError(400, 'newname invalid.'))
        if (!isValidName(newName)) fail(seahubError(400, 'name invalid.'))
        if (newName === splitPath(path).name) return drfResponse(await dirInfo(seaf, repo, path))
        const { name } = await renamePath(seaf, repo.id, user, path, newName)
        return drfResponse(await dirInfo(seaf, repo, joinName(dirname(path), name)))
      }
      const commitId = field(form, 'commit_id')
      if (!commitId) fail(seahubError(400, 'commit_id invalid.'))
      await requirePermission(c, repo, 'rw')
      const commit = await getCommit(seaf.meta, commitId)
      if (!commit || commit.repo_id !== repo.id) fail(ERRORS.INTERNAL_SERVER_ERROR)
      if (!(await revertDirent(seaf, repo, user, commit, path, 'dir'))) fail(ERRORS.INTERNAL_SERVER_ERROR)
      return drfResponse({ success: true })
    },
    { selfChecked: ['p', 'operation', 'newname', 'commit_id'] },
  )

  /** DirView.post mkdir: the parent must exist; a clash is renamed `x (1)`, said in `obj_name`. */
  async function mkdir(c: MockContext, repo: RepoRecord, path: string, user: string) {
    const parent = dirname(path)
    if (!(await isHeadDir(seaf, repo, parent))) fail(seahubError(404, `Folder ${parent} not found.`))
    await requirePermission(c, repo, 'rw')
    if (!isValidName(splitPath(path).name)) fail(seahubError(400, 'name invalid.'))
    const made = await makeDir(seaf, repo.id, user, path)
    return drfResponse(await dirInfo(seaf, repo, made.path))
  }

  routes.delete(
    '/api/v2.1/repos/:repo_id/dir/',
    async (c) => {
      const raw = queryParam(c, 'p')
      if (!raw) fail(seahubError(400, 'p invalid.'))
      if (raw === '/') fail(seahubError(400, 'Can not delete root path.'))
      const repo = await v21Repo(c)
      if (!(await isHeadDir(seaf, repo, raw)) || normalizePath(raw) === '/')
        fail(seahubError(404, `Folder ${raw} not found.`))
      await requirePermission(c, repo, 'rw')
      // DirView.delete answers `repo.head_cmmt_id` of the repo object read before the deletion.
      const before = repo.headCommitId
      await removePath(seaf, repo.id, c.get('user').email, raw)
      return drfResponse({ success: true, commit_id: before })
    },
    { selfChecked: ['p'] },
  )
}

/** `/`, `/a/`, `/a/b/` for `/a/b/` (DirView.get with_parents). */
function ancestors(dir: string): string[] {
  const out = ['/']
  let at = '/'
  for (const part of dir.split('/').filter(Boolean)) {
    at = `${at}${part}/`
    out.push(at)
  }
  return out
}
