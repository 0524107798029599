/**
 * The sharing sections of a seed: groups, library shares (user, group, everyone) and share/upload links,
 * written through the sharing model the routes use (mock/sharing), so they behave as if made by the API.
 */
import { normalizePath } from '../model/names.ts'
import type { RepoRecord } from '../model/repos.ts'
import { lookup } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import { sharingOf } from '../sharing/index.ts'
import { linkPassword, newToken } from '../sharing/links.ts'
import { splitPermission } from '../sharing/shares.ts'
import { isDirMode } from '../sync/fsObjects.ts'
import type { PreparedSeed } from './loadSeed.ts'
import { SeedError } from './loadSeed.ts'

const DAY_MS = 86_400_000
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export interface SharingResult {
  groups: number
  shares: number
  links: number
}

export async function applySharing(seaf: Seafile, seed: PreparedSeed): Promise<SharingResult> {
  const fail = (what: string, message: string): never => {
    throw new SeedError(`seed ${seed.source}: ${what}: ${message}`)
  }
  const account = async (what: string, email: string) => {
    if (!(await seaf.users.get(email))) fail(what, `${email} is not an account`)
    return email
  }
  const library = async (what: string, ref: string): Promise<RepoRecord> => {
    if (UUID.test(ref)) return (await seaf.repos.get(ref)) ?? fail(what, `no library ${ref}`)
    const named = (await seaf.repos.list()).filter((r) => r.name === ref && !r.virtual)
    if (named.length > 1) fail(what, `${named.length} libraries are named "${ref}": use the id`)
    return named[0] ?? fail(what, `no library named "${ref}"`)
  }
  const sharing = sharingOf(seaf)

  for (const g of seed.groups) {
    const what = `group "${g.name}"`
    if (await sharing.groups.byName(g.name)) fail(what, 'exists')
    const group = await sharing.groups.create(g.name, await account(what, g.owner))
    for (const email of [...(g.members ?? []), ...(g.admins ?? [])]) {
      await account(what, email)
      const isStaff = g.admins?.includes(email) ?? false
      group.members = [...group.members.filter((m) => m.email !== email), { email, isStaff }]
    }
    await sharing.groups.save(group)
  }

  for (const s of seed.shares) {
    const what = `share of "${s.library}"`
    const repo = await library(what, s.library)
    const { perm, isAdmin } = splitPermission(s.permission)
    if (s.to) {
      await sharing.shares.shareToUser({
        repoId: repo.id,
        from: repo.owner,
        to: await account(what, s.to),
        perm,
        isAdmin,
      })
    } else if (s.group) {
      const group = (await sharing.groups.byName(s.group)) ?? fail(what, `no group "${s.group}"`)
      await sharing.shares.shareToGroup({
        repoId: repo.id,
        from: repo.owner,
        groupId: group.id,
        perm,
        isAdmin,
      })
    } else {
      await sharing.shares.setPublic(repo.id, perm)
    }
  }

  const ctime = Math.floor(Date.now() / 1000)
  for (const l of seed.links) {
    const what = `link to ${l.library}:${l.path}`
    const repo = await library(what, l.library)
    const path = normalizePath(l.path)
    const dirent =
      path === '/' ? undefined : await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path)
    if (path !== '/' && !dirent) fail(what, 'no such file or folder')
    const folder = !dirent || isDirMode(dirent.mode)
    await sharing.links.download.save({
      token: l.token ?? newToken(),
      username: await account(what, l.owner ?? repo.owner),
      repoId: repo.id,
      path: folder ? (path === '/' ? '/' : `${path}/`) : path,
      sType: folder ? 'd' : 'f',
      ...(l.password ? linkPassword(l.password) : {}),
      ...(l.expireDays ? { expireAt: Date.now() + l.expireDays * DAY_MS } : {}),
      ctime,
      viewCnt: 0,
    })
  }
  for (const l of seed.uploadLinks) {
    const what = `upload link to ${l.library}:${l.path}`
    const repo = await library(what, l.library)
    const path = normalizePath(l.path)
    const dirent = await lookup(seaf.fs, (await seaf.repos.head(repo)).root_id, path)
    if (!dirent || !isDirMode(dirent.mode)) fail(what, 'no such folder')
    await sharing.links.upload.save({
      token: l.token ?? newToken(),
      username: await account(what, l.owner ?? repo.owner),
      repoId: repo.id,
      path: path === '/' ? '/' : `${path}/`,
      ...(l.password ? linkPassword(l.password) : {}),
      ctime,
      viewCnt: 0,
    })
  }
  return {
    groups: seed.groups.length,
    shares: seed.shares.length,
    links: seed.links.length + seed.uploadLinks.length,
  }
}
