import type { CommitFields } from './commitJson.ts'
import type { FsDirent } from './fsObjects.ts'

/** What a sync token (download-info's `token`) grants: one library, for one user. */
export interface TokenGrant {
  repoId: string
  user: string
}

/** repomgr: a library that does not exist answers 444; a corrupted one 445. */
export type RepoStatus = 'normal' | 'deleted' | 'corrupted'

/** The fields of a commit the server makes itself (a merge on update-branch). */
export interface ServerCommit {
  rootId: string
  parentId: string
  secondParentId?: string
  user: string
  description: string
  /** commitmgr.go: `new_merge` and `conflict` are set on merge commits. */
  newMerge?: boolean
  conflict?: boolean
}

/**
 * The storage the `/seafhttp` routes work on: the mock's one store of libraries, commits, fs objects and
 * blocks, so sync and the web API see the same history. Object bytes are passed as stored: commits as raw
 * JSON, fs objects zlib-compressed, blocks raw.
 */
export interface SyncBackend {
  tokenGrant(token: string): Promise<TokenGrant | undefined>
  /** Records the client that checked permission with `token` (`client_id`, `client_name`). */
  notePeer?(token: string, clientId: string, clientName: string): Promise<void>
  repoStatus(repoId: string): Promise<RepoStatus>
  /** `rw`, `r`, or `undefined` when the user has no access. */
  permission(repoId: string, user: string): Promise<'rw' | 'r' | undefined>
  headCommitId(repoId: string): Promise<string | undefined>
  /** Moves `master` from `expected` to `next`; `false` when the head is no longer `expected`. */
  compareAndSetHead(repoId: string, expected: string, next: string): Promise<boolean>

  readCommit(repoId: string, commitId: string): Promise<Uint8Array | undefined>
  writeCommit(repoId: string, commit: CommitFields, raw: Uint8Array): Promise<void>
  /** Serializes, stores and returns the id of a commit made by the server. */
  createCommit(repoId: string, commit: ServerCommit): Promise<string>

  hasFsObject(repoId: string, id: string): Promise<boolean>
  readFsObject(repoId: string, id: string): Promise<Uint8Array | undefined>
  writeFsObject(repoId: string, id: string, stored: Uint8Array): Promise<void>
  /** Serializes, stores and returns the id of a directory made by the server (dirents sorted by the caller). */
  createDir(repoId: string, dirents: FsDirent[]): Promise<string>

  hasBlock(repoId: string, id: string): Promise<boolean>
  readBlock(repoId: string, id: string): Promise<Uint8Array | undefined>
  writeBlock(repoId: string, id: string, bytes: Uint8Array): Promise<void>

  /** True when adding `delta` bytes would exceed the owner's quota (443). */
  quotaExceeded(repoId: string, delta: number): Promise<boolean>
}
