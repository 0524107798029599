/**
 * Content-addressed bytes keyed by 40-hex SHA-1: file blocks (`storage/blocks` in the real server) and,
 * in a second instance, zlib-compressed fs objects (`storage/fs`). The server sees only this interface.
 */
export interface BlockStore {
  has(id: string): Promise<boolean>
  /** The stored bytes, or `undefined` when absent. */
  get(id: string): Promise<Buffer | undefined>
  /** The size in bytes, or `undefined` when absent (no read of the content). */
  size(id: string): Promise<number | undefined>
  /** Stores `data` under `id`. The caller vouches that `id` names the content (see `verifyId`). */
  put(id: string, data: Uint8Array | AsyncIterable<Uint8Array>): Promise<void>
  /** Moves a finished file into the store as `id` (the upload's temp segment), or drops it if present. */
  adopt(id: string, path: string): Promise<void>
  delete(id: string): Promise<void>
  list(): AsyncIterable<string>
}

const ID = /^[0-9a-f]{40}$/

/** A block or object id: 40 lowercase hex characters. */
export const isBlockId = (id: string): boolean => ID.test(id)

export function assertBlockId(id: string): void {
  if (!ID.test(id)) throw new RangeError(`not a block id: ${JSON.stringify(id)}`)
}

/** Collects a buffer or an async stream of chunks into one Buffer. */
export async function collect(data: Uint8Array | AsyncIterable<Uint8Array>): Promise<Buffer> {
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  const parts: Buffer[] = []
  for await (const piece of data) parts.push(Buffer.from(piece))
  return Buffer.concat(parts)
}
