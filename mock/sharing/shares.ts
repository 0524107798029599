/**
 * Library shares (seafile's SharedRepo, RepoGroup and InnerPubRepo tables) and the permission they give.
 * A folder share is a share of the folder's sub-library (virtual repo). seahub's `admin` share permission is
 * stored as `rw` plus an admin flag (share/utils.py::share_dir_to_user, ExtraSharePermission).
 */
import type { RepoRecord } from '../model/repos.ts'
import type { Permission } from '../model/seafile.ts'
import type { MetaStore } from '../store/MetaStore.ts'
import { type Groups, isMember } from './groups.ts'

const USER_SHARES = 'share-user'
const GROUP_SHARES = 'share-group'
const PUBLIC_SHARES = 'share-public'

/** The permissions a share may be given (get_available_repo_perms without the Pro-only ones). */
export type SharePermission = 'r' | 'rw' | 'admin'
export const isSharePermission = (p: string | undefined): p is SharePermission =>
  p === 'r' || p === 'rw' || p === 'admin'

export interface UserShare {
  repoId: string
  /** The sharer: the library's owner (seafile_api.share_repo(repo_id, owner, to, perm)). */
  from: string
  to: string
  perm: Permission
  isAdmin: boolean
}

export interface GroupShare {
  repoId: string
  from: string
  groupId: number
  perm: Permission
  isAdmin: boolean
}

export interface PublicShare {
  repoId: string
  perm: Permission
}

const userKey = (repoId: string, to: string) => `${repoId}\0${to}`
const groupKey = (repoId: string, groupId: number) => `${repoId}\0${groupId}`

/** `admin` is `rw` with the admin flag. */
export const splitPermission = (p: SharePermission): { perm: Permission; isAdmin: boolean } =>
  p === 'admin' ? { perm: 'rw', isAdmin: true } : { perm: p, isAdmin: false }

const best = (perms: (Permission | undefined)[]): Permission | undefined =>
  perms.includes('rw') ? 'rw' : perms.includes('r') ? 'r' : undefined

export class Shares {
  constructor(
    readonly meta: MetaStore,
    readonly groups: Groups,
  ) {}

  shareToUser(share: UserShare): Promise<void> {
    return this.meta.put(USER_SHARES, userKey(share.repoId, share.to), share)
  }

  getUserShare(repoId: string, to: string): Promise<UserShare | undefined> {
    return this.meta.get<UserShare>(USER_SHARES, userKey(repoId, to))
  }

  unshareUser(repoId: string, to: string): Promise<void> {
    return this.meta.delete(USER_SHARES, userKey(repoId, to))
  }

  async userShares(filter: (s: UserShare) => boolean = () => true): Promise<UserShare[]> {
    return (await this.meta.list<UserShare>(USER_SHARES)).map(([, s]) => s).filter(filter)
  }

  shareToGroup(share: GroupShare): Promise<void> {
    return this.meta.put(GROUP_SHARES, groupKey(share.repoId, share.groupId), share)
  }

  getGroupShare(repoId: string, groupId: number): Promise<GroupShare | undefined> {
    return this.meta.get<GroupShare>(GROUP_SHARES, groupKey(repoId, groupId))
  }

  unshareGroup(repoId: string, groupId: number): Promise<void> {
    return this.meta.delete(GROUP_SHARES, groupKey(repoId, groupId))
  }

  async groupShares(filter: (s: GroupShare) => boolean = () => true): Promise<GroupShare[]> {
    return (await this.meta.list<GroupShare>(GROUP_SHARES)).map(([, s]) => s).filter(filter)
  }

  setPublic(repoId: string, perm: Permission): Promise<void> {
    return this.meta.put(PUBLIC_SHARES, repoId, { repoId, perm } satisfies PublicShare)
  }

  getPublic(repoId: string): Promise<PublicShare | undefined> {
    return this.meta.get<PublicShare>(PUBLIC_SHARES, repoId)
  }

  unsetPublic(repoId: string): Promise<void> {
    return this.meta.delete(PUBLIC_SHARES, repoId)
  }

  async publicShares(): Promise<PublicShare[]> {
    return (await this.meta.list<PublicShare>(PUBLIC_SHARES)).map(([, s]) => s)
  }

  /** remove_group_common: a deleted group's shares go with it. */
  async removeGroup(groupId: number): Promise<void> {
    const gone = await this.groupShares((s) => s.groupId === groupId)
    await this.meta.batch(
      gone.map((s) => ({ op: 'delete', ns: GROUP_SHARES, key: groupKey(s.repoId, groupId) })),
    )
  }

  /** remove_repo_ondisk: a deleted library's SharedRepo, RepoGroup and InnerPubRepo rows go with it. */
  async removeRepos(repoIds: ReadonlySet<string>): Promise<void> {
    const of = (s: { repoId: string }) => repoIds.has(s.repoId)
    await this.meta.batch([
      ...(await this.userShares(of)).map(
        (s) => ({ op: 'delete', ns: USER_SHARES, key: userKey(s.repoId, s.to) }) as const,
      ),
      ...(await this.groupShares(of)).map(
        (s) => ({ op: 'delete', ns: GROUP_SHARES, key: groupKey(s.repoId, s.groupId) }) as const,
      ),
      ...(await this.publicShares())
        .filter(of)
        .map((s) => ({ op: 'delete', ns: PUBLIC_SHARES, key: s.repoId }) as const),
    ])
  }

  /**
   * repo-mgr.c::check_repo_share_permission: a user share, else the best share to a group the user is in
   * now (so leaving or being removed takes access away at once), else the shared-with-all permission.
   */
  async sharePermission(user: string, repoId: string): Promise<Permission | undefined> {
    const own = await this.getUserShare(repoId, user)
    if (own) return own.perm
    const groups = await this.groupShares((s) => s.repoId === repoId)
    const perms: Permission[] = []
    for (const share of groups) {
      const group = await this.groups.get(share.groupId)
      if (group && isMember(group, user)) perms.push(share.perm)
    }
    return best(perms) ?? (await this.getPublic(repoId))?.perm
  }

  /**
   * repo-mgr.c::check_virtual_repo_permission: for a sub-library the origin's share counts first (a
   * sub-library can only be reached through it), then the sub-library's own shares.
   */
  async permission(user: string, repo: RepoRecord): Promise<Permission | undefined> {
    if (repo.virtual) {
      const viaOrigin = await this.sharePermission(user, repo.virtual.originId)
      if (viaOrigin) return viaOrigin
    }
    return this.sharePermission(user, repo.id)
  }

  /** seahub/share/utils.py::is_repo_admin: an admin share to the user or to one of the user's groups. */
  async isRepoAdmin(user: string, repoId: string): Promise<boolean> {
    if ((await this.getUserShare(repoId, user))?.isAdmin) return true
    for (const share of await this.groupShares((s) => s.repoId === repoId && s.isAdmin)) {
      const group = await this.groups.get(share.groupId)
      if (group && isMember(group, user)) return true
    }
    return false
  }
}
