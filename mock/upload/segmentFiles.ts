/**
 * The segment files of partial uploads: the write buffers (page-aligned, shared with the SHA-1 worker),
 * the handles (direct I/O where the file system has it, the page cache for the rest) and positioned writes.
 */
import { constants } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'

/** Bytes gathered before one positioned write: fewer, larger writes, at most this much lost on a crash. */
export const WRITE_BATCH = 1 << 20
/**
 * Within the last WRITE_BATCH bytes a chunk's Content-Range announces, batches of this size: the answer
 * waits for the chunk's last write, and a quarter of a batch lands in a quarter of the time.
 */
export const TAIL_BATCH = 256 << 10
/** Positioned writes of one chunk in flight at once. */
export const WRITE_DEPTH = 3
/** Buffers waiting for the SHA-1 worker, at most (on top of the writes in flight). */
export const HASH_DEPTH = 8
/** Write buffers kept between requests. */
export const SCRATCH_KEPT = 16
/** Offsets, lengths and buffer addresses of direct (O_DIRECT) writes are multiples of this. */
export const DIRECT_ALIGN = 4096

/** A segment file open for writing: direct writes where they work, the page cache for the rest. */
export interface OpenSegment {
  file: string
  direct: FileHandle | undefined
  /** Opened on first use (an unaligned write, or no direct I/O here). */
  buffered?: Promise<FileHandle>
}

export const bufferedHandle = (segment: OpenSegment): Promise<FileHandle> =>
  (segment.buffered ??= open(segment.file, constants.O_RDWR | constants.O_CREAT, 0o600))

export async function closeSegment({ direct, buffered }: OpenSegment): Promise<void> {
  await Promise.all([
    direct?.close(),
    buffered?.then(
      (handle) => handle.close(),
      () => {},
    ),
  ])
}

/** Write buffers whose memory starts on a page boundary, as direct writes need. */
export const alignedBuffers = new WeakSet<Buffer>()
const alignedFree: Buffer[] = []

/**
 * A WRITE_BATCH buffer for direct writes: slices of a WebAssembly memory, which is mapped page-aligned
 * (Node has no aligned allocation), made 8 at a time, and shared, so the SHA-1 worker reads it in place.
 * A plain buffer if that fails.
 */
export function writeBuffer(): Buffer {
  if (alignedFree.length === 0) {
    try {
      const pages = (8 * WRITE_BATCH) / 65536
      const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true })
      for (let i = 0; i < 8; i++) {
        const b = Buffer.from(memory.buffer, i * WRITE_BATCH, WRITE_BATCH)
        alignedBuffers.add(b)
        alignedFree.push(b)
      }
    } catch {
      return Buffer.allocUnsafe(WRITE_BATCH)
    }
  }
  return alignedFree.pop()!
}

/**
 * Direct I/O for the segment files, where the OS and file system have it: whole aligned batches then go
 * to the disk without passing through the page cache, whose copies cost more CPU than hashing the bytes
 * (on a VM, where fresh page-cache memory faults in from the host, several times more). Writes that are
 * not aligned (a chunk's short end, chunks at odd offsets) go through the page cache as before.
 */
export const O_DIRECT: number | undefined = (constants as { O_DIRECT?: number }).O_DIRECT

/**
 * Opens (creating) a segment file for direct writes where the file system takes them; the handle through
 * the page cache, needed only for unaligned writes, opens on first use. One open per chunk instead of two
 * in a row: each is a round trip to the file system pool while the chunk's first bytes wait.
 * `direct` says whether direct writes still work here; `noDirect` is told when they turn out not to.
 */
export async function openSegment(file: string, direct: boolean, noDirect: () => void): Promise<OpenSegment> {
  const handle = await openDirect(file, direct, noDirect)
  const segment: OpenSegment = { file, direct: handle }
  if (!handle) await bufferedHandle(segment)
  return segment
}

/** A handle on a segment file for direct writes (created if missing), or `undefined` where there are none. */
async function openDirect(
  file: string,
  direct: boolean,
  noDirect: () => void,
): Promise<FileHandle | undefined> {
  if (!direct || O_DIRECT === undefined) return undefined
  try {
    return await open(file, constants.O_WRONLY | constants.O_CREAT | O_DIRECT, 0o600)
  } catch {
    // EINVAL (tmpfs and others): not on this file system.
    noDirect()
    return undefined
  }
}

/**
 * Writes buffer[0, length) at `offset` of the segment file: directly when `direct` and everything is
 * aligned, through the page cache otherwise (or when the file system refuses the direct write).
 */
export async function writeAt(
  segment: OpenSegment,
  buffer: Buffer,
  offset: number,
  length: number,
  direct: boolean,
  noDirect: () => void,
): Promise<void> {
  let done = 0
  const aligned =
    direct &&
    segment.direct !== undefined &&
    alignedBuffers.has(buffer) &&
    offset % DIRECT_ALIGN === 0 &&
    length % DIRECT_ALIGN === 0
  if (aligned) {
    try {
      while (done < length)
        done += (await segment.direct!.write(buffer, done, length - done, offset + done)).bytesWritten
    } catch (error) {
      // EINVAL: this file system takes no direct writes after all; the page cache it is.
      if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error
      noDirect()
      done = 0
    }
  }
  if (done < length) {
    const handle = await bufferedHandle(segment)
    while (done < length)
      done += (await handle.write(buffer, done, length - done, offset + done)).bytesWritten
  }
}
