/** The file the upload benchmark sends, made of distinct random 8 MiB blocks. */
import { randomFillSync } from 'node:crypto'

export const MiB = 1 << 20
export const GiB = 1 << 30
/** The upload's chunk (one Content-Range request) and Seafile's block size. */
export const CHUNK = 8 * MiB

/**
 * The file's blocks come from this many distinct random 8 MiB buffers (512 MiB), more than a core's share
 * of a cache holds: SHA-1 over them reads them from memory. That was the headline's baseline before the
 * fresh-buffer one (sha1.ts); it is still printed beside it.
 */
const POOL_BLOCKS = 64

/** Distinct random blocks, at most POOL_BLOCKS of them. */
export function blockPool(blocks: number): Buffer[] {
  return Array.from({ length: Math.min(blocks, POOL_BLOCKS) }, () =>
    randomFillSync(Buffer.allocUnsafe(CHUNK)),
  )
}

/** Block `i` of the file: a buffer of the pool, its first 8 bytes set to `i`, so no two blocks dedupe. */
export function block(pool: Buffer[], i: number): Buffer {
  const b = pool[i % pool.length]!
  b.writeBigUInt64BE(BigInt(i), 0)
  return b
}
