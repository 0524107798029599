/** File create/rename/move/copy (FileView.post), batch fileops, and revert of files and dirs. */
import { ERRORS, fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { drfResponse, success } from '../http/responses.ts'
import { removeItems } from '../model/batchOps.ts'
import { getCommit } from '../model/commits.ts'
import { isValidName, joinName, normalizePath, splitPath } from '../model/names.ts'
import { EMPTY_ID } from '../model/objectIds.ts'
import { lookup } from '../model/repoTree.ts'
import { revertDirent } from '../model/revert.ts'
import { addDirent, commitNewFile, copyPath, makeDir, renamePath, TreeError } from '../model/treeOps.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { pyQuote } from '../views/format.ts'
import { loadRepo, requirePermission } from './common.ts'
import type { RouteContext } from './types.ts'

export function fileOpRoutes({ routes, seaf }: RouteContext): void {
  const fileViewUrl = (c: MockContext, repoId: string) =>
    `${seaf.linkBase(c.req.url)}/api2/repos/${repoId}/file/`

  /** copy/move: the destination library (404) with `rw` (403), and the dir ending in `/`. */
  async function destination(c: MockContext, form: Record<string, string | string[]>, verb: string) {
    const dstRepoId = field(form, 'dst_repo')
    const dstDirRaw = field(form, 'dst_dir')
    if (!dstRepoId || !dstDirRaw) fail(seahubError(400, 'Missing arguments.'))
    const dst = await seaf.repos.get(dstRepoId)
    if (!dst) fail(ERRORS.LIBRARY_NOT_FOUND)
    if ((await seaf.getPermission(c.get('user').email, dst)) !== 'rw')
      fail(seahubError(403, `You do not have permission to ${verb} file.`))
    const dstDir = dstDirRaw.endsWith('/') ? dstDirRaw : `${dstDirRaw}/`
    const dir = await lookup(seaf.fs, (await seaf.repos.head(dst)).root_id, dstDir)
    if (!dir || !isDirMode(dir.mode)) fail(seahubError(404, `Folder ${dstDir} not found.`))
    return { dst, dstDir }
  }

  routes.post(
    '/api2/repos/:repo_id/file/',
    async (c) => {
      const repo = await loadRepo(c)
      const p = queryParam(c, 'p')
      if (!p?.startsWith('/')) fail(ERRORS.PATH_MISSING_OR_INVALID)
      const form = await readForm(c)
      const user = c.get('user').email
      const { parent, name } = splitPath(p)
      const operation = (field(form, 'operation') ?? '').toLowerCase()
      if (operation === 'rename') {
        await requirePermission(c, repo, 'rw', seahubError(403, 'You do not have permission to rename file.'))
        const newName = field(form, 'newname') ?? ''
        if (!newName) fail(seahubError(400, 'New name is missing'))
        if (newName.length > 255) fail(seahubError(400, 'New name is too long'))
        if (!isValidName(newName)) fail(ERRORS.FILE_NAME_INVALID)
        if (newName === name) fail(seahubError(409, 'The new name is the same to the old'))
        let final: string
        try {
          final = (await renamePath(seaf, repo.id, user, p, newName)).name
        } catch (err) {
          if (err instanceof TreeError) fail(seahubError(520, 'Failed to rename file: file does not exist'))
          throw err
        }
        const location = `${fileViewUrl(c, repo.id)}?p=${pyQuote(parent)}/${pyQuote(final)}`
        return success(301, { Location: location })
      }
      if (operation === 'move' || operation === 'copy') {
        const move = operation === 'move'
        await requirePermission(
          c,
          repo,
          move ? 'rw' : 'r',
          seahubError(403, `You do not have permission to ${operation} file.`),
        )
        const { dst, dstDir } = await destination(c, form, operation)
        if (move && dst.id === repo.id && normalizePath(dstDir) === normalizePath(parent)) return success()
        let final: string
        try {
          final = await copyPath(seaf, repo.id, p, dst.id, dstDir, user, { move })
        } catch (err) {
          if (err instanceof TreeError) fail(ERRORS.FILE_NOT_FOUND)
          throw err
        }
        const location = `${fileViewUrl(c, dst.id)}?p=${pyQuote(dstDir)}${pyQuote(final)}`
        return drfResponse({ repo_id: dst.id, parent_dir: dstDir, obj_name: final }, move ? 301 : 200, {
          Location: location,
        })
      }
      if (operation === 'create') {
        await requirePermission(c, repo, 'rw', seahubError(403, 'You do not have permission to create file.'))
        if (!isValidName(name)) fail(ERRORS.FILE_NAME_INVALID)
        let final: string
        try {
          final = (await commitNewFile(seaf, repo.id, parent, name, { fileId: EMPTY_ID, size: 0 }, user)).name
        } catch (err) {
          // FileView.post (create) looks the parent up first (get_dir_id_by_path): a missing one is a 404.
          // Found under the repo lock, so a folder deleted concurrently is missing too.
          if (err instanceof TreeError && err.code === 'parent-missing')
            fail(seahubError(404, `Folder ${parent} not found.`))
          if (err instanceof TreeError) fail(seahubError(520, 'Failed to create file.'))
          throw err
        }
        // FileView.post: no slash between a non-root parent and the name (a seahub bug, kept).
        const location = `${fileViewUrl(c, repo.id)}?p=${pyQuote(parent)}${pyQuote(final)}`
        return success(201, { Location: location })
      }
      return fail(seahubError(400, 'Operation can only be rename, create or move.'))
    },
    { selfChecked: ['p', 'operation', 'newname', 'dst_repo', 'dst_dir', 'reloaddir'] },
  )

  // Batch (api2 views.py::OpCopyView, OpMoveView, OpDeleteView): `file_names` joined by ':'.
  const DENIED = {
    copy: 'Permission denied.',
    move: 'You do not have permission to move file in this folder.',
    delete: 'You do not have permission to delete this file.',
  }
  for (const op of ['copy', 'move', 'delete'] as const) {
    routes.post(
      `/api2/repos/:repo_id/fileops/${op}/`,
      async (c) => {
        const form = await readForm(c)
        const dir = queryParam(c, 'p') || (op === 'delete' ? '' : '/')
        const names = (field(form, 'file_names') ?? '').split(':').filter(Boolean)
        // OpDeleteView: a missing `p` or `file_names` is a 404, before the library is looked up.
        if (op === 'delete' && (!dir || names.length === 0))
          fail(seahubError(404, 'File or directory not found.'))
        const repo = await loadRepo(c)
        if (names.length === 0) fail(seahubError(400, 'Missing argument.'))
        if (op === 'move' && field(form, 'dst_repo') === repo.id) {
          const dstDir = field(form, 'dst_dir')
          if (dstDir && normalizePath(dstDir) === normalizePath(dir))
            fail(seahubError(400, 'The destination directory is the same as the source.'))
        }
        await requirePermission(c, repo, op === 'copy' ? 'r' : 'rw', seahubError(403, DENIED[op]))
        const head = await seaf.repos.head(repo)
        const folder = await lookup(seaf.fs, head.root_id, dir)
        if (!folder || !isDirMode(folder.mode)) fail(seahubError(404, `Folder ${dir} not found.`))
        // Each name is an entry of the folder: one with a slash, `.` or `..` names none (never the folder
        // itself). OpMoveView checks them all against the listing first: 400 `file_names invalid.`.
        const missing = async (name: string) =>
          !isValidName(name) || !(await lookup(seaf.fs, head.root_id, joinName(normalizePath(dir), name)))
        for (const name of names)
          if (op === 'move' && (await missing(name))) fail(seahubError(400, 'file_names invalid.'))
        const bad = names.find((name) => !isValidName(name))
        if (bad !== undefined) fail(seahubError(404, `File ${bad} not found.`))
        const user = c.get('user').email
        if (op === 'delete') {
          await removeItems(seaf, repo.id, user, normalizePath(dir), names)
          return success()
        }
        const { dst, dstDir } = await destination(c, form, op)
        const results = []
        for (const name of names) {
          const src = joinName(normalizePath(dir), name)
          if (!(await lookup(seaf.fs, head.root_id, src))) fail(seahubError(404, `File ${name} not found.`))
          const final = await copyPath(seaf, repo.id, src, dst.id, dstDir, user, { move: op === 'move' })
          results.push({ repo_id: dst.id, parent_dir: dstDir, obj_name: final })
        }
        return drfResponse(results)
      },
      { selfChecked: ['p', 'file_names', 'dst_repo', 'dst_dir'] },
    )
  }

  /** revert_file / revert_dir: put the dirent of `commit_id` at `p` back, as a new commit. */
  async function revert(c: MockContext, kind: 'file' | 'dir') {
    const repo = await loadRepo(c)
    const form = await readForm(c)
    const p = field(form, 'p') ?? queryParam(c, 'p')
    const commitId = field(form, 'commit_id') ?? queryParam(c, 'commit_id')
    if (!p?.startsWith('/')) fail(ERRORS.PATH_MISSING_OR_INVALID)
    if (!commitId) fail(seahubError(400, 'commit_id invalid.'))
    await requirePermission(c, repo, 'rw')
    const commit = await getCommit(seaf.meta, commitId)
    if (!commit || commit.repo_id !== repo.id) fail(seahubError(404, `Commit ${commitId} not found.`))
    const old = await lookup(seaf.fs, commit.root_id, p)
    if (!old || isDirMode(old.mode) !== (kind === 'dir') || normalizePath(p) === '/')
      fail(kind === 'file' ? ERRORS.FILE_NOT_FOUND : seahubError(404, `Folder ${p} not found.`))
    await revertDirent(seaf, repo, c.get('user').email, commit, p, kind)
    return drfResponse({ success: true })
  }
  routes.put('/api2/repos/:repo_id/file/revert/', (c) => revert(c, 'file'), {
    selfChecked: ['p', 'commit_id'],
  })
  routes.put('/api2/repos/:repo_id/dir/revert/', (c) => revert(c, 'dir'), { selfChecked: ['p', 'commit_id'] })
}
