/**
 * Libraries over api/v2.1 (seahub/api2/endpoints/repos.py::ReposView.get, RepoView.get/delete): the same
 * libraries, shares and permissions as `GET /api2/repos/`, in the v2.1 shape.
 */
import { fail, seahubError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { pathParam } from '../http/form.ts'
import { drfResponse } from '../http/responses.ts'
import type { RepoRecord } from '../model/repos.ts'
import type { Seafile } from '../model/seafile.ts'
import { sharingOf } from '../sharing/index.ts'
import { isoTime, userInfo } from '../views/format.ts'
import { requirePermission } from './common.ts'
import { deleteRepo } from './repoDelete.ts'
import type { RouteContext } from './types.ts'
import { v21Repo } from './v21-common.ts'

/** seahub/urls.py: `(?P<repo_id>[-0-9a-f]{36})`, so `repos/batch/` and the like never reach RepoView. */
const REPO_PATH = '/api/v2.1/repos/:repo_id{[-0-9a-f]{36}}/'

/** The fields every v2.1 library entry takes from the library and its head commit. */
async function facts(seaf: Seafile, repo: RepoRecord) {
  const head = await seaf.repos.head(repo)
  const modifier = await userInfo(seaf, head.creator_name)
  const e = repo.encryption
  return {
    last_modified: isoTime(head.ctime),
    modifier_email: modifier.email,
    modifier_name: modifier.name,
    modifier_contact_email: modifier.contact_email,
    size: (await seaf.fs.stats(head.root_id)).size,
    encrypted: e !== undefined,
    mtime: head.ctime,
    // normalize_repo_status_code(0); the salt only for enc_version >= 3.
    status: 'normal',
    salt: e && e.encVersion >= 3 ? e.salt : '',
  }
}

/** Type of a shared entry of the api2 list providers, in v2.1 words. */
function v21Type(item: Record<string, unknown>): 'shared' | 'group' | 'public' {
  if (item.type === 'srepo') return 'shared'
  return item.share_type === 'public' ? 'public' : 'group'
}

async function ownerFields(seaf: Seafile, email: string) {
  const owner = await userInfo(seaf, email)
  return { owner_email: email, owner_name: owner.name, owner_contact_email: owner.contact_email }
}

export function v21RepoRoutes({ routes, seaf }: RouteContext): void {
  /** ReposView.get: `type` repeatable (mine, shared, group, public); none means all four. */
  routes.get('/api/v2.1/repos/', async (c) => {
    const user = c.get('user').email
    const asked = (c.req.queries('type') ?? []).map((t) => t.trim())
    const wants = (t: string) => asked.length === 0 || asked.includes(t)
    const starred = new Set(
      (await seaf.starred.list(user)).filter((s) => s.path === '/').map((s) => s.repoId),
    )
    const out: Record<string, unknown>[] = []
    if (wants('mine')) {
      const own = (await seaf.repos.list()).filter((r) => r.owner === user && !r.virtual)
      const items = await Promise.all(
        own.map(async (r) => ({
          type: 'mine',
          repo_id: r.id,
          repo_name: r.name,
          ...(await ownerFields(seaf, user)),
          ...(await facts(seaf, r)),
          permission: 'rw',
          starred: starred.has(r.id),
          monitored: false,
        })),
      )
      out.push(...items.sort((a, b) => b.mtime - a.mtime))
    }
    const apiTypes = new Set<string>()
    if (wants('shared')) apiTypes.add('shared')
    if (wants('group')) apiTypes.add('group')
    if (wants('public')) apiTypes.add('org')
    for (const provide of seaf.repoListProviders) {
      for (const item of await provide(user, apiTypes)) {
        const repo = await seaf.repos.get(String(item.id))
        if (!repo) continue
        const type = v21Type(item)
        const entry: Record<string, unknown> = { type }
        if (type === 'group') Object.assign(entry, { group_id: item.groupid, group_name: item.group_name })
        Object.assign(entry, { repo_id: repo.id, repo_name: repo.name, ...(await facts(seaf, repo)) })
        if (type !== 'group') Object.assign(entry, await ownerFields(seaf, repo.owner))
        Object.assign(entry, { permission: item.permission, starred: starred.has(repo.id) })
        if (type === 'shared') entry.is_admin = item.is_admin === true
        out.push(entry)
      }
    }
    // `mtime` only orders the list; seahub sends `last_modified`.
    return drfResponse({ repos: out.map(({ mtime: _m, ...rest }) => rest) })
  })

  routes.get(REPO_PATH, async (c) => {
    const repo = await v21Repo(c)
    const perm = await requirePermission(c, repo)
    const user = c.get('user').email
    const head = await seaf.repos.head(repo)
    const stats = await seaf.fs.stats(head.root_id)
    const shares = sharingOf(seaf).shares
    const sharedOut =
      (await shares.userShares((s) => s.repoId === repo.id)).length > 0 ||
      (await shares.groupShares((s) => s.repoId === repo.id)).length > 0 ||
      (await shares.getPublic(repo.id)) !== undefined
    return drfResponse({
      repo_id: repo.id,
      repo_name: repo.name,
      ...(await ownerFields(seaf, repo.owner)),
      size: stats.size,
      encrypted: repo.encryption !== undefined,
      file_count: stats.files,
      permission: perm,
      no_quota: false,
      is_admin: repo.owner === user || (await shares.isRepoAdmin(user, repo.id)),
      is_virtual: repo.virtual !== undefined,
      has_been_shared_out: sharedOut,
      lib_need_decrypt: repo.encryption !== undefined && !seaf.passwords.isSet(repo.id, user),
      last_modified: isoTime(head.ctime),
      status: 'normal',
    })
  })

  // RepoView.delete: a library that is not there is deleted already (200 {"success": true}).
  routes.delete(REPO_PATH, async (c: MockContext) => {
    const repo = await seaf.repos.get(pathParam(c, 'repo_id'))
    if (!repo) return drfResponse({ success: true })
    if (repo.owner !== c.get('user').email) fail(seahubError(403, 'Permission denied.'))
    await deleteRepo(seaf, repo)
    return drfResponse('success')
  })
}
