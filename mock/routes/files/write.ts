/** Changing a file through FileView: delete, lock and unlock. */
import { ERRORS, fail, seahubError } from '../../errors.ts'
import type { MockContext } from '../../http/env.ts'
import { field, queryParam, readForm } from '../../http/form.ts'
import { success } from '../../http/responses.ts'
import { normalizePath } from '../../model/names.ts'
import { lookup } from '../../model/repoTree.ts'
import { removePath } from '../../model/treeOps.ts'
import { isDirMode } from '../../sync/fsObjects.ts'
import { loadRepo, requirePermission } from '../common.ts'
import type { RouteContext } from '../types.ts'

export function fileWriteRoutes({ routes, seaf }: RouteContext): void {
  /** `p`, present; 400 `Path is missing.` otherwise. */
  const pathOf = (c: MockContext) => queryParam(c, 'p') || fail(ERRORS.PATH_MISSING)

  // FileView.delete: no existence check; a missing name is a no-op.
  routes.delete(
    '/api2/repos/:repo_id/file/',
    async (c) => {
      const path = pathOf(c)
      const repo = await loadRepo(c)
      await requirePermission(c, repo, 'rw')
      if (normalizePath(path) !== '/') await removePath(seaf, repo.id, c.get('user').email, path)
      return success()
    },
    { selfChecked: ['p', 'reloaddir'] },
  )

  // FileView.put (Pro): lock / unlock; `p` and `operation` come in the body.
  routes.put(
    '/api2/repos/:repo_id/file/',
    async (c) => {
      const form = await readForm(c)
      const p = field(form, 'p')
      const repo = await loadRepo(c)
      if (!p) fail(ERRORS.PATH_MISSING_OR_INVALID)
      const path = normalizePath(p)
      const file = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path)
      if (!file || isDirMode(file.mode)) fail(ERRORS.PATH_MISSING_OR_INVALID)
      await requirePermission(c, repo, 'rw')
      const user = c.get('user').email
      const operation = (field(form, 'operation') ?? '').toLowerCase()
      const lock = await seaf.locks.get(repo.id, path)
      if (operation === 'lock') {
        if (lock) fail(seahubError(403, 'File is already locked'))
        const now = Math.floor(Date.now() / 1000)
        const days = Number(field(form, 'expire') ?? 0)
        await seaf.locks.lock({
          repoId: repo.id,
          path,
          owner: user,
          created: now,
          expire: days > 0 ? now + days * 86400 : 0,
        })
        return success()
      }
      if (operation === 'unlock') {
        if (!lock) fail(seahubError(403, 'File is not locked'))
        if (lock.owner !== user) fail(seahubError(403, 'You can not unlock this file'))
        await seaf.locks.unlock(repo.id, path)
        return success()
      }
      return fail(seahubError(400, 'Operation can only be lock or unlock'))
    },
    { selfChecked: ['p', 'operation', 'expire'] },
  )
}
