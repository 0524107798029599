import { randomBytes } from 'node:crypto'
import { constants, createReadStream } from 'node:fs'
import {
  type FileHandle,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chunksOf } from '../http/streams.ts'
import { BLOCK_SIZE, type IndexedContent, type PutBlock, sha1Hex } from './blockChunker.ts'
import { type RunningSha1, runningSha1 } from './runningSha1.ts'

/** Strict mode only: a chunk does not start where the bytes held end (tus: 409 "Upload-Offset conflict"). */
export class OffsetConflictError extends Error {
  override readonly name = 'OffsetConflictError'
  constructor(
    readonly expected: number,
    readonly actual: number,
    /**
     * `busy`: another chunk of the upload was still being written (tus answers a concurrent PATCH with 409
     * too); `total`: the chunk's total size differs from the first chunk's (`expected`/`actual` are totals).
     */
    readonly reason: 'offset' | 'busy' | 'total' = 'offset',
  ) {
    super(
      reason === 'busy'
        ? 'Another chunk of this upload is still being written; ask file-uploaded-bytes and resume there.'
        : reason === 'total'
          ? `Content-Range says the file has ${actual} bytes, but its first chunk said ${expected}.`
          : `Content-Range starts at ${actual}, but ${expected} bytes are uploaded; resume at ${expected}.`,
    )
  }
}

/** How much of a chunk reached the disk; `size` is the upload's size afterwards. */
export interface WriteResult {
  written: number
  size: number
}

/** Where committed blocks go: `put` takes bytes; `adopt`, when the store has it, takes a whole file. */
export interface BlockSink {
  put: PutBlock
  /** Moves the file at `path` into the store as block `id` (or deletes it if the block is there). */
  adopt?: (id: string, path: string) => Promise<void>
  /** Reads a stored block back (needed only with early adoption). */
  get?: (id: string) => Promise<Buffer | undefined>
}

/** One block-sized slice of an upload, in its own file. */
interface Segment {
  /** Bytes in the file (the highest offset written into this slice). */
  size: number
  /**
   * SHA-1 of bytes 0..hashed, fed as each write buffer goes to disk, valid while the slice was only ever
   * written in order; `undefined` once not.
   */
  hash: RunningSha1 | undefined
  hashed: number
  /** Moved into the block store (its file is gone): the block id. */
  adopted?: string
  /**
   * The early move under way: resolves with the block id once the block is in the store, or with
   * `undefined` when it never started (no hash).
   */
  adopting?: Promise<string | undefined>
}

interface Session {
  dir: string
  repoId: string
  filePath: string
  /** The session file that names the upload on disk, written (once) before its first byte. */
  recorded?: Promise<void>
  /** Its directory, made by the first chunk. */
  created?: Promise<void>
  segments: Map<number, Segment>
  /** Writes under way, awaited before a commit reads the segments. */
  writing: Set<Promise<unknown>>
  /** The file size the first chunk's Content-Range gave (checked in strict mode; not kept over restarts). */
  total?: number
}

/** In a session's directory: which upload it holds (repo and path), so a restarted mock can resume it. */
const SESSION_FILE = 'session.json'
/** In a session's directory, `<index>.block`: the segment was moved into the block store as this block. */
const MOVED = '.block'

/** Bytes gathered before one positioned write: fewer, larger writes, at most this much lost on a crash. */
const WRITE_BATCH = 1 << 20
/**
 * Within the last WRITE_BATCH bytes a chunk's Content-Range announces, batches of this size: the answer
 * waits for the chunk's last write, and a quarter of a batch lands in a quarter of the time.
 */
const TAIL_BATCH = 256 << 10
/** Positioned writes of one chunk in flight at once. */
const WRITE_DEPTH = 3
/** Buffers waiting for the SHA-1 worker, at most (on top of the writes in flight). */
const HASH_DEPTH = 8
/** Write buffers kept between requests. */
const SCRATCH_KEPT = 16
/** Offsets, lengths and buffer addresses of direct (O_DIRECT) writes are multiples of this. */
const DIRECT_ALIGN = 4096

/** A segment file open for writing: direct writes where they work, the page cache for the rest. */
interface OpenSegment {
  file: string
  direct: FileHandle | undefined
  /** Opened on first use (an unaligned write, or no direct I/O here). */
  buffered?: Promise<FileHandle>
}

const bufferedHandle = (segment: OpenSegment): Promise<FileHandle> =>
  (segment.buffered ??= open(segment.file, constants.O_RDWR | constants.O_CREAT, 0o600))

async function closeSegment({ direct, buffered }: OpenSegment): Promise<void> {
  await Promise.all([
    direct?.close(),
    buffered?.then(
      (handle) => handle.close(),
      () => {},
    ),
  ])
}

/** Write buffers whose memory starts on a page boundary, as direct writes need. */
const alignedBuffers = new WeakSet<Buffer>()
const alignedFree: Buffer[] = []

/**
 * A WRITE_BATCH buffer for direct writes: slices of a WebAssembly memory, which is mapped page-aligned
 * (Node has no aligned allocation), made 8 at a time, and shared, so the SHA-1 worker reads it in place.
 * A plain buffer if that fails.
 */
function writeBuffer(): Buffer {
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
const O_DIRECT: number | undefined = (constants as { O_DIRECT?: number }).O_DIRECT

/**
 * Partial uploads of resumable (Content-Range) chunks, kept on disk, never in memory.
 *
 * Real server: each chunk opens `<seafile-data>/httptemp/cluster-shared/<name><random>` (created on the
 * first chunk, recorded in `WebUploadTempFiles`), seeks to `start` and writes the part
 * (fileop.go::writeBlockDataToTmpFile). Nothing checks order, gaps or overlap; gaps read as zeros; the
 * resume offset is the file's size, the highest offset written
 * (repo-mgr.c::seaf_repo_manager_get_upload_tmp_file_offset). The last chunk indexes the file into 8 MiB
 * blocks (fileop.go::indexBlocks).
 *
 * Here the temp "file" is a directory of block-sized segment files: the same bytes, but each block can be
 * hashed while it arrives (when written in order) and handed to the block store whole, by rename when the
 * store can, so a chunk's bytes are written to disk once.
 */
export class TempUploadStore {
  readonly dir: string
  readonly segmentSize: number
  readonly #owned: boolean
  readonly #sessions = new Map<string, Session>()
  /** Write buffers of finished writes, kept for the next ones. */
  readonly #scratch: Buffer[] = []
  /** Buffers written or being written whose hash is not done yet (they return to #scratch after). */
  readonly #hashing = new Set<Promise<void>>()
  /** Direct writes work here (until one is refused). */
  #direct = O_DIRECT !== undefined

  /** A persistent block store: complete, in-order segments move into it as soon as they are whole. */
  readonly #early: Required<BlockSink> | undefined
  /** The data dir's generation, recorded with each session: a restart keeps it, a reset of the store not. */
  readonly #generation: string | undefined
  /** Starts each segment's running hash (the SHA-1 worker; tests give others). */
  readonly #hasher: () => RunningSha1

  private constructor(
    dir: string,
    owned: boolean,
    segmentSize: number,
    early: Required<BlockSink> | undefined,
    generation: string | undefined,
    hasher: () => RunningSha1,
  ) {
    this.dir = dir
    this.#owned = owned
    this.segmentSize = segmentSize
    this.#early = early
    this.#generation = generation
    this.#hasher = hasher
  }

  /**
   * Under `<dataDir>/httptemp/cluster-shared`, or a fresh OS temp dir (removed by {@link close}). With a data
   * dir, the uploads a previous process left there are taken up again, those of another `generation` (the
   * data dir's state was reset since) removed.
   */
  static async create(
    dataDir?: string,
    {
      segmentSize = BLOCK_SIZE,
      early,
      generation,
      hasher = runningSha1,
    }: {
      segmentSize?: number
      early?: Required<BlockSink>
      generation?: string
      hasher?: () => RunningSha1
    } = {},
  ): Promise<TempUploadStore> {
    if (dataDir) {
      const dir = join(dataDir, 'httptemp', 'cluster-shared')
      await mkdir(dir, { recursive: true })
      const store = new TempUploadStore(dir, false, segmentSize, early, generation, hasher)
      await store.#load()
      return store
    }
    const dir = await mkdtemp(join(tmpdir(), 'seafile-mock-httptemp-'))
    return new TempUploadStore(dir, true, segmentSize, early, undefined, hasher)
  }

  static key(repoId: string, filePath: string): string {
    return `${repoId}\u0000${filePath}`
  }

  /** True while an upload of this path has bytes held. */
  has(repoId: string, filePath: string): boolean {
    return this.#sessions.has(TempUploadStore.key(repoId, filePath))
  }

  /** `uploadedBytes`: the highest offset written, 0 when there is no upload in progress. */
  uploadedBytes(repoId: string, filePath: string): number {
    const session = this.#sessions.get(TempUploadStore.key(repoId, filePath))
    return session ? this.#size(session) : 0
  }

  /**
   * The bytes held once the writes under way have ended (finished, or failed when their client went away):
   * strict mode answers this, so that a client resuming after a dropped connection does not race the
   * server's own end of that connection.
   */
  async settledBytes(repoId: string, filePath: string): Promise<number> {
    const session = this.#sessions.get(TempUploadStore.key(repoId, filePath))
    while (session && session.writing.size > 0) await Promise.allSettled([...session.writing])
    return this.uploadedBytes(repoId, filePath)
  }

  #size(session: Session): number {
    let size = 0
    for (const [index, segment] of session.segments)
      if (segment.size > 0) size = Math.max(size, index * this.segmentSize + segment.size)
    return size
  }

  #session(repoId: string, filePath: string): Session {
    const key = TempUploadStore.key(repoId, filePath)
    let session = this.#sessions.get(key)
    if (!session) {
      // os.CreateTemp(dir, name) style: the name plus random characters, only safe ones kept.
      const stem = filePath
        .slice(filePath.lastIndexOf('/') + 1)
        .replace(/[^\w.-]/g, '_')
        .slice(0, 64)
      session = {
        dir: join(this.dir, `${stem}${randomBytes(6).toString('hex')}`),
        repoId,
        filePath,
        segments: new Map(),
        writing: new Set(),
      }
      this.#sessions.set(key, session)
    }
    return session
  }

  /**
   * Writes `source` at byte `start` of the upload, creating it on first use. A source that fails mid-way
   * (the client went away) keeps every byte received before the failure, then rethrows. With `strict`, a
   * start other than the current size throws {@link OffsetConflictError} before anything is read.
   */
  async write(
    repoId: string,
    filePath: string,
    start: number,
    source: AsyncIterable<Uint8Array>,
    { strict = false, total, end }: { strict?: boolean; total?: number; end?: number } = {},
  ): Promise<WriteResult> {
    if (strict) {
      // Checked and claimed with no await in between: two chunks at the same offset cannot both pass.
      const existing = this.#sessions.get(TempUploadStore.key(repoId, filePath))
      const held = existing ? this.#size(existing) : 0
      if (start !== held) throw new OffsetConflictError(held, start)
      if (existing?.writing.size) throw new OffsetConflictError(held, start, 'busy')
      if (existing?.total !== undefined && total !== undefined && existing.total !== total)
        throw new OffsetConflictError(existing.total, total, 'total')
    }
    const session = this.#session(repoId, filePath)
    session.total ??= total
    const run = this.#write(session, start, source, end)
    session.writing.add(run)
    try {
      const written = await run
      return { written, size: this.#size(session) }
    } finally {
      session.writing.delete(run)
    }
  }

  /** `end`: where the chunk says it ends (Content-Range), if it says. */
  async #write(
    session: Session,
    start: number,
    source: AsyncIterable<Uint8Array>,
    end: number | undefined,
  ): Promise<number> {
    // Once per upload, not per chunk: each await on the file system pool stalls the chunk's start.
    session.created ??= mkdir(session.dir, { recursive: true }).then(
      () => {},
      (error: unknown) => {
        session.created = undefined
        throw error
      },
    )
    await session.created
    if (!this.#owned) {
      session.recorded ??= this.#record(session)
      await session.recorded
    }
    // Pieces are copied into reused 1 MiB buffers (fresh buffers or FileHandle.writev cost several times
    // the write), and up to WRITE_DEPTH writes run while the socket keeps delivering.
    const take = () => this.#scratch.pop() ?? writeBuffer()
    let buffer = take()
    const inFlight: Promise<void>[] = []
    let position = start
    let current: (OpenSegment & { index: number; offset: number; length: number }) | undefined
    const flush = async () => {
      if (!current || current.length === 0) return
      const segment = current
      const { direct, offset, length, index } = current
      const full = buffer
      buffer = take()
      current.length = 0
      current.offset = offset + length
      const hashed = this.#hashBatch(session, index, offset, full.subarray(0, length))
      const aligned =
        this.#direct &&
        direct !== undefined &&
        alignedBuffers.has(full) &&
        offset % DIRECT_ALIGN === 0 &&
        length % DIRECT_ALIGN === 0
      const write = (async () => {
        try {
          let done = 0
          if (aligned) {
            try {
              while (done < length)
                done += (await direct.write(full, done, length - done, offset + done)).bytesWritten
            } catch (error) {
              // EINVAL: this file system takes no direct writes after all; the page cache it is.
              if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw error
              this.#direct = false
              done = 0
            }
          }
          if (done < length) {
            const handle = await bufferedHandle(segment)
            while (done < length)
              done += (await handle.write(full, done, length - done, offset + done)).bytesWritten
          }
        } catch (error) {
          this.#dropHash(session.segments.get(index))
          throw error
        }
      })()
      // The buffer is reused once written and hashed. The answer to the chunk waits for the writes only:
      // the hash of its last buffers finishes on the worker while the client sends the next chunk.
      const reusable = Promise.allSettled([
        write,
        hashed.catch(() => this.#dropHash(session.segments.get(index))),
      ]).then(() => {
        this.#scratch.push(full)
        this.#hashing.delete(reusable)
      })
      this.#hashing.add(reusable)
      inFlight.push(write)
      if (inFlight.length >= WRITE_DEPTH) await inFlight.shift()
      // A worker that falls behind holds buffers: past HASH_DEPTH of them, wait for it.
      while (this.#hashing.size > HASH_DEPTH) await Promise.race(this.#hashing)
    }
    const drain = async () => {
      const pending = inFlight.splice(0)
      const outcomes = await Promise.allSettled(pending)
      const failed = outcomes.find((o) => o.status === 'rejected')
      if (failed) throw (failed as PromiseRejectedResult).reason
    }
    const release = async () => {
      if (!current) return
      const segment = current
      try {
        await flush()
        await drain()
      } finally {
        current = undefined
        await closeSegment(segment)
      }
    }
    try {
      for await (const piece of source) {
        for (let used = 0; used < piece.length; ) {
          const index = Math.floor(position / this.segmentSize)
          const offset = position - index * this.segmentSize
          if (current?.index !== index || current.offset + current.length !== offset) {
            await release()
            await this.#restore(session, index)
            current = {
              ...(await this.#openSegment(join(session.dir, String(index)))),
              index,
              offset,
              length: 0,
            }
          }
          // Near the announced end, batches end on TAIL_BATCH multiples (still aligned for direct writes).
          const limit =
            end !== undefined && end - position < WRITE_BATCH
              ? Math.min(WRITE_BATCH, (Math.floor(current.length / TAIL_BATCH) + 1) * TAIL_BATCH)
              : WRITE_BATCH
          const room = Math.min(piece.length - used, this.segmentSize - offset, limit - current.length)
          const slice = piece.subarray(used, used + room)
          this.#account(session, index, offset, slice)
          // fill, not set: set copies into shared memory with relaxed atomics, byte by byte when the source
          // is not word-aligned (a multipart body never is), at a quarter of memcpy's speed; fill with a
          // same-length buffer is one plain memcpy.
          buffer.fill(slice, current.length, current.length + slice.length)
          current.length += slice.length
          if (current.length === limit) await flush()
          used += slice.length
          position += slice.length
        }
      }
    } finally {
      // Also on failure: what arrived before the connection dropped is kept, so the client resumes there.
      try {
        await release()
      } finally {
        await drain().catch(() => {})
        this.#scratch.push(buffer)
        this.#scratch.splice(SCRATCH_KEPT)
      }
      this.#adoptComplete(session, start, position)
    }
    return position - start
  }

  /**
   * Opens (creating) a segment file for direct writes where the file system takes them; the handle through
   * the page cache, needed only for unaligned writes, opens on first use. One open per chunk instead of two
   * in a row: each is a round trip to the file system pool while the chunk's first bytes wait.
   */
  async #openSegment(file: string): Promise<OpenSegment> {
    const direct = await this.#openDirect(file)
    const segment: OpenSegment = { file, direct }
    if (!direct) await bufferedHandle(segment)
    return segment
  }

  /** A handle on a segment file for direct writes (created if missing), or `undefined` where there are none. */
  async #openDirect(file: string): Promise<FileHandle | undefined> {
    if (!this.#direct || O_DIRECT === undefined) return undefined
    try {
      return await open(file, constants.O_WRONLY | constants.O_CREAT | O_DIRECT, 0o600)
    } catch {
      // EINVAL (tmpfs and others): not on this file system.
      this.#direct = false
      return undefined
    }
  }

  /**
   * With a persistent store, starts moving the whole, in-order segments of [from, to) into it: the bytes
   * are then written once, and the flush to disk overlaps the next chunks instead of the last one.
   */
  #adoptComplete(session: Session, from: number, to: number): void {
    const early = this.#early
    // Another write of this upload may still be writing into these segments: leave them to the commit.
    if (!early || session.writing.size > 1) return
    for (let index = Math.floor(from / this.segmentSize); index * this.segmentSize < to; index++) {
      const segment = session.segments.get(index)
      const whole = this.segmentSize
      const hash = segment?.hash
      if (!hash || segment.adopting || segment.hashed !== whole || segment.size !== whole) continue
      segment.hash = undefined
      const file = join(session.dir, String(index))
      segment.adopting = hash.digest().then(
        async (id) => {
          // The marker goes first: a restart then finds the segment in its file or in the store, never lost.
          if (!this.#owned) await writeFile(`${file}${MOVED}`, id)
          await early.adopt(id, file)
          segment.adopted = id
          return id
        },
        // No hash (the worker failed): nothing moved, the segment stays in its file for the commit to read.
        () => undefined,
      )
      // A failed move is seen by the commit (or the restore), which awaits it.
      segment.adopting.catch(() => {})
    }
  }

  /** A write into a segment already moved to the store: the segment file is written back first. */
  async #restore(session: Session, index: number): Promise<void> {
    const segment = session.segments.get(index)
    const id = segment && (await movedBlock(segment))
    if (!segment || id === undefined) return
    const bytes = await this.#early!.get(id)
    if (!bytes) throw new Error(`block ${id} vanished from the store`)
    // Whole or not at all (a restart prefers a segment file to its marker), then the marker goes.
    const file = join(session.dir, String(index))
    await writeFile(`${file}.tmp`, bytes, { mode: 0o600 })
    await rename(`${file}.tmp`, file)
    await rm(`${file}${MOVED}`, { force: true })
    segment.adopted = undefined
    segment.adopting = undefined
  }

  /** Records that `slice` is being written at `offset` of segment `index` (its hash follows at the flush). */
  #account(session: Session, index: number, offset: number, slice: Uint8Array): void {
    let segment = session.segments.get(index)
    if (!segment) {
      segment = { size: 0, hash: this.#hasher(), hashed: 0 }
      session.segments.set(index, segment)
    }
    segment.size = Math.max(segment.size, offset + slice.length)
  }

  /**
   * Feeds a write buffer to its segment's hash when it continues exactly what was hashed: any other write
   * (a gap, an overlap, another writer's chunk in between) gives up on hashing the segment early, and the
   * commit reads it back instead. Runs when the buffer goes to disk, so the hash follows the disk's order.
   */
  #hashBatch(session: Session, index: number, offset: number, bytes: Buffer): Promise<void> {
    const segment = session.segments.get(index)
    if (!segment?.hash) return Promise.resolve()
    if (offset !== segment.hashed) {
      this.#dropHash(segment)
      return Promise.resolve()
    }
    segment.hashed += bytes.length
    return segment.hash.update(bytes)
  }

  #dropHash(segment: Segment | undefined): void {
    segment?.hash?.drop()
    if (segment) segment.hash = undefined
  }

  /** Forgets the running hashes of a session that is gone. */
  #forget(session: Session): void {
    for (const segment of session.segments.values()) this.#dropHash(segment)
  }

  /** The upload's bytes as they would read from the real server's temp file (gaps as zeros). */
  async *read(repoId: string, filePath: string): AsyncGenerator<Buffer> {
    const session = this.#sessions.get(TempUploadStore.key(repoId, filePath))
    if (!session) return
    const size = this.#size(session)
    for (let index = 0; index * this.segmentSize < size; index++)
      yield await this.#readSegment(
        session,
        index,
        Math.min(this.segmentSize, size - index * this.segmentSize),
      )
  }

  async #readSegment(session: Session, index: number, length: number): Promise<Buffer> {
    const block = Buffer.alloc(length)
    const segment = session.segments.get(index)
    if (!segment) return block
    const moved = await movedBlock(segment)
    if (moved !== undefined) {
      const stored = await this.#early?.get(moved)
      stored?.copy(block)
      return block
    }
    const handle = await open(join(session.dir, String(index)), 'r')
    try {
      for (let filled = 0; filled < length; ) {
        const { bytesRead } = await handle.read(block, filled, length - filled, filled)
        if (bytesRead === 0) break
        filled += bytesRead
      }
      return block
    } finally {
      await handle.close()
    }
  }

  /**
   * Indexes the upload into blocks and forgets it (the last chunk: fileop.go::indexBlocks, then
   * clearTmpFile). Segments hashed on arrival are not read again; with `sink.adopt` they are moved into
   * the store instead of copied.
   */
  async commit(repoId: string, filePath: string, sink: BlockSink): Promise<IndexedContent> {
    const key = TempUploadStore.key(repoId, filePath)
    const session = this.#sessions.get(key)
    if (!session) return { blockIds: [], size: 0 }
    // Read what is on disk, not what is still in flight.
    await Promise.allSettled([...session.writing])
    this.#sessions.delete(key)
    try {
      // From here the segments are consumed: a crash must not bring the upload back half-committed.
      await rm(join(session.dir, SESSION_FILE), { force: true })
      const size = this.#size(session)
      const blockIds: string[] = []
      const holes = new Map<number, string>()
      for (let index = 0; index * this.segmentSize < size; index++) {
        const length = Math.min(this.segmentSize, size - index * this.segmentSize)
        const segment = session.segments.get(index)
        const moved = segment && (await movedBlock(segment))
        const hashed = moved === undefined && segment ? await wholeHash(segment, length) : undefined
        if (moved !== undefined) {
          blockIds.push(moved)
        } else if (hashed !== undefined) {
          if (sink.adopt) await sink.adopt(hashed, join(session.dir, String(index)))
          else await sink.put(hashed, await this.#readSegment(session, index, length))
          blockIds.push(hashed)
        } else if (!segment) {
          // A hole nothing was written to: zeros, hashed and stored once however many there are.
          let id = holes.get(length)
          if (id === undefined) {
            const zeros = Buffer.alloc(length)
            id = sha1Hex(zeros)
            await sink.put(id, zeros)
            holes.set(length, id)
          }
          blockIds.push(id)
        } else {
          const block = await this.#readSegment(session, index, length)
          const id = sha1Hex(block)
          await sink.put(id, block)
          blockIds.push(id)
        }
      }
      return { blockIds, size }
    } finally {
      this.#forget(session)
      await rm(session.dir, { recursive: true, force: true })
    }
  }

  /** Names the upload in its directory, atomically (a torn file would lose it). */
  async #record(session: Session): Promise<void> {
    const file = join(session.dir, SESSION_FILE)
    const { repoId, filePath } = session
    await writeFile(`${file}.tmp`, JSON.stringify({ repoId, filePath, generation: this.#generation }))
    await rename(`${file}.tmp`, file)
  }

  /**
   * Rebuilds the sessions a previous process left in a data dir (the real server finds them through
   * `WebUploadTempFiles`): each segment's size is its file's size, so `uploadedBytes` is what reached the
   * disk. A segment moved into the block store counts when the block is there; when it is not (the crash
   * came in the middle of the move) the upload is cut before it, and the client resends from there.
   * Spools and directories that name no upload are leftovers of requests that never finished.
   */
  async #load(): Promise<void> {
    for (const entry of await readdir(this.dir, { withFileTypes: true })) {
      const dir = join(this.dir, entry.name)
      const session = entry.isDirectory() ? await this.#loadSession(dir) : undefined
      if (session) this.#sessions.set(TempUploadStore.key(session.repoId, session.filePath), session)
      else await rm(dir, { recursive: true, force: true })
    }
  }

  async #loadSession(dir: string): Promise<Session | undefined> {
    let named: { repoId?: unknown; filePath?: unknown; generation?: unknown }
    try {
      named = JSON.parse(await readFile(join(dir, SESSION_FILE), 'utf8'))
    } catch {
      return undefined
    }
    if (typeof named.repoId !== 'string' || typeof named.filePath !== 'string') return undefined
    if (named.generation !== this.#generation) return undefined
    const session: Session = {
      dir,
      repoId: named.repoId,
      filePath: named.filePath,
      segments: new Map(),
      writing: new Set(),
      recorded: Promise.resolve(),
    }
    const moved = new Map<number, string>()
    for (const name of await readdir(dir)) {
      const segment = /^(\d+)$/.exec(name)
      const marker = /^(\d+)\.block$/.exec(name)
      if (segment) {
        const { size } = await stat(join(dir, name))
        if (size > 0) session.segments.set(Number(segment[1]), { size, hash: undefined, hashed: 0 })
      } else if (marker) moved.set(Number(marker[1]), (await readFile(join(dir, name), 'utf8')).trim())
      else if (name !== SESSION_FILE) await rm(join(dir, name), { force: true })
    }
    let cut = Number.POSITIVE_INFINITY
    for (const [index, id] of moved) {
      if (session.segments.has(index)) await rm(join(dir, `${index}${MOVED}`), { force: true })
      else if (this.#early && (await this.#early.get(id))?.length === this.segmentSize)
        session.segments.set(index, { size: this.segmentSize, hash: undefined, hashed: 0, adopted: id })
      else cut = Math.min(cut, index)
    }
    for (const index of [...session.segments.keys(), ...moved.keys()])
      if (index >= cut) {
        session.segments.delete(index)
        await rm(join(dir, String(index)), { force: true })
        await rm(join(dir, `${index}${MOVED}`), { force: true })
      }
    return session
  }

  /** Writes a spooled part (one that arrived before the fields naming its upload) at `start`, then deletes it. */
  async writeSpool(
    repoId: string,
    filePath: string,
    start: number,
    spoolPath: string,
    options: { strict?: boolean; total?: number; end?: number } = {},
  ): Promise<WriteResult> {
    try {
      return await this.write(repoId, filePath, start, chunksOf(createReadStream(spoolPath)), options)
    } finally {
      await rm(spoolPath, { force: true })
    }
  }

  /** A scratch file in the same directory, for a part that must be held before its upload is known. */
  spoolPath(): string {
    return join(this.dir, `.spool-${randomBytes(8).toString('hex')}`)
  }

  /** Forgets the upload and deletes its bytes (fileop.go::clearTmpFile). */
  async remove(repoId: string, filePath: string): Promise<void> {
    const key = TempUploadStore.key(repoId, filePath)
    const session = this.#sessions.get(key)
    this.#sessions.delete(key)
    if (!session) return
    this.#forget(session)
    await rm(session.dir, { recursive: true, force: true })
  }

  /** Forgets every upload into a deleted library (remove_repo_ondisk clears its WebUploadTempFiles rows). */
  async removeRepo(repoId: string): Promise<void> {
    const gone = [...this.#sessions].filter(([, session]) => session.repoId === repoId)
    for (const [key, session] of gone) {
      this.#sessions.delete(key)
      this.#forget(session)
    }
    await Promise.all(gone.map(([, session]) => rm(session.dir, { recursive: true, force: true })))
  }

  /** Removes every upload's bytes, and the directory when this store made it. */
  async close(): Promise<void> {
    const dirs = [...this.#sessions.values()].map((s) => s.dir)
    for (const session of this.#sessions.values()) this.#forget(session)
    this.#sessions.clear()
    if (this.#owned) await rm(this.dir, { recursive: true, force: true })
    else await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
  }
}

/** The id of the block a segment was moved into, once the move is done; `undefined` if it was not moved. */
async function movedBlock(segment: Segment): Promise<string | undefined> {
  return segment.adopted ?? (segment.adopting ? await segment.adopting : undefined)
}

/**
 * The id of a segment hashed whole on arrival (its `length` bytes, in order), or `undefined` when it was
 * not, or the hash failed: the commit then reads the segment back.
 */
async function wholeHash(segment: Segment, length: number): Promise<string | undefined> {
  const hash = segment.hash
  if (!hash || segment.hashed !== length || segment.size !== length) return undefined
  segment.hash = undefined
  return hash.digest().catch(() => undefined)
}
