/**
 * The SHA-1 baselines of the upload benchmark, all on this thread (one core).
 *
 * The headline's: SHA-1 the way the mock meets the bytes. The mock copies an upload's pieces into reused
 * 1 MiB buffers and hashes each one as soon as it is full (mock/upload/tempUploads.ts), so the bytes it
 * hashes were written a moment before and are still in cache. sha1Fresh does the same: each block's bytes
 * are copied into a reused 1 MiB buffer, and only the hashing of the freshly filled buffer is timed, in
 * wall seconds and in CPU seconds.
 *
 * Printed beside it, the earlier baselines: SHA-1 over the 8 MiB blocks themselves (distinct buffers, read
 * from memory: 5-9% below what the mock faces, and swinging with the neighbours' use of memory), and over
 * one cache-resident 8 MiB buffer.
 */
import { createHash } from 'node:crypto'
import { block, CHUNK, GiB, MiB } from './blocks.ts'

/** The mock's buffer size (tempUploads.ts WRITE_BATCH). */
export const FILL = MiB

export interface Sha1Figure {
  /** MB/s (MiB per second) of hashing, wall clock. */
  mbps: number
  /** CPU seconds of hashing per GiB. */
  cpuSecondsPerGiB: number
}

/** The file id Seafile gives the blocks' ids (the upload must answer it). */
function fileIdOf(ids: string[], size: number): string {
  const json = `{"block_ids": [${ids.map((id) => `"${id}"`).join(', ')}], "size": ${size}, "type": 1, "version": 1}`
  return createHash('sha1').update(json).digest('hex')
}

/** SHA-1 over freshly filled 1 MiB buffers, blocks `first`… of the file; also the file's id. */
export function sha1Fresh(pool: Buffer[], blocks: number, first = 0): Sha1Figure & { fileId: string } {
  const buffer = Buffer.allocUnsafe(FILL)
  const ids: string[] = []
  let wallMs = 0
  let cpuMicros = 0
  for (let i = 0; i < blocks; i++) {
    const source = block(pool, first + i)
    const hash = createHash('sha1')
    for (let at = 0; at < CHUNK; at += FILL) {
      source.copy(buffer, 0, at, at + FILL)
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      hash.update(buffer)
      wallMs += performance.now() - t0
      const cpu = process.cpuUsage(cpu0)
      cpuMicros += cpu.user + cpu.system
    }
    ids.push(hash.digest('hex'))
  }
  const bytes = blocks * CHUNK
  return {
    mbps: bytes / MiB / (wallMs / 1000),
    cpuSecondsPerGiB: cpuMicros / 1e6 / (bytes / GiB),
    fileId: fileIdOf(ids, bytes),
  }
}

/** The earlier baseline: SHA-1 over the file's 8 MiB blocks themselves (distinct buffers), MB/s. */
export function sha1Blocks(pool: Buffer[], blocks: number, first = 0): number {
  const t0 = performance.now()
  for (let i = 0; i < blocks; i++)
    createHash('sha1')
      .update(block(pool, first + i))
      .digest()
  return (blocks * CHUNK) / MiB / ((performance.now() - t0) / 1000)
}

/** SHA-1 over one 8 MiB buffer `blocks` times: the cache-resident figure, MB/s. */
export function sha1Hot(buffer: Buffer, blocks: number): number {
  const t0 = performance.now()
  for (let i = 0; i < blocks; i++) createHash('sha1').update(buffer).digest()
  return (blocks * CHUNK) / MiB / ((performance.now() - t0) / 1000)
}
