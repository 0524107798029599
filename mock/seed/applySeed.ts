/**
 * Puts a prepared seed into a fresh model through the same model calls the routes use (users, repos,
 * mkdir, store + commit), so seeded libraries have real ids, commits and history.
 */
import { describe } from '../model/commits.ts'
import { splitPath } from '../model/names.ts'
import { encryptRepo } from '../model/repoCrypto.ts'
import { nowSeconds } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import type { PreparedLibrary, PreparedSeed } from './loadSeed.ts'
import { SeedError } from './loadSeed.ts'
import { applySharing, type SharingResult } from './seedSharing.ts'
import { storeTree, type TreeFile } from './seedTree.ts'

export interface SeedResult extends SharingResult {
  users: number
  libraries: number
  files: number
}

/**
 * Applies `seed` to `seaf`: accounts, libraries and their files, then groups, shares and links. Existing
 * accounts are kept; a library id or a group name that exists is an error.
 */
export async function applySeed(seaf: Seafile, seed: PreparedSeed): Promise<SeedResult> {
  let users = 0
  for (const input of seed.users) {
    const existing = await seaf.users.get(input.email)
    const user = existing ?? (await seaf.users.create(input))
    if (!existing) users++
    if (input.quota !== undefined) await seaf.users.save({ ...user, quota: input.quota })
    if (input.totpSecret !== undefined)
      await seaf.users.save({ ...((await seaf.users.get(user.email)) ?? user), totpSecret: input.totpSecret })
  }
  let files = 0
  for (const library of seed.libraries) files += await seedLibrary(seaf, seed.source, library)
  const sharing = await applySharing(seaf, seed)
  return { users, libraries: seed.libraries.length, files, ...sharing }
}

async function seedLibrary(seaf: Seafile, source: string, library: PreparedLibrary): Promise<number> {
  const fail = (message: string): never => {
    throw new SeedError(`seed ${source}: library "${library.name}": ${message}`)
  }
  if (!(await seaf.users.get(library.owner))) fail(`owner ${library.owner} is not an account`)
  if (library.id && (await seaf.repos.get(library.id))) fail(`id ${library.id} exists`)
  const { password } = library
  const repo = await seaf.repos.create({
    name: library.name,
    desc: library.desc,
    owner: library.owner,
    id: library.id,
    encryption: password ? (id) => encryptRepo(id, password) : undefined,
  })
  // One commit with the whole tree, as a first sync of a folder would make.
  const mtime = nowSeconds()
  const files: TreeFile[] = []
  for (const file of library.files) {
    if (!splitPath(file.path).name) fail(`file path ${file.path} has no name`)
    const stored = await seaf.storeFileFromStream(file.data)
    files.push({ path: file.path, fileId: stored.fileId, size: stored.size, mtime: file.mtime ?? mtime })
  }
  let rootId: string
  try {
    rootId = await storeTree(seaf, library.dirs ?? [], files, library.owner, mtime)
  } catch (err) {
    if (err instanceof SeedError) fail(err.message)
    throw err
  }
  const [file] = library.files
  const [dir] = library.dirs ?? []
  await seaf.repos.mutate(repo.id, library.owner, async () => ({
    rootId,
    description: file
      ? describe.addedMany(splitPath(file.path).name, files.length - 1)
      : describe.addedDir(splitPath(dir ?? '/').name),
    result: undefined,
  }))
  return library.files.length
}
