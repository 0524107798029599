/**
 * Streams a file's bytes into fixed 8 MiB blocks (fileop.go::chunkFile), storing each block as it is cut,
 * and returns its file id. Never holds more than one block of the input.
 */

import type { BlockStore } from '../store/BlockStore.ts'
import { BLOCK_SIZE, chunkStream } from '../upload/blockChunker.ts'
import { fileObjectId } from './objectIds.ts'

export { BLOCK_SIZE }

/** What a stored file is: its id, size and ordered block ids. */
export interface StoredFile {
  fileId: string
  size: number
  blockIds: string[]
}

/** Chunks `source` into `blocks` and computes the file id (the fs object itself is written by FsStore). */
export async function chunkIntoBlocks(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  blocks: BlockStore,
  blockSize = BLOCK_SIZE,
): Promise<StoredFile> {
  const iterable: AsyncIterable<Uint8Array> =
    source instanceof Uint8Array
      ? (async function* () {
          yield source
        })()
      : source
  const { blockIds, size } = await chunkStream(iterable, (id, bytes) => blocks.put(id, bytes), blockSize)
  return { fileId: fileObjectId(blockIds, size), size, blockIds }
}
