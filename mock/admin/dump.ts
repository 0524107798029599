/**
 * `GET /__mock__/dump`: what a namespace holds, for a failing test's message or a look by hand. Accounts
 * (no password hashes), libraries with their head commit and every path in the head tree.
 */
import { commitChain } from '../model/commits.ts'
import { walkTree } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import { isDirMode } from '../sync/fsObjects.ts'

export interface DumpEntry {
  path: string
  type: 'dir' | 'file'
  id: string
  size?: number
  mtime: number
}

export interface DumpLibrary {
  id: string
  name: string
  owner: string
  encrypted: boolean
  headCommitId: string
  commits: number
  entries: DumpEntry[]
}

export interface Dump {
  namespace: string
  users: { email: string; name: string; isStaff: boolean; isActive: boolean }[]
  libraries: DumpLibrary[]
}

export async function dumpState(seaf: Seafile, namespace: string): Promise<Dump> {
  const users = (await seaf.users.list()).map(({ email, name, isStaff, isActive }) => ({
    email,
    name,
    isStaff,
    isActive,
  }))
  const libraries: DumpLibrary[] = []
  for (const repo of await seaf.repos.list()) {
    const head = await seaf.repos.head(repo)
    const entries: DumpEntry[] = []
    for await (const { dirent, parent } of walkTree(seaf.fs, head.root_id)) {
      const dir = isDirMode(dirent.mode)
      const entry: DumpEntry = {
        path: parent === '/' ? `/${dirent.name}` : `${parent}/${dirent.name}`,
        type: dir ? 'dir' : 'file',
        id: dirent.id,
        mtime: dirent.mtime,
      }
      if (!dir) entry.size = dirent.size ?? 0
      entries.push(entry)
    }
    let commits = 0
    for await (const _ of commitChain(seaf.meta, repo.headCommitId)) commits++
    libraries.push({
      id: repo.id,
      name: repo.name,
      owner: repo.owner,
      encrypted: repo.encryption !== undefined,
      headCommitId: repo.headCommitId,
      commits,
      entries,
    })
  }
  return { namespace, users, libraries }
}
