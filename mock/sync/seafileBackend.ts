import { COMMITS, type Commit, commitJson, getCommit, makeCommit } from '../model/commits.ts'
import { REPOS, type RepoRecord } from '../model/repos.ts'
import type { Seafile } from '../model/seafile.ts'
import { overQuota } from '../upload/fileserverHttp.ts'
import type { ServerCommit, SyncBackend } from './backend.ts'
import type { CommitFields } from './commitJson.ts'
import type { FsDirent } from './fsObjects.ts'

/**
 * The `/seafhttp` routes over the mock's one store: the same repo records, commit chain, fs objects and
 * blocks the web API reads and writes, so a client's upload is the web API's next listing and a web upload
 * is the client's next pull.
 */
export class SeafileSyncBackend implements SyncBackend {
  constructor(readonly seaf: Seafile) {}

  /** The tokens download-info issues (`seaf.syncTokens`). */
  tokenGrant(token: string) {
    return this.seaf.syncTokens.grant(token)
  }

  async repoStatus(repoId: string) {
    return (await this.seaf.repos.get(repoId)) ? ('normal' as const) : ('deleted' as const)
  }

  async permission(repoId: string, user: string) {
    const repo = await this.seaf.repos.get(repoId)
    return repo && this.seaf.getPermission(user, repo)
  }

  async headCommitId(repoId: string) {
    return (await this.seaf.repos.get(repoId))?.headCommitId
  }

  /** Under the repo lock the web API's `mutate` takes, so a sync update and a web change never interleave. */
  compareAndSetHead(repoId: string, expected: string, next: string) {
    return this.seaf.repos.withLock(repoId, async () => {
      const repo = await this.seaf.repos.get(repoId)
      if (!repo || repo.headCommitId !== expected) return false
      await this.seaf.meta.put(REPOS, repoId, { ...repo, headCommitId: next } satisfies RepoRecord)
      return true
    })
  }

  async readCommit(repoId: string, commitId: string) {
    const commit = await getCommit(this.seaf.meta, commitId)
    if (!commit || commit.repo_id !== repoId) return undefined
    return Buffer.from(commitJson(commit))
  }

  /** Keeps the client's bytes (`raw`) and the fields history and the web API read. */
  async writeCommit(_repoId: string, fields: CommitFields, raw: Uint8Array) {
    const parsed = JSON.parse(Buffer.from(raw).toString('utf8')) as Record<string, unknown>
    const text = (key: string) => (typeof parsed[key] === 'string' ? (parsed[key] as string) : '')
    const commit: Commit = {
      commit_id: fields.commitId,
      root_id: fields.rootId,
      repo_id: fields.repoId,
      creator_name: fields.creatorName ?? '',
      creator: fields.creator,
      description: fields.description,
      ctime: fields.ctime,
      parent_id: fields.parentId,
      second_parent_id: fields.secondParentId,
      repo_name: text('repo_name'),
      repo_desc: text('repo_desc'),
      repo_category: null,
      device_name: text('device_name') || undefined,
      client_version: text('client_version') || undefined,
      version: fields.version,
      raw: Buffer.from(raw).toString('utf8'),
    }
    await this.seaf.meta.put(COMMITS, commit.commit_id, commit)
  }

  /** fileop.go::genCommitNeedRetry: the merge commit, with the client's commit as second parent. */
  async createCommit(repoId: string, c: ServerCommit) {
    const repo = await this.seaf.repos.get(repoId)
    if (!repo) throw new Error(`repo ${repoId} is missing`)
    const commit = await makeCommit(this.seaf.meta, {
      repoId,
      rootId: c.rootId,
      parentId: c.parentId,
      creatorName: c.user,
      description: c.description,
      repoName: repo.name,
      repoDesc: repo.desc,
      ctime: Math.floor(Date.now() / 1000),
    })
    const merged: Commit & { new_merge?: number; conflict?: number } = {
      ...commit,
      second_parent_id: c.secondParentId ?? null,
    }
    if (c.newMerge) merged.new_merge = 1
    if (c.conflict) merged.conflict = 1
    await this.seaf.meta.put(COMMITS, merged.commit_id, merged)
    return merged.commit_id
  }

  hasFsObject(_repoId: string, id: string) {
    return this.seaf.fs.objects.has(id)
  }

  readFsObject(_repoId: string, id: string) {
    return this.seaf.fs.objects.get(id)
  }

  writeFsObject(_repoId: string, id: string, stored: Uint8Array) {
    return this.seaf.fs.putRaw(id, stored)
  }

  createDir(_repoId: string, dirents: FsDirent[]) {
    return this.seaf.fs.putDir(dirents)
  }

  hasBlock(_repoId: string, id: string) {
    return this.seaf.blocks.has(id)
  }

  readBlock(_repoId: string, id: string) {
    return this.seaf.blocks.get(id)
  }

  writeBlock(_repoId: string, id: string, bytes: Uint8Array) {
    return this.seaf.blocks.put(id, bytes)
  }

  /** fileserver/quota.go::checkQuota, shared with the upload routes. */
  quotaExceeded(repoId: string, delta: number) {
    return overQuota(this.seaf, repoId, delta)
  }
}
