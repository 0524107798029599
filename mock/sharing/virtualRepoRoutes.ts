/**
 * Sub-libraries: create or find one for a folder (seahub/api2/views.py::DirSubRepoView), list the user's
 * (VirtualRepos, `virtual-repos/`), list the folders shared out (endpoints/shared_folders.py), and the old
 * `dir/share/` view (DirShareView of seahub 5; current seahub has no such route).
 */
import { fail, seahubError } from '../errors.ts'
import { field, queryParam, readForm } from '../http/form.ts'
import { drfResponse, pyJsonResponse } from '../http/responses.ts'
import { normalizePath } from '../model/names.ts'
import { verifyRepoPassword } from '../model/repoCrypto.ts'
import { lookup } from '../model/repoTree.ts'
import { repoIdParam } from '../routes/common.ts'
import type { RouteModule } from '../routes/types.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import { userInfo } from '../views/format.ts'
import { isValidUsername } from './http.ts'
import { sharingOf } from './index.ts'
import { newToken } from './links.ts'
import { isSharePermission, splitPermission } from './shares.ts'

export const virtualRepoRoutes: RouteModule = ({ routes, seaf }) => {
  const { shares, groups, links, virtualRepos } = sharingOf(seaf)

  routes.get(
    '/api2/repos/:repo_id/dir/sub_repo/',
    async (c) => {
      const path = queryParam(c, 'p')
      if (!path) fail(seahubError(400, 'p invalid.'))
      const name = queryParam(c, 'name')
      if (!name) fail(seahubError(400, 'name invalid.'))
      const repoId = repoIdParam(c)
      const repo = await seaf.repos.get(repoId)
      if (!repo) fail(seahubError(404, `Library ${repoId} not found.`))
      const user = c.get('user').email
      if (!(await seaf.getPermission(user, repo))) fail(seahubError(403, 'Permission denied.'))
      const password = queryParam(c, 'password') ?? ''
      if (repo.encryption) {
        if (!password) fail(seahubError(400, 'password invalid.'))
        if (!verifyRepoPassword(repo.id, password, repo.encryption.magic))
          fail(seahubError(400, 'Wrong password'))
        seaf.passwords.set(repo.id, user)
      }
      // create_virtual_repo fails on a missing folder (an RPC error, 500); the mock answers 404.
      const sub = await virtualRepos.getOrCreate(repo, path, name, password || undefined)
      if (!sub) fail(seahubError(404, `Folder ${path} not found.`))
      if (sub.encryption) seaf.passwords.set(sub.id, user)
      return drfResponse({ sub_repo_id: sub.id })
    },
    { selfChecked: ['p', 'name', 'password'] },
  )

  // VirtualRepos.get: the sub-libraries the user owns, as seafile Repo objects (SearpcObjEncoder).
  routes.get('/api2/virtual-repos/', async (c) => {
    const user = c.get('user').email
    const out = []
    for (const repo of await virtualRepos.list((r) => r.owner === user)) {
      const origin = await seaf.repos.get(repo.virtual!.originId)
      const head = await seaf.repos.head(repo)
      const { size } = await seaf.fs.stats(head.root_id)
      const enc = repo.encryption
      out.push({
        virtual_perm: 'rw',
        store_id: null,
        worktree_invalid: false,
        encrypted: enc !== undefined,
        origin_repo_name: origin?.name ?? '',
        last_modify: head.ctime,
        no_local_history: false,
        head_branch: null,
        last_sync_time: 0,
        id: repo.id,
        size,
        share_permission: null,
        worktree_changed: false,
        worktree_checktime: 0,
        origin_path: repo.virtual!.path,
        is_virtual: true,
        origin_repo_id: repo.virtual!.originId,
        version: repo.version,
        random_key: enc?.randomKey ?? null,
        is_original_owner: true,
        shared_email: null,
        enc_version: enc?.encVersion ?? 0,
        head_cmmt_id: head.commit_id,
        desc: repo.desc,
        index_corrupted: false,
        magic: enc?.magic ?? null,
        name: repo.name,
        worktree: null,
        auto_sync: false,
        relay_id: null,
      })
    }
    return pyJsonResponse({ 'virtual-repos': out })
  })

  // SharedFolders.get: shares of the user's sub-libraries, sorted by folder name.
  routes.get('/api/v2.1/shared-folders/', async (c) => {
    const user = c.get('user').email
    const out: Record<string, unknown>[] = []
    for (const repo of await virtualRepos.list((r) => r.owner === user)) {
      // shared_folders.py: repo_name is the origin library's, share_permission_name a custom permission's.
      const common = {
        repo_id: repo.virtual!.originId,
        repo_name: (await seaf.repos.get(repo.virtual!.originId))?.name ?? '',
        path: repo.virtual!.path,
        folder_name: repo.name,
      }
      for (const s of await shares.userShares((s) => s.repoId === repo.id)) {
        const info = await userInfo(seaf, s.to)
        out.push({
          ...common,
          share_type: 'personal',
          share_permission: s.perm,
          share_permission_name: '',
          user_name: info.name,
          user_email: s.to,
          contact_email: info.contact_email,
        })
      }
      for (const s of await shares.groupShares((s) => s.repoId === repo.id)) {
        const group = await groups.get(s.groupId)
        if (group)
          out.push({
            ...common,
            share_type: 'group',
            share_permission: s.perm,
            share_permission_name: '',
            group_id: group.id,
            group_name: group.name,
          })
      }
    }
    out.sort((a, b) => String(a.folder_name).localeCompare(String(b.folder_name)))
    return drfResponse(out)
  })

  // DirShareView (seahub 5): share a folder (`s_type=d`, as a sub-library) or a file (`s_type=f`, a private
  // file share) to the users in `emails`; the owner or a library admin only. 200 with no body.
  routes.post(
    '/api2/repos/:repo_id/dir/share/',
    async (c) => {
      const repo = await seaf.repos.get(repoIdParam(c))
      if (!repo) fail(seahubError(404, 'Library not found.'))
      const user = c.get('user').email
      if (repo.owner !== user && !(await shares.isRepoAdmin(user, repo.id)))
        fail(seahubError(403, 'Permission denied.'))
      const form = await readForm(c)
      const path = field(form, 'path')
      if (!path) fail(seahubError(400, 'Path is missing.'))
      const perm = field(form, 'perm') ?? 'r'
      if (!isSharePermission(perm) || perm === 'admin') fail(seahubError(400, 'perm invalid.'))
      const sType = field(form, 's_type') ?? 'd'
      const dirent = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path)
      if (!dirent || isDirMode(dirent.mode) !== (sType === 'd')) fail(seahubError(404, `${path} not found.`))
      const emails = (field(form, 'emails') ?? '').split(',').map((e) => e.trim())
      for (const to of emails) {
        if (!isValidUsername(to) || to === repo.owner || !(await seaf.users.get(to))) continue
        if (sType === 'f') {
          await links.privateFiles.save({
            token: newToken(10),
            from: user,
            to,
            repoId: repo.id,
            path: normalizePath(path),
            permission: perm,
          })
          continue
        }
        const shared =
          normalizePath(path) === '/'
            ? repo
            : await virtualRepos.getOrCreate(repo, path, normalizePath(path).split('/').pop()!)
        if (shared && !(await shares.getUserShare(shared.id, to)))
          await shares.shareToUser({ repoId: shared.id, from: repo.owner, to, ...splitPermission(perm) })
      }
      return new Response(null, { status: 200 })
    },
    { selfChecked: ['emails', 's_type', 'path', 'perm'] },
  )
}
