/**
 * Commits, stored in the MetaStore (`commits` namespace) in the shape commit-mgr.c / commitmgr.go write
 * them; `commitJson` gives the bytes the sync protocol serves. History, revert and trash all walk this chain.
 */
import { dumpJson } from '../http/json.ts'
import type { MetaStore } from '../store/MetaStore.ts'
import { commitId, sha1Hex } from './objectIds.ts'

/** The server's own commits carry `"0" * 40` as creator id (repo-mgr.c). */
export const SERVER_CREATOR_ID = '0'.repeat(40)

/** A commit as stored; key order is the wire order (jansson `json_dumps(obj, 0)` keeps insertion order). */
export interface Commit {
  commit_id: string
  root_id: string
  repo_id: string
  creator_name: string
  creator: string
  description: string
  ctime: number
  parent_id: string | null
  second_parent_id: string | null
  repo_name: string
  repo_desc: string
  repo_category: null
  device_name?: string
  client_version?: string
  encrypted?: 'true'
  enc_version?: number
  magic?: string
  random_key?: string
  salt?: string
  version: number
  /** Sync uploads: the exact bytes the client sent, served instead of re-serialising. */
  raw?: string
}

/** The commit's JSON as stored and served by `/seafhttp/repo/<id>/commit/<cid>`. */
export const commitJson = (commit: Commit): string => {
  if (commit.raw !== undefined) return commit.raw
  const { raw: _raw, ...fields } = commit
  return dumpJson(fields)
}

export const COMMITS = 'commits'

export interface NewCommit {
  repoId: string
  rootId: string
  parentId: string | null
  creatorName: string
  description: string
  repoName: string
  repoDesc: string
  ctime: number
  encryption?: Pick<Commit, 'enc_version' | 'magic' | 'random_key' | 'salt'>
}

/**
 * Builds a commit with Go's id formula. Two commits with the same root, description and second (a file
 * added, removed and added again) would share an id; the parent is then folded in, so ids never repeat.
 */
export async function makeCommit(meta: MetaStore, c: NewCommit): Promise<Commit> {
  let id = commitId(c.rootId, SERVER_CREATOR_ID, c.creatorName, c.description, c.ctime)
  while (await meta.get(COMMITS, id)) id = sha1Hex(id + (c.parentId ?? ''))
  const commit: Commit = {
    commit_id: id,
    root_id: c.rootId,
    repo_id: c.repoId,
    creator_name: c.creatorName,
    creator: SERVER_CREATOR_ID,
    description: c.description,
    ctime: c.ctime,
    parent_id: c.parentId,
    second_parent_id: null,
    repo_name: c.repoName,
    repo_desc: c.repoDesc,
    repo_category: null,
    version: 1,
  }
  if (c.encryption) {
    commit.encrypted = 'true'
    Object.assign(commit, c.encryption)
  }
  return commit
}

export const getCommit = (meta: MetaStore, id: string): Promise<Commit | undefined> =>
  meta.get<Commit>(COMMITS, id)

/** The first-parent chain from `headId`, newest first. */
export async function* commitChain(meta: MetaStore, headId: string): AsyncGenerator<Commit> {
  let id: string | null = headId
  const seen = new Set<string>()
  while (id && !seen.has(id)) {
    seen.add(id)
    const commit: Commit | undefined = await getCommit(meta, id)
    if (!commit) return
    yield commit
    id = commit.parent_id
  }
}

/** Commit descriptions of server/repo-op.c (§8). */
export const describe = {
  added: (name: string) => `Added "${name}"`,
  addedMany: (name: string, more: number) =>
    more > 0 ? `Added "${name}" and ${more} more files.` : `Added "${name}".`,
  modified: (name: string) => `Modified "${name}"`,
  deleted: (name: string) => `Deleted "${name}"`,
  removedDir: (name: string) => `Removed directory "${name}"`,
  addedDir: (name: string) => `Added directory "${name}"`,
  renamed: (name: string) => `Renamed "${name}"`,
  renamedDir: (name: string) => `Renamed directory "${name}"`,
  moved: (name: string) => `Moved "${name}"`,
  created: () => 'Created library',
}
