/**
 * The sharing state of one mock core (groups, shares, links, messages, organizations, sub-libraries) and
 * the hooks it adds to the core: the share permission resolver, the shared entries of the library list and
 * the sub-library mirror. One instance per `Seafile`, so every namespace has its own.
 */
import type { Seafile } from '../model/seafile.ts'
import { Groups } from './groups.ts'
import { Links } from './links.ts'
import { Messages } from './messages.ts'
import { Orgs } from './orgs.ts'
import { sharedRepoListItems } from './repoList.ts'
import { Shares } from './shares.ts'
import { VirtualRepos } from './virtualRepos.ts'

export interface Sharing {
  readonly groups: Groups
  readonly shares: Shares
  readonly links: Links
  readonly messages: Messages
  readonly orgs: Orgs
  readonly virtualRepos: VirtualRepos
}

const bySeafile = new WeakMap<Seafile, Sharing>()

/** The core's sharing state, created (and hooked into the core) on first use. */
export function sharingOf(seaf: Seafile): Sharing {
  const existing = bySeafile.get(seaf)
  if (existing) return existing
  const groups = new Groups(seaf.meta)
  const sharing: Sharing = {
    groups,
    shares: new Shares(seaf.meta, groups),
    links: new Links(seaf.meta),
    messages: new Messages(seaf.meta),
    orgs: new Orgs(seaf.meta),
    virtualRepos: new VirtualRepos(seaf),
  }
  seaf.permissionResolvers.push((user, repo) => sharing.shares.permission(user, repo))
  seaf.repoListProviders.push((user, types) => sharedRepoListItems(seaf, sharing, user, types))
  seaf.repos.commitListeners.push(sharing.virtualRepos.mirror)
  bySeafile.set(seaf, sharing)
  return sharing
}
