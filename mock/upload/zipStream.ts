import { Readable } from 'node:stream'
import { ZipArchive } from 'archiver'

/** One archive member. Files are opened only when the archiver reaches them. */
export type ZipEntry =
  | { type: 'dir'; path: string; mtime: number }
  | { type: 'file'; path: string; mtime: number; open: () => AsyncIterable<Uint8Array> }

/**
 * Streams a zip of `entries` (fileop.go::packDir/packFiles: deflated members named by their path without
 * a leading `/`, `dir/` members for empty folders, mtime from the dirent). Nothing is buffered beyond the
 * archiver's own stream buffers; a file's blocks are read as the archive is consumed.
 */
export function zipStream(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>): Readable {
  // Level 1: a mock spends its CPU on checks, not on squeezing bytes; any level gives the same content.
  const archive = new ZipArchive({ zlib: { level: 1 } })
  const feed = async () => {
    for await (const entry of entries) {
      const name = entry.path.replace(/^\/+/, '')
      const date = new Date(entry.mtime * 1000)
      if (entry.type === 'dir') archive.append(Buffer.alloc(0), { name: `${name}/`, type: 'directory', date })
      else {
        const source = Readable.from(entry.open(), { objectMode: false })
        // The archiver does not watch its sources: a failed read would hang the archive (or crash us).
        source.on('error', fail)
        archive.append(source, { name, date })
      }
    }
    await archive.finalize()
  }
  const fail = (error: unknown) => archive.destroy(error instanceof Error ? error : new Error(String(error)))
  feed().catch(fail)
  return archive
}

/** fileop.go::genUniqueFileName: names of a multi-entry zip made unique, `a (1).txt` style, unbounded. */
export function uniqueZipName(name: string, taken: ReadonlySet<string>): string {
  const dot = name.lastIndexOf('.')
  const stem = dot < 0 ? name : name.slice(0, dot)
  const ext = dot < 0 ? '' : name.slice(dot)
  let candidate = name
  for (let i = 1; taken.has(candidate); i++) candidate = `${stem} (${i})${ext}`
  return candidate
}
