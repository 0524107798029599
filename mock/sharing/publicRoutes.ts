/**
 * Libraries shared with every user of the server (seafile's inner public repos): make one public or private
 * again (`/api2/repos/<id>/public/`, seahub's RepoPublic) and create one (`POST /api2/repos/public/`,
 * seahub/api2/views.py::PubRepos.post).
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { field, readForm } from '../http/form.ts'
import { drfResponse, pyJsonResponse } from '../http/responses.ts'
import { encryptRepo } from '../model/repoCrypto.ts'
import { repoIdParam } from '../routes/common.ts'
import type { RouteModule } from '../routes/types.ts'
import { relativeTime, sizeFormat, userInfo } from '../views/format.ts'
import { sharingOf } from './index.ts'

export const publicRepoRoutes: RouteModule = ({ routes, seaf }) => {
  const { shares } = sharingOf(seaf)

  routes.post(
    '/api2/repos/public/',
    async (c) => {
      const user = c.get('user')
      // UserPermissions.can_add_public_repo: system admins only with the default role.
      if (!user.isStaff) fail(seahubError(403, 'You do not have permission to create library.'))
      const form = await readForm(c)
      const name = field(form, 'name')
      if (!name) fail(seahubError(400, 'Library name is required.'))
      const passwd = field(form, 'passwd') || undefined
      const permission = field(form, 'permission') ?? 'r'
      if (permission !== 'r' && permission !== 'rw') fail(seahubError(400, 'Invalid permission'))
      const repo = await seaf.repos.create({
        name,
        desc: field(form, 'desc') ?? '',
        owner: user.email,
        encryption: passwd ? (id) => encryptRepo(id, passwd) : undefined,
      })
      if (passwd) seaf.passwords.set(repo.id, user.email)
      await shares.setPublic(repo.id, permission)
      const head = await seaf.repos.head(repo)
      const owner = await userInfo(seaf, user.email)
      return drfResponse(
        {
          id: repo.id,
          name: repo.name,
          desc: repo.desc,
          size: 0,
          size_formatted: sizeFormat(0),
          mtime: head.ctime,
          mtime_relative: relativeTime(head.ctime),
          encrypted: repo.encryption !== undefined,
          permission: 'rw',
          owner: user.email,
          owner_nickname: owner.name,
          owner_name: owner.name,
        },
        201,
      )
    },
    { selfChecked: ['name', 'desc', 'passwd', 'permission'] },
  )

  /** RepoPublic: the library, and write permission on it. */
  async function writableRepo(c: MockContext) {
    const repo = await seaf.repos.get(repoIdParam(c))
    if (!repo) fail(seahubError(404, 'Repo not found.'))
    if ((await seaf.getPermission(c.get('user').email, repo)) !== 'rw')
      fail(seahubError(403, 'Forbid to access this repo.'))
    return repo
  }

  routes.post('/api2/repos/:repo_id/public/', async (c) => {
    const repo = await writableRepo(c)
    await shares.setPublic(repo.id, 'r')
    return pyJsonResponse({ success: true })
  })

  routes.delete('/api2/repos/:repo_id/public/', async (c) => {
    const repo = await writableRepo(c)
    await shares.unsetPublic(repo.id)
    return pyJsonResponse({ success: true })
  })
}
