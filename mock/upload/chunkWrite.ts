/**
 * One chunk of a partial upload on its way to disk: its pieces are copied into reused 1 MiB buffers
 * (fresh buffers or FileHandle.writev cost several times the write), each full buffer is hashed into its
 * segment's running SHA-1 and written at its offset, with up to WRITE_DEPTH writes running while the
 * socket keeps delivering. TempUploadStore#write runs one per chunk.
 */
import { join } from 'node:path'
import {
  closeSegment,
  HASH_DEPTH,
  type OpenSegment,
  SCRATCH_KEPT,
  TAIL_BATCH,
  WRITE_BATCH,
  WRITE_DEPTH,
  writeAt,
} from './segmentFiles.ts'
import type { Segment, Session } from './tempSessions.ts'

/** What a chunk's write needs of the store (TempUploadStore gives it, over its private state). */
export interface WriteStore {
  readonly segmentSize: number
  /** Write buffers of finished writes, kept for the next ones. */
  readonly scratch: Buffer[]
  /** Buffers written or being written whose hash is not done yet (they return to scratch after). */
  readonly hashing: Set<Promise<void>>
  /** A new write buffer, when scratch has none. */
  newBuffer(): Buffer
  /** Whether direct writes still work here, and the news that they do not. */
  directWorks(): boolean
  noDirect(): void
  openSegment(file: string): Promise<OpenSegment>
  /** A write into a segment already moved to the block store: writes the segment file back first. */
  restore(session: Session, index: number): Promise<void>
  /** Records that `slice` is being written at `offset` of segment `index`. */
  account(session: Session, index: number, offset: number, slice: Uint8Array): void
  hashBatch(session: Session, index: number, offset: number, bytes: Buffer): Promise<void>
  dropHash(segment: Segment | undefined): void
  /** Starts moving the whole, in-order segments of [from, to) into the block store. */
  adoptComplete(session: Session, from: number, to: number): void
}

/** The segment being filled: its file, where the buffer's bytes go, and how many there are. */
type Current = OpenSegment & { index: number; offset: number; length: number }

export class ChunkWrite {
  #buffer: Buffer
  readonly #inFlight: Promise<void>[] = []
  #current: Current | undefined

  constructor(
    private readonly store: WriteStore,
    private readonly session: Session,
    /** Where the chunk says it ends (Content-Range), if it says. */
    private readonly end: number | undefined,
  ) {
    this.#buffer = this.#take()
  }

  /** Writes `source` from byte `start`; resolves with the bytes written. */
  async run(start: number, source: AsyncIterable<Uint8Array>): Promise<number> {
    let position = start
    try {
      for await (const piece of source) {
        for (let used = 0; used < piece.length; ) {
          const taken = await this.#place(piece, used, position)
          used += taken
          position += taken
        }
      }
    } finally {
      // Also on failure: what arrived before the connection dropped is kept, so the client resumes there.
      try {
        await this.#release()
      } finally {
        await this.#drain().catch(() => {})
        this.store.scratch.push(this.#buffer)
        this.store.scratch.splice(SCRATCH_KEPT)
      }
      this.store.adoptComplete(this.session, start, position)
    }
    return position - start
  }

  /** Copies what fits of piece[used…] (at `position` of the upload) into the buffer; returns how much. */
  async #place(piece: Uint8Array, used: number, position: number): Promise<number> {
    const { store, session } = this
    const index = Math.floor(position / store.segmentSize)
    const offset = position - index * store.segmentSize
    let current = this.#current
    if (current?.index !== index || current.offset + current.length !== offset) {
      await this.#release()
      await store.restore(session, index)
      current = { ...(await store.openSegment(join(session.dir, String(index)))), index, offset, length: 0 }
      this.#current = current
    }
    // Near the announced end, batches end on TAIL_BATCH multiples (still aligned for direct writes).
    const limit =
      this.end !== undefined && this.end - position < WRITE_BATCH
        ? Math.min(WRITE_BATCH, (Math.floor(current.length / TAIL_BATCH) + 1) * TAIL_BATCH)
        : WRITE_BATCH
    const room = Math.min(piece.length - used, store.segmentSize - offset, limit - current.length)
    const slice = piece.subarray(used, used + room)
    store.account(session, index, offset, slice)
    // fill, not set: set copies into shared memory with relaxed atomics, byte by byte when the source is
    // not word-aligned (a multipart body never is), at a quarter of memcpy's speed; fill with a
    // same-length buffer is one plain memcpy.
    this.#buffer.fill(slice, current.length, current.length + slice.length)
    current.length += slice.length
    if (current.length === limit) await this.#flush()
    return slice.length
  }

  #take(): Buffer {
    return this.store.scratch.pop() ?? this.store.newBuffer()
  }

  /** Sends the full buffer to its segment's hash and to disk, and goes on with a fresh buffer. */
  async #flush(): Promise<void> {
    const current = this.#current
    if (!current || current.length === 0) return
    const { store, session } = this
    const { offset, length, index } = current
    const full = this.#buffer
    this.#buffer = this.#take()
    current.length = 0
    current.offset = offset + length
    const hashed = store.hashBatch(session, index, offset, full.subarray(0, length))
    const write = writeAt(current, full, offset, length, store.directWorks(), () => store.noDirect()).catch(
      (error: unknown) => {
        store.dropHash(session.segments.get(index))
        throw error
      },
    )
    // The buffer is reused once written and hashed. The answer to the chunk waits for the writes only:
    // the hash of its last buffers finishes on the worker while the client sends the next chunk.
    const reusable = Promise.allSettled([
      write,
      hashed.catch(() => store.dropHash(session.segments.get(index))),
    ]).then(() => {
      store.scratch.push(full)
      store.hashing.delete(reusable)
    })
    store.hashing.add(reusable)
    this.#inFlight.push(write)
    if (this.#inFlight.length >= WRITE_DEPTH) await this.#inFlight.shift()
    // A worker that falls behind holds buffers: past HASH_DEPTH of them, wait for it.
    while (store.hashing.size > HASH_DEPTH) await Promise.race(store.hashing)
  }

  /** Waits for the writes in flight; throws the first failure. */
  async #drain(): Promise<void> {
    const pending = this.#inFlight.splice(0)
    const outcomes = await Promise.allSettled(pending)
    const failed = outcomes.find((o) => o.status === 'rejected')
    if (failed) throw (failed as PromiseRejectedResult).reason
  }

  /** Flushes and closes the segment being filled. */
  async #release(): Promise<void> {
    const segment = this.#current
    if (!segment) return
    try {
      await this.#flush()
      await this.#drain()
    } finally {
      this.#current = undefined
      await closeSegment(segment)
    }
  }
}
