import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import { dumpJson, janssonJson } from '../../http/json.ts'
import { EMPTY_ID, type FsDirent } from '../fsObjects.ts'

/** What a client or the server writes for one object: its id and its stored (zlib) bytes. */
export interface StoredObject {
  id: string
  stored: Buffer
}

const sha1 = (data: Uint8Array | string) => createHash('sha1').update(data).digest('hex')
const BLOCK = 8 << 20

/** A file in the real format: fixed 8 MiB blocks, `{"block_ids", "size", "type": 1, "version": 1}`. */
export function fileObject(
  content: Uint8Array,
): StoredObject & { blocks: Map<string, Uint8Array>; size: number } {
  const blocks = new Map<string, Uint8Array>()
  for (let at = 0; at < content.length; at += BLOCK) {
    const block = content.subarray(at, at + BLOCK)
    blocks.set(sha1(block), block)
  }
  const size = content.length
  if (blocks.size === 0 && size === 0) return { id: EMPTY_ID, stored: Buffer.alloc(0), blocks, size }
  return { ...object({ block_ids: [...blocks.keys()], size, type: 1, version: 1 }), blocks, size }
}

/** A directory in the real format, entries sorted by name descending (bytewise). */
export function dirObject(dirents: FsDirent[]): StoredObject {
  if (dirents.length === 0) return { id: EMPTY_ID, stored: Buffer.alloc(0) }
  const sorted = [...dirents].sort((a, b) => Buffer.compare(Buffer.from(b.name), Buffer.from(a.name)))
  return object({ dirents: sorted, type: 3, version: 1 })
}

function object(value: unknown): StoredObject {
  const json = janssonJson(value)
  return { id: sha1(json), stored: deflateSync(json) }
}

export const fileDirent = (
  name: string,
  file: { id: string; size: number },
  modifier = 'a@b.c',
): FsDirent => ({
  id: file.id,
  mode: 33188,
  modifier,
  mtime: 1_700_000_000,
  name,
  size: file.size,
})

export const dirDirent = (name: string, dir: { id: string }): FsDirent => ({
  id: dir.id,
  mode: 16384,
  mtime: 1_700_000_000,
  name,
})

/** A commit as the desktop client writes it: jansson order and separators, id by commit-mgr.c. */
export function clientCommit(fields: {
  repoId: string
  rootId: string
  parentId: string | null
  description?: string
  creatorName?: string
  ctime?: number
}): { id: string; raw: Buffer } {
  const creator = 'c'.repeat(40)
  const creatorName = fields.creatorName ?? 'a@b.c'
  const description = fields.description ?? 'Added "x".\n'
  const ctime = fields.ctime ?? Math.floor(Date.now() / 1000)
  const be = Buffer.alloc(8)
  be.writeBigInt64BE(BigInt(ctime))
  const hash = createHash('sha1')
  for (const s of [fields.rootId, creator, creatorName, description]) hash.update(`${s}\0`)
  const id = hash.update(be).digest('hex')
  // jansson json_dumps(obj, 0): insertion order, ", " and ": " separators.
  const raw = dumpJson(
    {
      commit_id: id,
      root_id: fields.rootId,
      repo_id: fields.repoId,
      creator_name: creatorName,
      creator,
      description,
      ctime,
      parent_id: fields.parentId,
      second_parent_id: null,
      repo_name: 'lib',
      repo_desc: '',
      repo_category: null,
      device_name: 'unknown',
      client_version: '8.0.10',
      version: 1,
    },
    { upperHex: true },
  )
  return { id, raw: Buffer.from(raw) }
}
