import { createHash } from 'node:crypto'

/** fileserver/option/option.go: `FixedBlockSize = 1 << 23`; web uploads use fixed-size blocks. */
export const BLOCK_SIZE = 8 * 1024 * 1024

/** Stores one block under its id (the block store's `put`). It may keep `bytes`: they are never reused. */
export type PutBlock = (id: string, bytes: Buffer) => Promise<void>

/** What indexing a file's bytes gives: its block ids in order, and its size. */
export interface IndexedContent {
  blockIds: string[]
  size: number
}

/** Lowercase hex SHA-1: a block's id (fileop.go::writeChunk). */
export const sha1Hex = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex')

/**
 * Cuts a byte stream into fixed-size blocks as they arrive, hands each to `put` under its SHA-1, and never
 * holds more than one block plus the piece being written (fileop.go::chunkFile).
 */
export class BlockChunker {
  readonly #put: PutBlock
  readonly #blockSize: number
  #pending: Buffer[] = []
  #pendingLength = 0
  #size = 0
  readonly #blockIds: string[] = []

  constructor(put: PutBlock, blockSize = BLOCK_SIZE) {
    if (!Number.isInteger(blockSize) || blockSize <= 0) throw new RangeError(`bad block size ${blockSize}`)
    this.#put = put
    this.#blockSize = blockSize
  }

  /** Bytes seen so far. */
  get size(): number {
    return this.#size
  }

  async write(data: Uint8Array): Promise<void> {
    if (data.length === 0) return
    this.#pending.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    this.#pendingLength += data.length
    this.#size += data.length
    while (this.#pendingLength >= this.#blockSize) await this.#flush(this.#blockSize)
  }

  /** Flushes the short last block; an empty input has no blocks (its file id is `000…0`). */
  async end(): Promise<IndexedContent> {
    if (this.#pendingLength > 0) await this.#flush(this.#pendingLength)
    return { blockIds: [...this.#blockIds], size: this.#size }
  }

  async #flush(length: number): Promise<void> {
    // A fresh buffer per block: the store may keep it, and the source may reuse its own buffers.
    const block = Buffer.allocUnsafe(length)
    let filled = 0
    while (filled < length) {
      const head = this.#pending[0]!
      const take = Math.min(head.length, length - filled)
      head.copy(block, filled, 0, take)
      filled += take
      if (take === head.length) this.#pending.shift()
      else this.#pending[0] = head.subarray(take)
    }
    this.#pendingLength -= length
    const id = sha1Hex(block)
    await this.#put(id, block)
    this.#blockIds.push(id)
  }
}

/** Indexes a whole stream: see {@link BlockChunker}. */
export async function chunkStream(
  source: AsyncIterable<Uint8Array>,
  put: PutBlock,
  blockSize = BLOCK_SIZE,
): Promise<IndexedContent> {
  const chunker = new BlockChunker(put, blockSize)
  for await (const piece of source) await chunker.write(piece)
  return chunker.end()
}
