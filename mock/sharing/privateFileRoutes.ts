/**
 * Private file shares of older seahub (PrivateFileDirShare; `shared-files/`, `s/f/<token>/`): a file shared
 * to one user, reached with that user's token. Current seahub has no such routes (HTML 404); the mock keeps
 * the older behaviour. Shares come from `POST /api2/repos/<id>/dir/share/` with `s_type=f`.
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { queryParam } from '../http/form.ts'
import { pyJsonResponse } from '../http/responses.ts'
import type { RouteModule } from '../routes/types.ts'
import { sharingOf } from './index.ts'
import { linkedFile, linkFileDetail, linkFileResponse, linkTokenParam } from './linkFiles.ts'
import type { PrivateFileShare } from './links.ts'

const json = (s: PrivateFileShare) => ({
  s_type: 'f',
  repo_id: s.repoId,
  permission: s.permission,
  to_user: s.to,
  token: s.token,
  from_user: s.from,
  path: s.path,
})

export const privateFileRoutes: RouteModule = ({ routes, seaf }) => {
  const { links } = sharingOf(seaf)

  routes.get('/api2/shared-files/', async (c) => {
    const user = c.get('user').email
    return pyJsonResponse({
      priv_share_in: (await links.privateFiles.list((s) => s.to === user)).map(json),
      priv_share_out: (await links.privateFiles.list((s) => s.from === user)).map(json),
    })
  })

  routes.delete(
    '/api2/shared-files/',
    async (c) => {
      // Older views.py::SharedFilesView.delete: no such share (a missing `t` too) → 404; only its sender or
      // recipient may remove it (else 403); success → 200 `{}`.
      const token = queryParam(c, 't')
      const share = token ? await links.privateFiles.get(token) : undefined
      if (!token || !share) fail(seahubError(404, 'Token does not exist'))
      const user = c.get('user').email
      if (share.from !== user && share.to !== user)
        fail(seahubError(403, 'You do not have permission to get repo.'))
      await links.privateFiles.delete(token)
      return pyJsonResponse({})
    },
    { selfChecked: ['t'] },
  )

  /** PrivateSharedFileView: the share, to the caller only, of a file that still exists. */
  async function sharedFile(c: MockContext) {
    const share = await links.privateFiles.get(linkTokenParam(c))
    if (!share) fail(seahubError(404, 'Token not found'))
    if (share.to !== c.get('user').email)
      fail(seahubError(403, "You don't have permission to view this file"))
    const repo = await seaf.repos.get(share.repoId)
    if (!repo) fail(seahubError(404, 'Library not found'))
    return { share, repo, file: await linkedFile(c, repo, share.path) }
  }

  routes.get(
    '/api2/s/f/:token/',
    async (c) => {
      const { repo, file } = await sharedFile(c)
      return linkFileResponse(c, repo, file, c.get('user').email)
    },
    { selfChecked: ['op'] },
  )

  routes.get('/api2/s/f/:token/detail/', async (c) => {
    const { share, repo, file } = await sharedFile(c)
    const detail = await linkFileDetail(c, repo, share.path, file)
    return pyJsonResponse({ ...detail, shared_by: share.from })
  })
}
