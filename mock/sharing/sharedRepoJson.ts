/**
 * The share objects of `GET /api2/shared-repos/` and `GET /api2/beshared-repos/`: seafile's SharedRepo and
 * Repo objects as `SearpcObjEncoder` dumps them (the document's keys and order).
 */
import type { RepoRecord } from '../model/repos.ts'
import type { Seafile } from '../model/seafile.ts'

export interface ShareView {
  repo: RepoRecord
  shareType: 'personal' | 'group' | 'public'
  permission: string
  /** personal: the other side of the share; group and public: the owner. */
  user: string
  groupId: number
}

/** A SharedRepo object (share-mgr.c), as both lists send it. */
export async function sharedRepoJson(seaf: Seafile, view: ShareView) {
  const head = await seaf.repos.head(view.repo)
  return {
    user: view.user,
    repo_id: view.repo.id,
    share_type: view.shareType,
    permission: view.permission,
    encrypted: view.repo.encryption !== undefined,
    repo_desc: view.repo.desc,
    enc_version: view.repo.encryption?.encVersion ?? 0,
    last_modified: head.ctime,
    is_virtual: view.repo.virtual !== undefined,
    group_id: view.groupId,
    repo_name: view.repo.name,
  }
}

/**
 * BeSharedRepos.get for group libraries: a Repo object given `repo_id`, `repo_name`, `repo_desc`,
 * `last_modified`, `share_type: group`, `user` (the owner) and `user_perm`.
 */
export async function groupRepoJson(seaf: Seafile, repo: RepoRecord, userPerm: string | undefined) {
  const head = await seaf.repos.head(repo)
  const { size } = await seaf.fs.stats(head.root_id)
  return {
    id: repo.id,
    name: repo.name,
    desc: repo.desc,
    encrypted: repo.encryption !== undefined,
    enc_version: repo.encryption?.encVersion ?? 0,
    version: repo.version,
    last_modify: head.ctime,
    size,
    head_cmmt_id: head.commit_id,
    is_virtual: repo.virtual !== undefined,
    origin_repo_id: repo.virtual?.originId ?? null,
    origin_path: repo.virtual?.path ?? null,
    repo_id: repo.id,
    repo_name: repo.name,
    repo_desc: repo.desc,
    last_modified: head.ctime,
    share_type: 'group',
    user: repo.owner,
    user_perm: userPerm ?? '',
  }
}
