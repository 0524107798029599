import { randomBytes } from 'node:crypto'
import { dumpJson } from '../../http/json.ts'
import type { ServerCommit, SyncBackend, TokenGrant } from '../backend.ts'
import type { CommitFields } from '../commitJson.ts'
import { EMPTY_ID, type FsDirent } from '../fsObjects.ts'
import { dirDirent, dirObject, fileDirent, fileObject } from './objects.ts'

/** One library of the in-memory test double. */
export interface MemoryRepo {
  id: string
  name: string
  owner: string
  head: string
  deleted?: boolean
  readOnly?: boolean
}

/**
 * A SyncBackend over plain Maps, for the route tests of `/seafhttp`: what the mock's store adapter does, with
 * nothing else around it. Objects are made in the real formats.
 */
export class MemorySyncBackend implements SyncBackend {
  readonly repos = new Map<string, MemoryRepo>()
  readonly tokens = new Map<string, TokenGrant>()
  readonly commits = new Map<string, Uint8Array>()
  readonly fs = new Map<string, Uint8Array>()
  readonly blocks = new Map<string, Uint8Array>()
  quotaLeft = Number.POSITIVE_INFINITY

  /** A library whose first commit is `Created library` on the empty root, and a sync token for `owner`. */
  async addRepo(name: string, owner: string): Promise<{ repo: MemoryRepo; token: string }> {
    const repo: MemoryRepo = { id: crypto.randomUUID(), name, owner, head: '' }
    this.repos.set(repo.id, repo)
    repo.head = this.storeCommit(repo.id, {
      root_id: EMPTY_ID,
      parent_id: null,
      creator_name: owner,
      description: 'Created library',
    })
    const token = randomBytes(20).toString('hex')
    this.tokens.set(token, { repoId: repo.id, user: owner })
    return { repo, token }
  }

  /** Stores a file's blocks and object, as a web upload would; returns its dirent. */
  putFile(name: string, content: Uint8Array, modifier = 'a@b.c'): FsDirent {
    const file = fileObject(content)
    for (const [id, block] of file.blocks) this.blocks.set(id, block)
    if (file.id !== EMPTY_ID) this.fs.set(file.id, file.stored)
    return fileDirent(name, file, modifier)
  }

  putDir(name: string, dirents: FsDirent[]): FsDirent {
    return dirDirent(name, { id: this.storeDir(dirents) })
  }

  /** A server commit of `dirents` as the new root on top of the head, which moves. */
  commitRoot(repoId: string, dirents: FsDirent[], description = 'Added files'): string {
    const repo = this.repos.get(repoId)!
    repo.head = this.storeCommit(repoId, {
      root_id: this.storeDir(dirents),
      parent_id: repo.head,
      creator_name: repo.owner,
      description,
    })
    return repo.head
  }

  private storeDir(dirents: FsDirent[]): string {
    const dir = dirObject(dirents)
    if (dir.id !== EMPTY_ID) this.fs.set(dir.id, dir.stored)
    return dir.id
  }

  private storeCommit(repoId: string, fields: Record<string, unknown>): string {
    const id = randomBytes(20).toString('hex')
    const commit = { commit_id: id, repo_id: repoId, creator: EMPTY_ID, ctime: 1_700_000_000, ...fields }
    this.commits.set(
      `${repoId}/${id}`,
      Buffer.from(dumpJson({ second_parent_id: null, version: 1, ...commit })),
    )
    return id
  }

  async tokenGrant(token: string) {
    return this.tokens.get(token)
  }
  async repoStatus(repoId: string) {
    const repo = this.repos.get(repoId)
    return !repo || repo.deleted ? ('deleted' as const) : ('normal' as const)
  }
  async permission(repoId: string, user: string) {
    const repo = this.repos.get(repoId)
    if (!repo || repo.owner !== user) return undefined
    return repo.readOnly ? ('r' as const) : ('rw' as const)
  }
  async headCommitId(repoId: string) {
    const repo = this.repos.get(repoId)
    return repo && !repo.deleted ? repo.head : undefined
  }
  async compareAndSetHead(repoId: string, expected: string, next: string) {
    const repo = this.repos.get(repoId)
    if (!repo || repo.head !== expected) return false
    repo.head = next
    return true
  }
  async readCommit(repoId: string, commitId: string) {
    return this.commits.get(`${repoId}/${commitId}`)
  }
  async writeCommit(repoId: string, commit: CommitFields, raw: Uint8Array) {
    this.commits.set(`${repoId}/${commit.commitId}`, raw)
  }
  async createCommit(repoId: string, commit: ServerCommit) {
    return this.storeCommit(repoId, {
      root_id: commit.rootId,
      parent_id: commit.parentId,
      second_parent_id: commit.secondParentId ?? null,
      creator_name: commit.user,
      description: commit.description,
      new_merge: commit.newMerge ? 1 : undefined,
      conflict: commit.conflict ? 1 : undefined,
    })
  }
  async hasFsObject(_repoId: string, id: string) {
    return this.fs.has(id)
  }
  async readFsObject(_repoId: string, id: string) {
    return this.fs.get(id)
  }
  async writeFsObject(_repoId: string, id: string, stored: Uint8Array) {
    this.fs.set(id, stored)
  }
  async createDir(_repoId: string, dirents: FsDirent[]) {
    return this.storeDir(dirents)
  }
  async hasBlock(_repoId: string, id: string) {
    return this.blocks.has(id)
  }
  async readBlock(_repoId: string, id: string) {
    return this.blocks.get(id)
  }
  async writeBlock(_repoId: string, id: string, bytes: Uint8Array) {
    this.blocks.set(id, bytes)
  }
  async quotaExceeded(_repoId: string, delta: number) {
    return delta > this.quotaLeft
  }
}
