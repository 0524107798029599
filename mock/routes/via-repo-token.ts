/**
 * Folders and files of a library through its API token (seahub/api2/endpoints/via_repo_token.py:
 * ViaRepoDirView, ViaRepoTokenFile). The token's permission (`r`/`rw`) stands for a user's; commits are
 * made in the app's name. The path is always the `path` query parameter (never `p`).
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { getCommit } from '../model/commits.ts'
import { isValidName, joinName, seahubUniqueName, splitPath } from '../model/names.ts'
import { EMPTY_ID, FILE_MODE } from '../model/objectIds.ts'
import type { RepoApiTokenRecord } from '../model/repoApiTokens.ts'
import type { RepoRecord } from '../model/repos.ts'
import { listDir, lookup } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import { addDirent, makeDir, removePath, renamePath } from '../model/treeOps.ts'
import { type FsDirent, isDirMode } from '../sync/fsObjects.ts'
import { isoTime, userInfo } from '../views/format.ts'
import { normalizeDirPath, normalizeFilePath, repoTokenAuth, tokenRepo } from './repo-api-tokens.ts'
import type { RouteContext } from './types.ts'

const DENIED = seahubError(403, 'Permission denied.')
const PATH_INVALID = seahubError(400, 'path invalid.')
const NAME_INVALID = seahubError(400, 'name invalid.')

const TEXT = /\.(txt|md|markdown|json|xml|csv|log|conf|ini|ya?ml|py|js|ts|c|h|cpp|java|go|rs|sh|html?|css)$/i
const IMAGE = /\.(png|jpe?g|gif|bmp|webp|svg|ico|tiff?)$/i

/** can_preview_file / can_edit_file, by extension: text both, images preview only. */
const previewFlags = (name: string) => ({
  can_preview: TEXT.test(name) || IMAGE.test(name),
  can_edit: TEXT.test(name),
})

/** The library's current head (a RepoRecord read before a change still names the old one). */
async function head(seaf: Seafile, repo: RepoRecord) {
  return seaf.repos.head((await seaf.repos.get(repo.id)) ?? repo)
}

/** ViaRepoDirView.get_dir_info. */
async function dirInfo(seaf: Seafile, repo: RepoRecord, path: string) {
  const d = (await lookup(seaf.fs, (await head(seaf, repo)).root_id, path))!
  return {
    type: 'dir',
    repo_id: repo.id,
    parent_dir: splitPath(path).parent,
    obj_name: d.name,
    obj_id: d.id,
    mtime: isoTime(d.mtime),
  }
}

/** ViaRepoTokenFile.get_file_info. */
async function fileInfo(seaf: Seafile, repo: RepoRecord, path: string) {
  const d = (await lookup(seaf.fs, (await head(seaf, repo)).root_id, path))!
  return {
    type: 'file',
    repo_id: repo.id,
    parent_dir: splitPath(path).parent,
    obj_name: d.name,
    obj_id: d.id,
    size: d.size ?? 0,
    mtime: isoTime(d.mtime),
    ...previewFlags(d.name),
  }
}

/** get_dir_file_info_list's entries (the owner's starred items are not shown: `starred` is false). */
async function entryJson(seaf: Seafile, d: FsDirent, parentDir: string, perm: string, recursive: boolean) {
  const base = { type: isDirMode(d.mode) ? 'dir' : 'file', id: d.id, name: d.name, mtime: isoTime(d.mtime) }
  const where = recursive
    ? { parent_dir: parentDir }
    : { permission: perm, parent_dir: parentDir, starred: false }
  if (isDirMode(d.mode)) return { ...base, ...where }
  const modifier = await userInfo(seaf, d.modifier ?? '')
  return {
    ...base,
    ...where,
    size: d.size ?? 0,
    modifier_email: modifier.email,
    modifier_name: modifier.name,
    modifier_contact_email: modifier.contact_email,
  }
}

const byName = (a: FsDirent, b: FsDirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** The token's permission on the library (a read-only library would make it `r`; the mock has none). */
const permissionOf = (token: RepoApiTokenRecord) => token.permission

export function viaRepoTokenRoutes({ routes, seaf }: RouteContext): void {
  const dirPath = '/api/v2.1/via-repo-token/dir/'
  const filePath = '/api/v2.1/via-repo-token/file/'
  const requireRw = (token: RepoApiTokenRecord) => {
    if (permissionOf(token) !== 'rw') fail(DENIED)
  }

  routes.get(
    dirPath,
    async (c) => {
      const token = await repoTokenAuth(c)
      const recursive = queryParam(c, 'recursive') ?? '0'
      if (recursive !== '0' && recursive !== '1')
        fail(
          seahubError(
            400,
            "If you want to get recursive dir entries, you should set 'recursive' argument as '1'.",
          ),
        )
      const type = queryParam(c, 'type') ?? ''
      if (type && type !== 'f' && type !== 'd') fail(seahubError(400, "'type should be 'f' or 'd'."))
      for (const flag of ['with_thumbnail', 'with_parents'])
        if (!['true', 'false'].includes(queryParam(c, flag) ?? 'false'))
          fail(seahubError(400, `${flag} invalid.`))
      if (!/^-?\d+$/.test((queryParam(c, 'thumbnail_size') ?? '48').trim()))
        fail(seahubError(400, 'thumbnail_size invalid.'))
      const repo = await tokenRepo(c, token)
      const parentDir = normalizeDirPath(queryParam(c, 'path') ?? '/')
      const rootId = (await head(seaf, repo)).root_id
      const dir = await lookup(seaf.fs, rootId, parentDir)
      if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${parentDir} not found.`))
      const keep = (d: FsDirent) => !type || (type === 'd') === isDirMode(d.mode)
      const perm = permissionOf(token)
      if (recursive === '1') {
        // get_dir_file_recursively: depth first in stored order, nested parents without a trailing slash.
        const out: unknown[] = []
        const walk = async (path: string) => {
          for (const d of (await listDir(seaf.fs, rootId, path)) ?? []) {
            if (keep(d)) out.push(await entryJson(seaf, d, path, perm, true))
            if (isDirMode(d.mode)) await walk(joinName(path, d.name))
          }
        }
        await walk(parentDir)
        return drfResponse({ dirent_list: out })
      }
      const parents = queryParam(c, 'with_parents') === 'true' ? ancestors(parentDir) : [parentDir]
      const dirs: unknown[] = []
      const files: unknown[] = []
      for (const p of parents) {
        const dirents = ((await listDir(seaf.fs, rootId, p)) ?? []).filter(keep).sort(byName)
        for (const d of dirents)
          (isDirMode(d.mode) ? dirs : files).push(await entryJson(seaf, d, p, perm, false))
      }
      return drfResponse({
        user_perm: perm,
        dir_id: dir.id,
        repo_name: repo.name,
        dirent_list: [...dirs, ...files],
      })
    },
    {
      auth: false,
      selfChecked: ['path', 'recursive', 'type', 'with_thumbnail', 'thumbnail_size', 'with_parents'],
    },
  )

  routes.post(
    dirPath,
    async (c) => {
      const token = await repoTokenAuth(c)
      const raw = queryParam(c, 'path')
      if (!raw?.startsWith('/')) fail(PATH_INVALID)
      if (raw === '/') fail(seahubError(400, 'Can not operate root dir.'))
      const form = await readForm(c)
      const operation = field(form, 'operation')?.toLowerCase()
      if (!operation) fail(seahubError(400, 'operation invalid.'))
      if (!['mkdir', 'rename', 'revert'].includes(operation))
        fail(seahubError(400, "operation can only be 'mkdir', 'rename' or 'revert'."))
      const repo = await tokenRepo(c, token)
      const path = raw.replace(/\/+$/, '')
      const { parent, name } = splitPath(path)
      const rootId = (await head(seaf, repo)).root_id
      if (operation === 'mkdir') {
        if (!(await listDir(seaf.fs, rootId, parent))) fail(seahubError(404, `Folder ${parent} not found.`))
        requireRw(token)
        if (!isValidName(name)) fail(NAME_INVALID)
        const made = await makeDir(seaf, repo.id, token.appName, path)
        return drfResponse(await dirInfo(seaf, repo, made.path))
      }
      if (operation === 'revert') {
        // The folder's own permission if it exists, the root's otherwise: the token's either way.
        requireRw(token)
        return revert(seaf, repo, form, path, 'dir', token.appName)
      }
      const dir = await lookup(seaf.fs, rootId, path)
      if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${path} not found.`))
      requireRw(token)
      const newname = field(form, 'newname')
      if (!newname) fail(seahubError(400, 'newname invalid.'))
      if (!isValidName(newname)) fail(NAME_INVALID)
      if (newname === name) return drfResponse(await dirInfo(seaf, repo, path))
      const renamed = await renamePath(seaf, repo.id, token.appName, path, newname)
      return drfResponse(await dirInfo(seaf, repo, joinName(parent, renamed.name)))
    },
    { auth: false, selfChecked: ['path', 'operation', 'newname'] },
  )

  routes.delete(
    dirPath,
    async (c) => {
      const token = await repoTokenAuth(c)
      const raw = queryParam(c, 'path')
      if (!raw) fail(PATH_INVALID)
      if (raw === '/') fail(seahubError(400, 'Can not delete root path.'))
      const repo = await tokenRepo(c, token)
      const before = await head(seaf, repo)
      const dir = await lookup(seaf.fs, before.root_id, raw)
      if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${raw} not found.`))
      requireRw(token)
      await removePath(seaf, repo.id, token.appName, raw)
      // The view answers the head it read before deleting (repo.head_cmmt_id).
      return drfResponse({ success: true, commit_id: before.commit_id })
    },
    { auth: false, selfChecked: ['path'] },
  )

  routes.get(
    filePath,
    async (c) => {
      const token = await repoTokenAuth(c)
      const path = queryParam(c, 'path')
      if (!path) fail(PATH_INVALID)
      const repo = await tokenRepo(c, token)
      const file = await lookup(seaf.fs, (await head(seaf, repo)).root_id, path)
      if (!file || isDirMode(file.mode)) fail(seahubError(404, `File ${path} not found.`))
      return drfResponse(await fileInfo(seaf, repo, normalizeFilePath(path)))
    },
    { auth: false, selfChecked: ['path'] },
  )

  routes.post(filePath, async (c) => fileOperation(c), {
    auth: false,
    selfChecked: ['path', 'operation', 'newname'],
  })

  /** ViaRepoTokenFile.post: create or rename (rename checks no write permission on the real server). */
  async function fileOperation(c: MockContext): Promise<Response> {
    const token = await repoTokenAuth(c)
    const raw = queryParam(c, 'path')
    if (!raw) fail(PATH_INVALID)
    const path = normalizeFilePath(raw)
    const form = await readForm(c)
    const operation = field(form, 'operation')?.toLowerCase()
    if (!operation) fail(seahubError(400, 'operation invalid.'))
    if (!['rename', 'revert', 'create'].includes(operation))
      fail(seahubError(400, "operation can only be 'rename', 'revert', 'create'."))
    const repo = await tokenRepo(c, token)
    const { parent, name } = splitPath(path)
    const rootId = (await head(seaf, repo)).root_id
    if (operation === 'create') {
      if (!(await listDir(seaf.fs, rootId, parent))) fail(seahubError(404, `Folder ${parent} not found.`))
      requireRw(token)
      if (!isValidName(name)) fail(NAME_INVALID)
      const dirent: FsDirent = {
        id: EMPTY_ID,
        mode: FILE_MODE,
        mtime: Math.floor(Date.now() / 1000),
        name,
        modifier: token.appName,
        size: 0,
      }
      const added = await addDirent(seaf, repo.id, token.appName, parent, dirent)
      return drfResponse(await fileInfo(seaf, repo, joinName(parent, added.name)))
    }
    // ViaRepoTokenFile.post checks no write permission for revert (nor rename): a read token passes.
    if (operation === 'revert') return revert(seaf, repo, form, path, 'file', token.appName)
    const newname = field(form, 'newname')
    if (!newname) fail(seahubError(400, 'newname invalid.'))
    if (!isValidName(newname)) fail(NAME_INVALID)
    if (newname.length > 255) fail(seahubError(400, 'newname is too long.'))
    if (newname === name) fail(seahubError(400, 'The new name is the same to the old'))
    const file = await lookup(seaf.fs, rootId, path)
    if (!file || isDirMode(file.mode)) fail(seahubError(404, `File ${path} not found.`))
    const siblings = (await listDir(seaf.fs, rootId, parent)) ?? []
    const final = seahubUniqueName(newname, (n) => siblings.some((d) => d.name === n))
    await renamePath(seaf, repo.id, token.appName, path, final)
    return drfResponse(await fileInfo(seaf, repo, joinName(parent, final)))
  }

  routes.delete(
    filePath,
    async (c) => {
      const token = await repoTokenAuth(c)
      const raw = queryParam(c, 'path')
      if (!raw) fail(PATH_INVALID)
      const path = normalizeFilePath(raw)
      const repo = await tokenRepo(c, token)
      const before = await head(seaf, repo)
      const file = await lookup(seaf.fs, before.root_id, path)
      // A missing file is no error, and the answer then has no commit_id.
      if (!file || isDirMode(file.mode)) return drfResponse({ success: true })
      requireRw(token)
      await removePath(seaf, repo.id, token.appName, path)
      return drfResponse({ success: true, commit_id: before.commit_id })
    },
    { auth: false, selfChecked: ['path'] },
  )
}

/**
 * revert_dir / revert_file for a library token: the entry `path` had in `commit_id` comes back as a new
 * commit (a file replaces the current one). The real views answer any failure of the RPC (an unknown
 * commit or path) with 500 `Internal Server Error`; the mock says 404 instead.
 */
async function revert(
  seaf: Seafile,
  repo: RepoRecord,
  form: Record<string, string | string[]>,
  path: string,
  kind: 'file' | 'dir',
  user: string,
): Promise<Response> {
  const commitId = field(form, 'commit_id')
  if (!commitId) fail(seahubError(400, 'commit_id invalid.'))
  const commit = await getCommit(seaf.meta, commitId)
  const old = commit?.repo_id === repo.id ? await lookup(seaf.fs, commit.root_id, path) : undefined
  if (!commit || !old || isDirMode(old.mode) !== (kind === 'dir'))
    fail(seahubError(404, kind === 'dir' ? `Folder ${path} not found.` : `File ${path} not found.`))
  const { parent } = splitPath(path)
  if (!(await lookup(seaf.fs, (await head(seaf, repo)).root_id, parent)))
    await makeDir(seaf, repo.id, user, parent, { parents: true })
  await addDirent(seaf, repo.id, user, parent, old, { replace: kind === 'file' })
  return drfResponse({ success: true })
}

/** with_parents: `/`, `/a/`, `/a/b/` for `/a/b/`. */
function ancestors(dir: string): string[] {
  const out = ['/']
  let acc = '/'
  for (const part of dir.split('/').filter(Boolean)) {
    acc = `${acc}${part}/`
    out.push(acc)
  }
  return out
}
