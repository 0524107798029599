import { createHash } from 'node:crypto'
import type { Readable } from 'node:stream'

/** The largest raw block the mock takes into memory (real blocks are at most 8 MiB). */
export const MAX_RAW_BLOCK = 64 << 20

/**
 * A raw block whose bytes do not hash to the id in its filename. fileop.go::indexRawBlocks fails the
 * whole request with 500 and an empty body; blocks stored before it stay.
 */
export class BlockMismatchError extends Error {
  override readonly name = 'BlockMismatchError'
  constructor(
    readonly claimed: string,
    readonly actual: string,
  ) {
    super(`block id ${actual}:${claimed} doesn't match content`)
  }
}

/** Reads one `file` part of `upload-raw-blks-api` and returns its bytes once they hash to `claimedId`. */
export async function readVerifiedBlock(claimedId: string, stream: Readable): Promise<Buffer> {
  const hash = createHash('sha1')
  const pieces: Buffer[] = []
  let length = 0
  for await (const piece of stream as AsyncIterable<Buffer>) {
    length += piece.length
    if (length > MAX_RAW_BLOCK) {
      stream.resume()
      throw new BlockMismatchError(claimedId, `(more than ${MAX_RAW_BLOCK} bytes)`)
    }
    hash.update(piece)
    pieces.push(piece)
  }
  const actual = hash.digest('hex')
  if (actual !== claimedId) throw new BlockMismatchError(claimedId, actual)
  return Buffer.concat(pieces, length)
}
