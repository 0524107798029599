/** One library: its info, deletion, its operations (Repo.post: set password, rename…) and download info. */
import { ERRORS, fail, seahubError } from '../../errors.ts'
import { field, queryParam, readForm } from '../../http/form.ts'
import { drfResponse, success } from '../../http/responses.ts'
import { isValidName } from '../../model/names.ts'
import { verifyRepoPassword } from '../../model/repoCrypto.ts'
import { downloadInfo, repoInfo } from '../../views/repoJson.ts'
import { loadRepo, requirePermission } from '../common.ts'
import { deleteRepo } from '../repoDelete.ts'
import type { RouteContext } from '../types.ts'

export function libraryRoutes({ routes, seaf }: RouteContext): void {
  routes.get('/api2/repos/:repo_id/', async (c) => {
    const repo = await loadRepo(c)
    const perm = await requirePermission(c, repo)
    return drfResponse(await repoInfo(seaf, repo, c.get('user').email, perm))
  })

  routes.delete('/api2/repos/:repo_id/', async (c) => {
    const repo = await seaf.repos.get(c.req.param('repo_id') ?? '')
    if (!repo) fail(seahubError(404, `Library ${c.req.param('repo_id')} not found.`))
    if (repo.owner !== c.get('user').email) fail(ERRORS.PERMISSION_DENIED)
    await deleteRepo(seaf, repo)
    return success()
  })

  // Repo.post: reads request.POST; `op` defaults to setpassword.
  routes.post(
    '/api2/repos/:repo_id/',
    async (c) => {
      const repo = await loadRepo(c)
      const form = await readForm(c)
      const user = c.get('user').email
      const op = queryParam(c, 'op') ?? 'setpassword'
      if (op === 'setpassword') {
        await requirePermission(
          c,
          repo,
          'r',
          seahubError(403, 'You do not have permission to access this library.'),
        )
        if (!repo.encryption) return success()
        const password = field(form, 'password')
        if (!password) fail(ERRORS.PASSWORD_NEEDED)
        if (!verifyRepoPassword(repo.id, password, repo.encryption.magic)) fail(ERRORS.INCORRECT_PASSWORD)
        seaf.passwords.set(repo.id, user)
        return success()
      }
      if (op === 'checkpassword') {
        const magic = queryParam(c, 'magic') ?? field(form, 'magic')
        if (!magic) fail(seahubError(441, 'Library password magic is needed.'))
        if (!repo.encryption || repo.encryption.magic !== magic)
          fail(seahubError(500, 'SearpcError:Incorrect password'))
        return success()
      }
      if (op === 'rename') {
        const name = field(form, 'repo_name') ?? ''
        if (!isValidName(name)) fail(ERRORS.NAME_INVALID)
        if (repo.owner !== user) fail(seahubError(403, 'You do not have permission to rename this library.'))
        await seaf.repos.mutate(repo.id, user, async (head) => ({
          rootId: head.root_id,
          description: 'Changed library name or description',
          result: undefined,
          force: true,
          rename: { name, desc: field(form, 'repo_desc') ?? repo.desc },
        }))
        return success()
      }
      return drfResponse('unsupported operation')
    },
    { selfChecked: ['op', 'password', 'magic', 'repo_name', 'repo_desc'] },
  )

  routes.get('/api2/repos/:repo_id/download-info/', async (c) => {
    const repo = await loadRepo(c, seahubError(404, `Library ${c.req.param('repo_id')} not found.`))
    const perm = await requirePermission(c, repo)
    const user = c.get('user').email
    const token = await seaf.syncTokens.issue(repo.id, user)
    return drfResponse(await downloadInfo(seaf, repo, user, perm, token, seaf.linkBase(c.req.url)))
  })
}
