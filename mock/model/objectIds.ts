/**
 * Ids computed exactly as the real server computes them (semantics §5, sync protocol §2.4): block id =
 * SHA-1 of the bytes; file and dir ids = SHA-1 of the jansson JSON of the object; commit id as Go's
 * commitmgr.go::computeCommitID.
 */
import { createHash } from 'node:crypto'
import { janssonJson } from '../http/json.ts'
import { EMPTY_ID, type FsDirent, isRegularMode } from '../sync/fsObjects.ts'
import { compareBytes } from '../sync/treeDiff.ts'

export type { FsDirent }
export { EMPTY_ID }

/** Mode of a regular file dirent (`0100644`). */
export const FILE_MODE = 33188
/** C `post_dir` writes bare `S_IFDIR` (Go's upload mkdir writes 16804); seahub's mkdir goes through C. */
export const DIR_MODE = 16384

export const sha1Hex = (data: string | Uint8Array): string => createHash('sha1').update(data).digest('hex')

/** fsmgr.go::Seafile.toJSON: `{"block_ids": [...], "size": N, "type": 1, "version": 1}`. */
export const fileObjectJson = (blockIds: string[], size: number): string =>
  janssonJson({ block_ids: blockIds, size, type: 1, version: 1 })

/** A file's id; zero blocks give the empty id, which is never stored. */
export const fileObjectId = (blockIds: string[], size: number): string =>
  blockIds.length === 0 ? EMPTY_ID : sha1Hex(fileObjectJson(blockIds, size))

/** Sorts dirents by name, descending, bytewise (C `compare_dirents` = `strcmp(b, a)`). */
export const sortDirents = (dirents: FsDirent[]): FsDirent[] =>
  [...dirents].sort((a, b) => compareBytes(b.name, a.name))

/** One dirent as `seaf_dirent_to_json` writes it: directories have no `modifier` and `size`. */
function direntValue(d: FsDirent): Record<string, unknown> {
  return isRegularMode(d.mode)
    ? { id: d.id, mode: d.mode, modifier: d.modifier ?? '', mtime: d.mtime, name: d.name, size: d.size ?? 0 }
    : { id: d.id, mode: d.mode, mtime: d.mtime, name: d.name }
}

/** fsmgr.go::SeafDir.toJSON over the dirents sorted as stored. */
export const dirObjectJson = (dirents: FsDirent[]): string =>
  janssonJson({ dirents: sortDirents(dirents).map(direntValue), type: 3, version: 1 })

/** A directory's id; no entries give the empty id, which is never stored. */
export const dirObjectId = (dirents: FsDirent[]): string =>
  dirents.length === 0 ? EMPTY_ID : sha1Hex(dirObjectJson(dirents))

/**
 * commitmgr.go::computeCommitID: SHA-1 of root_id, creator_id, creator_name, description, then ctime as a
 * big-endian uint64.
 */
export function commitId(
  rootId: string,
  creatorId: string,
  creatorName: string,
  desc: string,
  ctime: number,
) {
  const time = Buffer.alloc(8)
  time.writeBigUInt64BE(BigInt(ctime))
  return createHash('sha1')
    .update(rootId)
    .update(creatorId)
    .update(creatorName)
    .update(desc)
    .update(time)
    .digest('hex')
}
