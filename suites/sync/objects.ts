/**
 * The sync protocol's object formats as the desktop client writes them (desktop-client-sync-protocol.md
 * §2.4): fs objects are zlib-compressed jansson JSON (sorted keys, `", "`/`": "`, `\u00XX` escapes in upper
 * case) named by the SHA-1 of the uncompressed bytes; a commit's id hashes its fields with NUL terminators.
 */
import { createHash } from 'node:crypto'
import { deflateSync, inflateSync } from 'node:zlib'
import { EMPTY_ID } from '../client/fileId.ts'

export { EMPTY_ID }
export const FILE_MODE = 33188
export const DIR_MODE = 16384

export const sha1 = (data: string | Uint8Array): string => createHash('sha1').update(data).digest('hex')

/** A JSON string as jansson writes it: raw UTF-8, short escapes, upper-case hex for other controls. */
const str = (s: string): string =>
  JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, (_m, hex: string) => `\\u00${hex.toUpperCase()}`)

export interface Dirent {
  id: string
  mode: number
  mtime: number
  name: string
  modifier?: string
  size?: number
}

/** An object ready to send: its id, its stored (compressed) bytes. */
export interface FsObject {
  id: string
  stored: Buffer
}

const pack = (json: string): FsObject => ({ id: sha1(json), stored: deflateSync(json) })

/** A file object over its blocks; no blocks is the empty id, which is never sent. */
export function fileObject(blockIds: string[], size: number): FsObject {
  if (blockIds.length === 0) return { id: EMPTY_ID, stored: Buffer.alloc(0) }
  return pack(`{"block_ids": [${blockIds.map(str).join(', ')}], "size": ${size}, "type": 1, "version": 1}`)
}

/** A directory object, entries sorted by name descending, bytewise (fs-mgr.c::compare_dirents). */
export function dirObject(dirents: Dirent[]): FsObject {
  if (dirents.length === 0) return { id: EMPTY_ID, stored: Buffer.alloc(0) }
  const sorted = [...dirents].sort((a, b) => Buffer.compare(Buffer.from(b.name), Buffer.from(a.name)))
  const entries = sorted.map((d) =>
    d.mode === FILE_MODE
      ? `{"id": ${str(d.id)}, "mode": ${d.mode}, "modifier": ${str(d.modifier ?? '')}, "mtime": ${d.mtime}, ` +
        `"name": ${str(d.name)}, "size": ${d.size ?? 0}}`
      : `{"id": ${str(d.id)}, "mode": ${d.mode}, "mtime": ${d.mtime}, "name": ${str(d.name)}}`,
  )
  return pack(`{"dirents": [${entries.join(', ')}], "type": 3, "version": 1}`)
}

/** What a stored object holds, after checking that it inflates and that its id is its SHA-1. */
export type Parsed =
  | { type: 1; block_ids: string[]; size: number; version: number }
  | { type: 3; dirents: Dirent[]; version: number }

export function parseObject(id: string, stored: Uint8Array): Parsed {
  const json = inflateSync(stored)
  const actual = sha1(json)
  if (actual !== id) throw new Error(`fs object ${id} hashes to ${actual}`)
  return JSON.parse(json.toString('utf8')) as Parsed
}

/** A commit as seaf-daemon uploads it (commit-mgr.c::commit_to_json_object and compute_commit_id). */
export function clientCommit(c: {
  repoId: string
  rootId: string
  parentId: string
  creatorName: string
  description: string
}): { id: string; raw: Buffer } {
  const creator = sha1(`sync-suite-${c.creatorName}`)
  const ctime = Math.floor(Date.now() / 1000)
  const time = Buffer.alloc(8)
  time.writeBigInt64BE(BigInt(ctime))
  const hash = createHash('sha1')
  for (const field of [c.rootId, creator, c.creatorName, c.description]) hash.update(`${field}\0`)
  const id = hash.update(time).digest('hex')
  const raw =
    `{"commit_id": ${str(id)}, "root_id": ${str(c.rootId)}, "repo_id": ${str(c.repoId)}, ` +
    `"creator_name": ${str(c.creatorName)}, "creator": ${str(creator)}, "description": ${str(c.description)}, ` +
    `"ctime": ${ctime}, "parent_id": ${str(c.parentId)}, "second_parent_id": null, "repo_name": "", ` +
    `"repo_desc": "", "repo_category": null, "device_name": "sync-suite", "client_version": "8.0.10", "version": 1}`
  return { id, raw: Buffer.from(raw) }
}

/** The `[40-byte id][uint32 BE length][bytes]` frames of pack-fs and recv-fs. */
export function encodePack(objects: FsObject[]): Buffer {
  return Buffer.concat(
    objects.flatMap(({ id, stored }) => {
      const header = Buffer.alloc(44)
      header.write(id, 0, 'latin1')
      header.writeUInt32BE(stored.length, 40)
      return [header, stored]
    }),
  )
}

export function decodePack(body: Buffer): FsObject[] {
  const objects: FsObject[] = []
  let at = 0
  while (at < body.length) {
    if (body.length - at < 44) throw new Error(`pack: ${body.length - at} trailing bytes`)
    const id = body.toString('latin1', at, at + 40)
    const size = body.readUInt32BE(at + 40)
    if (at + 44 + size > body.length) throw new Error(`pack: object ${id} is cut short`)
    objects.push({ id, stored: body.subarray(at + 44, at + 44 + size) })
    at += 44 + size
  }
  return objects
}
