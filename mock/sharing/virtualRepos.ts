/**
 * Sub-libraries (seafile's virtual repos, server/virtual-repo.c): a folder of a library with its own id,
 * owner (the origin's owner) and history. A change on either side is mirrored to the other after it
 * commits, as seafile merges virtual repos with their origin. Changes the desktop client pushes through
 * /seafhttp do not go through `Repos.mutate` and are mirrored with the next web change.
 */
import type { Commit } from '../model/commits.ts'
import { joinName, normalizePath, splitPath } from '../model/names.ts'
import { encryptRepo } from '../model/repoCrypto.ts'
import type { CommitChain, RepoRecord } from '../model/repos.ts'
import { lookup, nowSeconds, updateDir, walkTree } from '../model/repoTree.ts'
import type { Seafile } from '../model/seafile.ts'
import { isDirMode } from '../sync/fsObjects.ts'

/** One propagation step: the lock-holding chain, and the commit's description and author to repeat. */
interface Mirror {
  chain: CommitChain
  description: string
  user: string
}

export class VirtualRepos {
  constructor(readonly seaf: Seafile) {}

  /** The live sub-libraries whose origin is live too. */
  async list(filter: (r: RepoRecord) => boolean = () => true): Promise<RepoRecord[]> {
    const repos = await this.seaf.repos.list()
    const live = new Set(repos.map((r) => r.id))
    return repos.filter((r) => r.virtual && live.has(r.virtual.originId) && filter(r))
  }

  async find(originId: string, path: string): Promise<RepoRecord | undefined> {
    const norm = normalizePath(path)
    return (await this.list((r) => r.virtual?.originId === originId && r.virtual.path === norm))[0]
  }

  /**
   * seaf_repo_manager_create_new_virtual_repo: the existing sub-library of (origin, path), or a new one
   * starting from the folder as it is now. A sub-library of a sub-library maps to the real origin. Returns
   * `undefined` when the folder does not exist. An encrypted library's needs the password.
   */
  async getOrCreate(
    origin: RepoRecord,
    path: string,
    name: string,
    password?: string,
  ): Promise<RepoRecord | undefined> {
    let base = origin
    let full = normalizePath(path)
    if (origin.virtual) {
      const real = await this.seaf.repos.get(origin.virtual.originId)
      if (!real) return undefined
      base = real
      full = normalizePath(`${origin.virtual.path}/${full}`)
    }
    const existing = await this.find(base.id, full)
    if (existing) return existing
    const dir = await lookup(this.seaf.fs, (await this.seaf.repos.head(base)).root_id, full)
    if (!dir || !isDirMode(dir.mode)) return undefined
    return this.seaf.repos.create({
      name,
      desc: name,
      owner: base.owner,
      rootId: dir.id,
      virtual: { originId: base.id, path: full },
      // An encrypted library's sub-library is encrypted with the same password (its own magic).
      encryption: base.encryption && password ? (id) => encryptRepo(id, password) : undefined,
    })
  }

  /**
   * A `Repos` commit listener: mirrors a sub-library's commit into its origin and an origin's into its
   * sub-libraries. Each mirror reads the current heads (not the commit that triggered it, which a
   * concurrent change may have overtaken), and a propagation never returns to a library it came through:
   * otherwise two sub-libraries (say of `/` and of a folder) would bounce stale roots back and forth.
   */
  readonly mirror = async (
    repo: RepoRecord,
    commit: Commit,
    user: string,
    chain: CommitChain,
  ): Promise<void> => {
    const how: Mirror = { chain, description: commit.description, user }
    if (repo.virtual) {
      if (!chain.visited.has(repo.virtual.originId)) await this.#intoOrigin(how, repo)
      return
    }
    for (const sub of await this.list((r) => r.virtual?.originId === repo.id && !chain.visited.has(r.id)))
      await this.#intoSub(how, repo, sub)
  }

  /** `origin` is the record its commit just wrote, under the family lock: its head is the current one. */
  async #intoSub({ chain, description, user }: Mirror, origin: RepoRecord, sub: RepoRecord): Promise<void> {
    const rootId = (await this.seaf.repos.head(origin)).root_id
    const dir = await lookup(this.seaf.fs, rootId, sub.virtual!.path)
    if (!dir || !isDirMode(dir.mode)) return this.#followOrDrop(chain, sub, rootId)
    await chain.mutate(sub.id, user, async () => ({ rootId: dir.id, description, result: undefined }))
  }

  /**
   * The folder is gone from the origin: renamed or moved, it keeps its id (the sub-library's root) and the
   * sub-library follows it to the new path; deleted, the sub-library goes too
   * (seaf_repo_manager_handle_missing_virtual_repo).
   */
  async #followOrDrop(chain: CommitChain, sub: RepoRecord, rootId: string): Promise<void> {
    const subRoot = (await this.seaf.repos.head(sub)).root_id
    const candidates: string[] = []
    for await (const { dirent, parent } of walkTree(this.seaf.fs, rootId))
      if (isDirMode(dirent.mode) && dirent.id === subRoot) candidates.push(joinName(parent, dirent.name))
    // Empty folders all share one id: several candidates are told apart by the old name, if at all.
    const oldName = splitPath(sub.virtual!.path).name
    const moved =
      candidates.length === 1 ? candidates[0] : candidates.find((p) => splitPath(p).name === oldName)
    await chain.update(sub.id, (r) =>
      moved && r.virtual
        ? { ...r, virtual: { ...r.virtual, path: moved } }
        : { ...r, deletedAt: Math.floor(Date.now() / 1000) },
    )
  }

  /** `sub` is the record its commit just wrote, under the family lock: its head is the current one. */
  async #intoOrigin({ chain, description, user }: Mirror, sub: RepoRecord): Promise<void> {
    const originId = sub.virtual!.originId
    if (sub.deletedAt || !(await this.seaf.repos.get(originId))) return
    const subRoot = (await this.seaf.repos.head(sub)).root_id
    const path = sub.virtual!.path
    const { parent, name } = splitPath(path)
    await chain.mutate(originId, user, async (head) => {
      const unchanged = { rootId: head.root_id, description, result: undefined }
      if (path === '/') return { ...unchanged, rootId: subRoot }
      const here = await lookup(this.seaf.fs, head.root_id, path)
      if (!here || !isDirMode(here.mode) || here.id === subRoot) return unchanged
      const updated = await updateDir(this.seaf.fs, head.root_id, parent, (dirents) => ({
        dirents: dirents.map((d) =>
          d.name === name && isDirMode(d.mode) ? { ...d, id: subRoot, mtime: nowSeconds() } : d,
        ),
        result: undefined,
      }))
      return updated ? { ...unchanged, rootId: updated.rootId } : unchanged
    })
  }
}
