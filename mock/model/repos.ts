/**
 * Libraries: a record per repo (name, owner, head commit, encryption) and the one way to change a repo's
 * tree, `mutate`, which serialises writers per repo and lands the new commit and the head together.
 */
import { randomUUID } from 'node:crypto'
import type { MetaStore } from '../store/MetaStore.ts'
import { COMMITS, type Commit, describe, getCommit, makeCommit } from './commits.ts'
import { EMPTY_ID } from './objectIds.ts'
import type { RepoEncryption } from './repoCrypto.ts'
import { nowSeconds } from './repoTree.ts'

export const REPOS = 'repos'

export interface RepoRecord {
  id: string
  name: string
  desc: string
  owner: string
  headCommitId: string
  /** Creation time, seconds. */
  created: number
  version: number
  encryption?: RepoEncryption
  /** History limit in days; -1 keeps everything (seafile_api.get_repo_history_limit). */
  historyLimit: number
  /** Trash entries deleted before this time (seconds) are gone (`DELETE …/trash/`). */
  trashCleanedAt?: number
  /** `DELETE …/trash/` with keep_days 0: removals up to this commit are gone. */
  trashCleanedCommit?: string
  /** Set when the library was deleted (it then sits in the repo trash, invisible to the API). */
  deletedAt?: number
  /** A sub-library (virtual repo, virtual-repo.c): a folder of `originId` with its own id and history. */
  virtual?: { originId: string; path: string }
}

/**
 * What a commit listener may do while the lock its library shares with its sub-libraries is held: change
 * another library of the family (`mutate`, whose listeners run in turn) or its record (`update`), without
 * taking the lock again. `visited` are the libraries this propagation has gone through, this one included.
 */
export interface CommitChain {
  readonly visited: ReadonlySet<string>
  mutate<T>(
    repoId: string,
    user: string,
    change: (head: Commit, repo: RepoRecord) => Promise<TreeChange<T>>,
  ): Promise<{ result: T; commit?: Commit; repo: RepoRecord }>
  update(id: string, change: (repo: RepoRecord) => RepoRecord): Promise<RepoRecord | undefined>
}

/** Called after a commit lands, still under its family's lock (e.g. to mirror a folder into its sub-library). */
export type CommitListener = (
  repo: RepoRecord,
  commit: Commit,
  user: string,
  chain: CommitChain,
) => Promise<void>

/** The new tree a change produces; `undefined` or an unchanged root makes no commit. */
export interface TreeChange<T> {
  rootId: string
  description: string
  result: T
  /** Commit even if the root did not change (renaming a library). */
  force?: boolean
  /** New name or description, written with the commit (seafile_api.edit_repo). */
  rename?: { name: string; desc: string }
}

export class Repos {
  readonly #locks = new Map<string, Promise<unknown>>()
  /** Sharing mirrors sub-libraries through these; a listener's failure never fails the change itself. */
  readonly commitListeners: CommitListener[] = []

  constructor(readonly meta: MetaStore) {}

  async create(input: {
    name: string
    desc?: string
    owner: string
    id?: string
    encryption?: (id: string) => RepoEncryption
    /** The first commit's root (a sub-library starts from its folder); default the empty dir. */
    rootId?: string
    virtual?: RepoRecord['virtual']
  }): Promise<RepoRecord> {
    const id = input.id ?? randomUUID()
    const encryption = input.encryption?.(id)
    const ctime = nowSeconds()
    // repo-mgr.c::create_repo_common: the first commit, root 000…0, "Created library".
    const commit = await makeCommit(this.meta, {
      repoId: id,
      rootId: input.rootId ?? EMPTY_ID,
      parentId: null,
      creatorName: input.owner,
      description: describe.created(),
      repoName: input.name,
      repoDesc: input.desc ?? '',
      ctime,
      encryption: encryption && {
        enc_version: encryption.encVersion,
        magic: encryption.magic,
        random_key: encryption.randomKey,
        salt: encryption.salt || undefined,
      },
    })
    const repo: RepoRecord = {
      id,
      name: input.name,
      desc: input.desc ?? '',
      owner: input.owner,
      headCommitId: commit.commit_id,
      created: ctime,
      version: 1,
      historyLimit: -1,
    }
    if (encryption) repo.encryption = encryption
    if (input.virtual) repo.virtual = input.virtual
    await this.meta.batch([
      { op: 'put', ns: COMMITS, key: commit.commit_id, value: commit },
      { op: 'put', ns: REPOS, key: id, value: repo },
    ])
    return repo
  }

  /** A live library, or `undefined` (absent or deleted). */
  async get(id: string): Promise<RepoRecord | undefined> {
    const repo = await this.meta.get<RepoRecord>(REPOS, id)
    return repo && repo.deletedAt === undefined ? repo : undefined
  }

  async list(): Promise<RepoRecord[]> {
    return (await this.meta.list<RepoRecord>(REPOS))
      .map(([, r]) => r)
      .filter((r) => r.deletedAt === undefined)
  }

  async save(repo: RepoRecord): Promise<void> {
    await this.meta.put(REPOS, repo.id, repo)
  }

  /** Changes a repo's record (not its tree) under the repo lock; `undefined` if the repo is gone. */
  update(id: string, change: (repo: RepoRecord) => RepoRecord): Promise<RepoRecord | undefined> {
    return this.withLock(id, () => this.#updateHeld(id, change))
  }

  async #updateHeld(id: string, change: (repo: RepoRecord) => RepoRecord): Promise<RepoRecord | undefined> {
    const repo = await this.meta.get<RepoRecord>(REPOS, id)
    if (!repo) return undefined
    const next = change(repo)
    await this.save(next)
    return next
  }

  async head(repo: RepoRecord): Promise<Commit> {
    const commit = await getCommit(this.meta, repo.headCommitId)
    if (!commit) throw new Error(`head commit ${repo.headCommitId} of ${repo.id} is missing`)
    return commit
  }

  /**
   * Runs `fn` with the repo's writers serialised (the C daemon holds a repo lock per operation). A library
   * and its sub-libraries share one lock, so that a change and its mirroring into the others happen as one
   * step (commit listeners get a {@link CommitChain} to work under the lock already held). Not re-entrant.
   */
  async withLock<T>(repoId: string, fn: () => Promise<T>): Promise<T> {
    const record = await this.meta.get<RepoRecord>(REPOS, repoId)
    const key = record?.virtual?.originId ?? repoId
    const previous = this.#locks.get(key) ?? Promise.resolve()
    const run = previous.then(fn, fn)
    const tail = run.catch(() => undefined)
    this.#locks.set(key, tail)
    try {
      return await run
    } finally {
      if (this.#locks.get(key) === tail) this.#locks.delete(key)
    }
  }

  /**
   * Reads the head, lets `change` build a new tree, and commits it as `user`. The commit and the new head
   * are written in one batch, after the fs objects `change` stored: a crash never leaves a head pointing at
   * missing objects. Returns the change's result and the commit (none if the tree did not change). The
   * commit listeners run under the same lock, shared by a library and its sub-libraries.
   */
  mutate<T>(
    repoId: string,
    user: string,
    change: (head: Commit, repo: RepoRecord) => Promise<TreeChange<T>>,
  ): Promise<{ result: T; commit?: Commit; repo: RepoRecord }> {
    return this.withLock(repoId, () => this.#mutateHeld(repoId, user, change, new Set()))
  }

  async #mutateHeld<T>(
    repoId: string,
    user: string,
    change: (head: Commit, repo: RepoRecord) => Promise<TreeChange<T>>,
    visited: ReadonlySet<string>,
  ): Promise<{ result: T; commit?: Commit; repo: RepoRecord }> {
    const out = await this.#commit(repoId, user, change)
    if (out.commit) {
      const chain: CommitChain = {
        visited: new Set(visited).add(repoId),
        mutate: (id, by, next) => this.#mutateHeld(id, by, next, chain.visited),
        update: (id, next) => this.#updateHeld(id, next),
      }
      for (const listen of this.commitListeners)
        await listen(out.repo, out.commit, user, chain).catch(() => undefined)
    }
    return out
  }

  async #commit<T>(
    repoId: string,
    user: string,
    change: (head: Commit, repo: RepoRecord) => Promise<TreeChange<T>>,
  ): Promise<{ result: T; commit?: Commit; repo: RepoRecord }> {
    const repo = await this.meta.get<RepoRecord>(REPOS, repoId)
    if (!repo) throw new Error(`repo ${repoId} is missing`)
    const head = await this.head(repo)
    const next = await change(head, repo)
    if (next.rootId === head.root_id && !next.force) return { result: next.result, repo }
    const named = next.rename ? { ...repo, ...next.rename } : repo
    const commit = await makeCommit(this.meta, {
      repoId,
      rootId: next.rootId,
      parentId: head.commit_id,
      creatorName: user,
      description: next.description,
      repoName: named.name,
      repoDesc: named.desc,
      ctime: Math.max(nowSeconds(), head.ctime),
      encryption: head.encrypted
        ? { enc_version: head.enc_version, magic: head.magic, random_key: head.random_key, salt: head.salt }
        : undefined,
    })
    const updated = { ...named, headCommitId: commit.commit_id }
    await this.meta.batch([
      { op: 'put', ns: COMMITS, key: commit.commit_id, value: commit },
      { op: 'put', ns: REPOS, key: repoId, value: updated },
    ])
    return { result: next.result, commit, repo: updated }
  }
}
