/** Default library and owner transfer (seahub/api2/views.py::DefaultRepoView, RepoOwner). */
import { ERRORS, fail, seahubError } from '../errors.ts'
import { field, pathParam, readForm } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import { loadRepo } from './common.ts'
import type { RouteContext } from './types.ts'

const DEFAULT_REPOS = 'defaultRepos'

export function repoSettingsRoutes({ routes, seaf }: RouteContext): void {
  async function defaultRepoOf(user: string) {
    const id = await seaf.meta.get<string>(DEFAULT_REPOS, user)
    return id ? seaf.repos.get(id) : undefined
  }

  // A deleted default library reads as none: `{"exists": false}` without `repo_id`.
  routes.get('/api2/default-repo/', async (c) => {
    const repo = await defaultRepoOf(c.get('user').email)
    return drfResponse(repo ? { exists: true, repo_id: repo.id } : { exists: false })
  })

  // create_default_library: "My Library", kept as the user's default.
  routes.post('/api2/default-repo/', async (c) => {
    const user = c.get('user').email
    let repo = await defaultRepoOf(user)
    if (!repo) {
      repo = await seaf.repos.create({ name: 'My Library', desc: 'My Library', owner: user })
      await seaf.meta.put(DEFAULT_REPOS, user, repo.id)
    }
    return drfResponse({ exists: true, repo_id: repo.id })
  })

  routes.get('/api2/repos/:repo_id/owner/', async (c) => {
    const repo = await loadRepo(c, seahubError(404, `Library ${pathParam(c, 'repo_id')} not found.`))
    if (repo.owner !== c.get('user').email && !c.get('user').isStaff) fail(ERRORS.PERMISSION_DENIED)
    return drfResponse({ owner: repo.owner })
  })

  routes.put(
    '/api2/repos/:repo_id/owner/',
    async (c) => {
      const repo = await loadRepo(c, seahubError(404, `Library ${pathParam(c, 'repo_id')} not found.`))
      const user = c.get('user')
      if (repo.owner !== user.email && !user.isStaff) fail(ERRORS.PERMISSION_DENIED)
      const owner = field(await readForm(c), 'owner')
      if (!owner) fail(seahubError(400, 'owner invalid.'))
      if (!(await seaf.users.get(owner))) fail(seahubError(404, `User ${owner} not found.`))
      if (owner === repo.owner) fail(seahubError(400, `User ${owner} is already library owner.`))
      await seaf.repos.update(repo.id, (current) => ({ ...current, owner }))
      return drfResponse({ success: true })
    },
    { selfChecked: ['owner'] },
  )
}
