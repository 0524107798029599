import { inflateRawSync } from 'node:zlib'

/** A member of a zip read back by {@link readZip}. */
export interface ZipMember {
  name: string
  data: Buffer
  /** Seconds since the epoch, from the DOS date (two-second resolution, local time). */
  mtime: Date
}

/**
 * Reads a zip from its central directory: enough to check what the mock streams (stored or deflated
 * members, data descriptors, no zip64). Throws on anything it does not understand.
 */
export function readZip(zip: Buffer): ZipMember[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (eocd < 0) throw new Error('no end of central directory')
  const count = zip.readUInt16LE(eocd + 10)
  let at = zip.readUInt32LE(eocd + 16)
  const members: ZipMember[] = []
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central header at ${at}`)
    const method = zip.readUInt16LE(at + 10)
    const time = zip.readUInt16LE(at + 12)
    const date = zip.readUInt16LE(at + 14)
    const compressed = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const extraLength = zip.readUInt16LE(at + 30)
    const commentLength = zip.readUInt16LE(at + 32)
    const local = zip.readUInt32LE(at + 42)
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28)
    const raw = zip.subarray(dataStart, dataStart + compressed)
    if (method !== 0 && method !== 8) throw new Error(`method ${method}`)
    const mtime = new Date(
      1980 + (date >> 9),
      ((date >> 5) & 15) - 1,
      date & 31,
      time >> 11,
      (time >> 5) & 63,
      (time & 31) * 2,
    )
    members.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw), mtime })
    at += 46 + nameLength + extraLength + commentLength
  }
  return members
}
