import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chunksOf } from '../http/streams.ts'
import { BLOCK_SIZE, type IndexedContent, sha1Hex } from './blockChunker.ts'
import { ChunkWrite, type WriteStore } from './chunkWrite.ts'
import { type RunningSha1, runningSha1 } from './runningSha1.ts'
import { O_DIRECT, openSegment, writeBuffer } from './segmentFiles.ts'
import {
  type BlockSink,
  loadSessions,
  MOVED,
  movedBlock,
  recordSession,
  SESSION_FILE,
  type Segment,
  type Session,
  wholeHash,
} from './tempSessions.ts'

export type { BlockSink } from './tempSessions.ts'

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
  /** Direct writes work here (until one is refused). */
  #direct = O_DIRECT !== undefined

  /** A persistent block store: complete, in-order segments move into it as soon as they are whole. */
  readonly #early: Required<BlockSink> | undefined
  /** The data dir's generation, recorded with each session: a restart keeps it, a reset of the store not. */
  readonly #generation: string | undefined
  /** Starts each segment's running hash (the SHA-1 worker; tests give others). */
  readonly #hasher: () => RunningSha1
  /** What ChunkWrite needs of this store: the buffers and hashes in flight, and its private steps. */
  readonly #writeStore: WriteStore

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
    this.#writeStore = {
      segmentSize,
      scratch: [],
      hashing: new Set(),
      newBuffer: writeBuffer,
      directWorks: () => this.#direct,
      noDirect: () => {
        this.#direct = false
      },
      openSegment: (file) => openSegment(file, this.#direct, this.#writeStore.noDirect),
      restore: (session, index) => this.#restore(session, index),
      account: (session, index, offset, slice) => this.#account(session, index, offset, slice),
      hashBatch: (session, index, offset, bytes) => this.#hashBatch(session, index, offset, bytes),
      dropHash: (segment) => this.#dropHash(segment),
      adoptComplete: (session, from, to) => this.#adoptComplete(session, from, to),
    }
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
      for (const session of await loadSessions(dir, { generation, early, segmentSize }))
        store.#sessions.set(TempUploadStore.key(session.repoId, session.filePath), session)
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
      session.recorded ??= recordSession(session, this.#generation)
      await session.recorded
    }
    return new ChunkWrite(this.#writeStore, session, end).run(start, source)
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
