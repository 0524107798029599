import { createHash } from 'node:crypto'
import { inflateSync } from 'node:zlib'

/** fsmgr.EmptySha1: the id of an empty file and of an empty directory; such objects are never stored. */
export const EMPTY_ID = '0000000000000000000000000000000000000000'

const S_IFMT = 0o170000
const S_IFDIR = 0o040000
const S_IFREG = 0o100000

/** fsmgr.IsDir / fsmgr.IsRegular over a dirent's `mode`. */
export const isDirMode = (mode: number): boolean => (mode & S_IFMT) === S_IFDIR
export const isRegularMode = (mode: number): boolean => (mode & S_IFMT) === S_IFREG

/** A directory entry as the daemon and the server write it (`fs-mgr.c::seaf_dirent_to_json`). */
export interface FsDirent {
  id: string
  mode: number
  mtime: number
  name: string
  modifier?: string
  size?: number
}

/** A parsed fs object: a file (`type` 1) or a directory (`type` 3). */
export type FsObject =
  | { type: 1; version: number; blockIds: string[]; size: number }
  | { type: 3; version: number; dirents: FsDirent[] }

/** An fs object the mock will not store: the message goes into a 400. */
export class FsObjectError extends Error {
  override readonly name = 'FsObjectError'
}

const OBJECT_ID = /^[0-9a-f]{40}$/

/**
 * Parses the uncompressed JSON of an fs object with the checks the daemon makes on what it downloads
 * (`fs-mgr.c::seafile_from_json_object`, `seaf_dir_from_json_object`): type, version ≥ 1, valid ids, integer
 * sizes and modes.
 */
export function parseFsObject(json: string): FsObject {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new FsObjectError('fs object is not JSON')
  }
  if (!isRecord(value)) throw new FsObjectError('fs object is not a JSON object')
  const { type, version } = value
  if (!Number.isInteger(version) || (version as number) < 1)
    throw new FsObjectError('fs object version invalid')
  if (type === 1) {
    const { block_ids: blockIds, size } = value
    if (!Array.isArray(blockIds) || !blockIds.every((id) => typeof id === 'string' && OBJECT_ID.test(id))) {
      throw new FsObjectError('file object block_ids invalid')
    }
    if (!Number.isSafeInteger(size) || (size as number) < 0)
      throw new FsObjectError('file object size invalid')
    return { type, version: version as number, blockIds: blockIds as string[], size: size as number }
  }
  if (type === 3) {
    const { dirents } = value
    if (!Array.isArray(dirents)) throw new FsObjectError('dir object dirents invalid')
    return { type, version: version as number, dirents: dirents.map(parseDirent) }
  }
  throw new FsObjectError(`fs object type ${String(type)} unknown`)
}

function parseDirent(value: unknown): FsDirent {
  if (!isRecord(value)) throw new FsObjectError('dirent is not a JSON object')
  const { id, mode, mtime, name, modifier, size } = value
  if (typeof id !== 'string' || !OBJECT_ID.test(id)) throw new FsObjectError('dirent id invalid')
  if (!Number.isInteger(mode) || !Number.isInteger(mtime))
    throw new FsObjectError('dirent mode or mtime invalid')
  if (typeof name !== 'string' || name === '' || name.includes('/'))
    throw new FsObjectError('dirent name invalid')
  const dirent: FsDirent = { id, mode: mode as number, mtime: mtime as number, name }
  if (isRegularMode(dirent.mode)) {
    // fs-mgr.c::parse_dirent: a regular file without `modifier` makes the daemon drop the whole directory.
    if (typeof modifier !== 'string') throw new FsObjectError('file dirent without modifier')
    if (!Number.isSafeInteger(size)) throw new FsObjectError('file dirent size invalid')
    dirent.modifier = modifier
    dirent.size = size as number
  }
  return dirent
}

/**
 * Checks an object received from a client before it is stored: it must inflate, parse, and its id must be the
 * SHA-1 of the uncompressed bytes exactly as the client dumped them. The real server stores objects unchecked
 * (sync_api.go::recvFSCB); the mock refuses mismatches so that a client's id computation is tested.
 */
export function checkReceivedFsObject(id: string, stored: Uint8Array): FsObject {
  let json: Buffer
  try {
    json = inflateSync(stored)
  } catch {
    throw new FsObjectError(`Fs obj ${id} is not zlib-compressed`)
  }
  const actual = createHash('sha1').update(json).digest('hex')
  if (actual !== id) throw new FsObjectError(`Fs obj id ${id} does not match its content (${actual})`)
  return parseFsObject(json.toString('utf8'))
}

/** Inflates and parses a stored object. */
export const readFsObject = (stored: Uint8Array): FsObject =>
  parseFsObject(inflateSync(stored).toString('utf8'))

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
