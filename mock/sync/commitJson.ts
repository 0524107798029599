import { createHash } from 'node:crypto'
import { isObjectId, isRepoId } from './idLists.ts'

/** The fields of a commit object the mock reads; the raw JSON is kept and served as received. */
export interface CommitFields {
  commitId: string
  repoId: string
  rootId: string
  creator: string
  creatorName?: string
  description: string
  ctime: number
  parentId: string | null
  secondParentId: string | null
  version: number
}

/** A commit body that commitmgr.go::FromData refuses; the message goes into the 400. */
export class CommitJsonError extends Error {
  override readonly name = 'CommitJsonError'
}

/**
 * Parses an uploaded commit with the checks of commitmgr.go::Commit.FromData: a UUID `repo_id`, a valid
 * `root_id`, a 40-character `creator`, valid or null parents. Types are checked as Go's json.Unmarshal would.
 */
export function parseCommit(raw: Uint8Array): CommitFields {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'))
  } catch (err) {
    throw new CommitJsonError((err as Error).message)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CommitJsonError('json: cannot unmarshal non-object into Go value of type commitmgr.Commit')
  }
  const c = value as Record<string, unknown>
  const str = (key: string): string => {
    const v = c[key]
    if (v === undefined || v === null) return ''
    if (typeof v !== 'string')
      throw new CommitJsonError(`json: cannot unmarshal into Go struct field Commit.${key}`)
    return v
  }
  const int = (key: string): number => {
    const v = c[key]
    if (v === undefined || v === null) return 0
    if (!Number.isInteger(v))
      throw new CommitJsonError(`json: cannot unmarshal into Go struct field Commit.${key}`)
    return v as number
  }
  const fields: CommitFields = {
    commitId: str('commit_id'),
    repoId: str('repo_id'),
    rootId: str('root_id'),
    creator: str('creator'),
    description: str('description'),
    ctime: int('ctime'),
    parentId: c.parent_id == null ? null : str('parent_id'),
    secondParentId: c.second_parent_id == null ? null : str('second_parent_id'),
    version: int('version'),
  }
  if (typeof c.creator_name === 'string') fields.creatorName = c.creator_name
  if (!isRepoId(fields.repoId)) throw new CommitJsonError(`repo id ${fields.repoId} is invalid`)
  if (!isObjectId(fields.rootId)) throw new CommitJsonError(`root id ${fields.rootId} is invalid`)
  if (fields.creator.length !== 40) throw new CommitJsonError(`creator id ${fields.creator} is invalid`)
  if (fields.parentId !== null && !isObjectId(fields.parentId)) {
    throw new CommitJsonError(`parent id ${fields.parentId} is invalid`)
  }
  if (fields.secondParentId !== null && !isObjectId(fields.secondParentId)) {
    throw new CommitJsonError(`second parent id ${fields.secondParentId} is invalid`)
  }
  return fields
}

/**
 * Whether `commitId` is the hash of the commit's fields: root id, creator, creator name (when present),
 * description and ctime as 8 big-endian bytes. The desktop client hashes each string with its NUL terminator
 * (commit-mgr.c::compute_commit_id), the Go server without (commitmgr.go::computeCommitID); either is accepted.
 */
export function commitIdMatches(commit: CommitFields): boolean {
  const ctime = Buffer.alloc(8)
  ctime.writeBigInt64BE(BigInt(commit.ctime))
  const strings = [commit.rootId, commit.creator, commit.creatorName, commit.description].filter(
    (s): s is string => s !== undefined,
  )
  const hash = (terminator: string) => {
    const h = createHash('sha1')
    for (const s of strings) h.update(s + terminator, 'utf8')
    return h.update(ctime).digest('hex')
  }
  return commit.commitId === hash('\0') || commit.commitId === hash('')
}
