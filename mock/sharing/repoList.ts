/**
 * The shared entries of `GET /api2/repos/?type=shared|group|org` (seahub/api2/views.py::Repos.get): `srepo`
 * for libraries shared to the user, `grepo` for libraries shared to the user's groups and, with owner
 * `Organization`, for libraries shared with everyone. Each type sorted by last modification, newest first.
 */
import type { RepoRecord } from '../model/repos.ts'
import type { Seafile } from '../model/seafile.ts'
import { relativeTime, sizeFormat, userInfo } from '../views/format.ts'
import type { Sharing } from './index.ts'

/** The fields every shared entry takes from the library and its head commit. */
export async function repoFacts(seaf: Seafile, repo: RepoRecord) {
  const head = await seaf.repos.head(repo)
  const { size } = await seaf.fs.stats(head.root_id)
  const modifier = await userInfo(seaf, head.creator_name)
  return {
    head,
    size,
    common: {
      mtime: head.ctime,
      mtime_relative: relativeTime(head.ctime),
      modifier_email: modifier.email,
      modifier_contact_email: modifier.contact_email,
      modifier_name: modifier.name,
      size,
      size_formatted: sizeFormat(size),
      encrypted: repo.encryption !== undefined,
    },
  }
}

const tail = (repo: RepoRecord, headId: string) => ({
  root: '',
  head_commit_id: headId,
  version: repo.version,
  salt: repo.encryption && repo.encryption.encVersion >= 3 ? repo.encryption.salt : '',
})

const newestFirst = (items: Record<string, unknown>[]) =>
  items.sort((a, b) => (b.mtime as number) - (a.mtime as number))

export async function sharedRepoListItems(
  seaf: Seafile,
  sharing: Sharing,
  user: string,
  types: Set<string>,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = []
  if (types.has('shared')) {
    const items: Record<string, unknown>[] = []
    for (const share of await sharing.shares.userShares((s) => s.to === user)) {
      const repo = await seaf.repos.get(share.repoId)
      if (!repo) continue
      const { head, common } = await repoFacts(seaf, repo)
      const owner = await userInfo(seaf, repo.owner)
      items.push({
        type: 'srepo',
        id: repo.id,
        owner: repo.owner,
        owner_name: owner.name,
        owner_contact_email: owner.contact_email,
        name: repo.name,
        owner_nickname: owner.name,
        ...common,
        permission: share.perm,
        share_type: 'personal',
        ...tail(repo, head.commit_id),
        group_name: '',
        is_admin: share.isAdmin,
      })
    }
    out.push(...newestFirst(items))
  }
  if (types.has('group')) {
    const items: Record<string, unknown>[] = []
    for (const group of await sharing.groups.ofUser(user)) {
      for (const share of await sharing.shares.groupShares((s) => s.groupId === group.id)) {
        const repo = await seaf.repos.get(share.repoId)
        if (!repo) continue
        const { head, common } = await repoFacts(seaf, repo)
        const from = await userInfo(seaf, repo.owner)
        items.push({
          type: 'grepo',
          id: repo.id,
          name: repo.name,
          groupid: group.id,
          group_name: group.name,
          owner: group.name,
          ...common,
          permission: share.perm,
          ...tail(repo, head.commit_id),
          share_from: repo.owner,
          share_from_name: from.name,
          share_from_contact_email: from.contact_email,
        })
      }
    }
    out.push(...newestFirst(items))
  }
  if (types.has('org')) {
    const items: Record<string, unknown>[] = []
    for (const share of await sharing.shares.publicShares()) {
      const repo = await seaf.repos.get(share.repoId)
      if (!repo) continue
      const { head, common } = await repoFacts(seaf, repo)
      const from = await userInfo(seaf, repo.owner)
      items.push({
        type: 'grepo',
        id: repo.id,
        name: repo.name,
        owner: 'Organization',
        ...common,
        permission: share.perm,
        share_from: repo.owner,
        share_from_name: from.name,
        share_from_contact_email: from.contact_email,
        share_type: 'public',
        ...tail(repo, head.commit_id),
      })
    }
    out.push(...items)
  }
  return out
}
