/**
 * The fs-object pack of `pack-fs` (server → client) and `recv-fs` (client → server): repeated frames of
 * `[40 ASCII id][uint32 big-endian length][object bytes as stored, i.e. zlib]`.
 */

/** One object of a pack: its id and its stored (zlib-compressed) bytes. */
export interface PackEntry {
  id: string
  data: Uint8Array
}

const ID_LENGTH = 40
const HEADER_LENGTH = ID_LENGTH + 4
const OBJECT_ID = /^[0-9a-f]{40}$/

/** sync_api.go::recvFSCB answers 400 with these messages; the route renders them as fileserver text. */
export class PackFormatError extends Error {
  override readonly name = 'PackFormatError'
}

/** Frames entries in order; ids must be 40 lowercase hex. */
export function encodePack(entries: Iterable<PackEntry>): Buffer {
  const parts: Buffer[] = []
  for (const { id, data } of entries) {
    if (!OBJECT_ID.test(id)) throw new RangeError(`not an object id: ${id}`)
    const header = Buffer.alloc(HEADER_LENGTH)
    header.write(id, 0, 'latin1')
    header.writeUInt32BE(data.byteLength, ID_LENGTH)
    parts.push(header, Buffer.from(data.buffer, data.byteOffset, data.byteLength))
  }
  return Buffer.concat(parts)
}

/**
 * Reads a whole pack as sync_api.go::recvFSCB does: frames while more than 44 bytes remain, an invalid id or a
 * frame longer than the rest is an error, and anything left over (1–44 bytes) is "Request body size invalid".
 */
export function decodePack(body: Uint8Array): PackEntry[] {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  const entries: PackEntry[] = []
  let at = 0
  while (buf.length - at > HEADER_LENGTH) {
    const id = buf.toString('latin1', at, at + ID_LENGTH)
    if (!OBJECT_ID.test(id)) throw new PackFormatError(`Fs obj id ${id} is invalid`)
    const size = buf.readUInt32BE(at + ID_LENGTH)
    const start = at + HEADER_LENGTH
    if (buf.length - start < size) throw new PackFormatError('Request body size invalid')
    entries.push({ id, data: buf.subarray(start, start + size) })
    at = start + size
  }
  if (at !== buf.length) throw new PackFormatError('Request body size invalid')
  return entries
}
