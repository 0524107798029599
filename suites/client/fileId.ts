/**
 * The ids a Seafile server gives content, computed on the client side so the suite can check them:
 * fixed 8 MiB blocks, block id = SHA-1 of the block, file id = SHA-1 of the seafile object's JSON.
 */
import { createHash } from 'node:crypto'

// fileserver/option/option.go: FixedBlockSize = 1<<23 (the default [fileserver] fixed_block_size).
export const BLOCK_SIZE = 8 * 1024 * 1024
// fsmgr.EmptySha1: a zero-byte file has no blocks and this id; it is never stored.
export const EMPTY_ID = '0'.repeat(40)

const sha1 = (data: Uint8Array | string): string => createHash('sha1').update(data).digest('hex')

/** The block ids of some content, in order. */
export function blockIds(content: Uint8Array, blockSize = BLOCK_SIZE): string[] {
  const ids: string[] = []
  for (let at = 0; at < content.length; at += blockSize) ids.push(sha1(content.subarray(at, at + blockSize)))
  return ids
}

/**
 * The file id: SHA-1 of `{"block_ids": [...], "size": N, "type": 1, "version": 1}` exactly as jansson's
 * `json_dumps(JSON_SORT_KEYS)` writes it (fsmgr.go::Seafile.toJSON): sorted keys, `", "` and `": "`.
 */
export function fileId(content: Uint8Array, blockSize = BLOCK_SIZE): string {
  const ids = blockIds(content, blockSize)
  if (ids.length === 0) return EMPTY_ID
  const json = `{"block_ids": [${ids.map((id) => `"${id}"`).join(', ')}], "size": ${content.length}, "type": 1, "version": 1}`
  return sha1(json)
}
