import { pyJsonResponse } from '../../http/responses.ts'
import { sharingOf } from '../../sharing/index.ts'
import { groupRepoJson, sharedRepoJson } from '../../sharing/sharedRepoJson.ts'
import type { RouteContext } from '../types.ts'

export function sharedRepoListRoutes({ routes, seaf }: RouteContext): void {
  const sharing = sharingOf(seaf)
  const { shares, groups } = sharing
  const liveRepo = (id: string) => seaf.repos.get(id)
  // SharedRepos.get: user shares, group shares and (outside cloud mode) shared-with-all, of my libraries.
  routes.get('/api2/shared-repos/', async (c) => {
    const user = c.get('user').email
    const mine = async (repoId: string) => {
      const repo = await liveRepo(repoId)
      return repo?.owner === user ? repo : undefined
    }
    const out = []
    for (const s of await shares.userShares()) {
      const repo = await mine(s.repoId)
      if (repo)
        out.push(
          await sharedRepoJson(seaf, {
            repo,
            shareType: 'personal',
            permission: s.perm,
            user: s.to,
            groupId: 0,
          }),
        )
    }
    for (const s of await shares.groupShares()) {
      const repo = await mine(s.repoId)
      if (repo)
        out.push(
          await sharedRepoJson(seaf, {
            repo,
            shareType: 'group',
            permission: s.perm,
            user,
            groupId: s.groupId,
          }),
        )
    }
    for (const s of await shares.publicShares()) {
      const repo = await mine(s.repoId)
      if (repo)
        out.push(
          await sharedRepoJson(seaf, { repo, shareType: 'public', permission: s.perm, user, groupId: 0 }),
        )
    }
    return pyJsonResponse(out)
  })

  // BeSharedRepos.get: shared to me, through my groups (not my own libraries), and shared with everyone.
  routes.get('/api2/beshared-repos/', async (c) => {
    const user = c.get('user').email
    const out: Record<string, unknown>[] = []
    for (const s of await shares.userShares((s) => s.to === user)) {
      const repo = await liveRepo(s.repoId)
      if (repo)
        out.push(
          await sharedRepoJson(seaf, {
            repo,
            shareType: 'personal',
            permission: s.perm,
            user: s.from,
            groupId: 0,
          }),
        )
    }
    for (const group of await groups.ofUser(user)) {
      for (const s of await shares.groupShares((s) => s.groupId === group.id)) {
        const repo = await liveRepo(s.repoId)
        if (repo && repo.owner !== user)
          out.push(await groupRepoJson(seaf, repo, await seaf.getPermission(user, repo)))
      }
    }
    for (const s of await shares.publicShares()) {
      const repo = await liveRepo(s.repoId)
      if (repo)
        out.push(
          await sharedRepoJson(seaf, {
            repo,
            shareType: 'public',
            permission: s.perm,
            user: repo.owner,
            groupId: 0,
          }),
        )
    }
    return pyJsonResponse(out)
  })
}
