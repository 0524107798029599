import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { chunksOf } from '../http/streams.ts'
import { chunkStream, type IndexedContent, type PutBlock } from './blockChunker.ts'
import type { ChunkRange } from './contentRange.ts'
import { baseName, dirName, joinPath } from './fileNames.ts'
import { formValue, parseMultipart } from './multipart.ts'
import type { TempUploadStore, WriteResult } from './tempUploads.ts'

/** Which form names the temp file of a chunk: `upload-*` (parent_dir + relative_path) or `update-*`. */
export type UploadKind = 'upload' | 'update'

/** What a chunk request did with its single `file` part. */
export type ChunkPart =
  /** Written straight into the upload's temp file while it arrived (the fields naming it came first). */
  | { state: 'written'; filePath: string; result: WriteResult }
  /** Held in a spool file until the form was read (its fields came after it). */
  | { state: 'spooled'; spoolPath: string }
  /** Not kept: a later part, or the pre-write checks already failed. */
  | { state: 'dropped' }

export interface ReceivedForm {
  fields: Map<string, string[]>
  /** Whole upload: every `file` part, chunked into blocks as it arrived (names not yet reduced). */
  files: { filename: string; content: IndexedContent }[]
  /** Chunk upload: one entry per `file` part. */
  chunks: ChunkPart[]
}

export interface ReceiveOptions {
  kind: UploadKind
  repoId: string
  query: URLSearchParams
  /** Set when the request carries a valid `Content-Range`: the parts go to the temp store. */
  range: ChunkRange | undefined
  /** The chunk's name from the request `Content-Disposition`; `undefined` when missing or malformed. */
  chunkName: string | undefined
  temp: TempUploadStore
  strict: boolean
  putBlock: PutBlock
}

/**
 * The fields that, read so far, let a chunk be written at once: Go checks them before writing
 * (fileop.go::doUpload: replace, parent_dir, relative_path, "parent_dir[0] == '/'"), and they name the
 * temp file. `undefined` when the part must wait for the rest of the form.
 */
export function chunkFilePath(
  kind: UploadKind,
  query: URLSearchParams,
  fields: ReadonlyMap<string, readonly string[]>,
  chunkName: string | undefined,
): string | undefined {
  if (chunkName === undefined) return undefined
  if (kind === 'update') {
    const target = formValue(query, fields, 'target_file').normalize('NFC')
    if (!target.startsWith('/')) return undefined
    return joinPath('/', dirName(target), chunkName)
  }
  const replace = formValue(query, fields, 'replace')
  if (replace !== '' && replace !== '0' && replace !== '1') return undefined
  const parentDir = formValue(query, fields, 'parent_dir').normalize('NFC')
  const relativePath = formValue(query, fields, 'relative_path').normalize('NFC')
  if (!parentDir.startsWith('/') || relativePath.startsWith('/') || relativePath.startsWith('\\'))
    return undefined
  return joinPath('/', parentDir, relativePath, chunkName)
}

/**
 * Reads an upload form as it streams: whole uploads are cut into blocks on the fly; a chunk goes straight
 * to the upload's temp file when its naming fields came first, else to a spool file. Go reads the whole
 * form before any check (`ParseMultipartForm`), so the caller runs the checks, in Go's order, afterwards.
 *
 * Two deliberate differences, both for streaming: a chunk written on arrival stays written if a field
 * *after* it fails a check (Go would have written nothing), and a chunk whose connection drops keeps the
 * bytes that arrived (Go keeps none), so that a client can resume from `uploadedBytes`.
 */
export async function receiveUploadForm(
  body: Readable,
  contentType: string | null,
  options: ReceiveOptions,
): Promise<ReceivedForm> {
  const { range, temp, repoId } = options
  const chunks: ChunkPart[] = []
  const files: ReceivedForm['files'] = []
  const spools: string[] = []
  try {
    const form = await parseMultipart(body, { 'content-type': contentType }, async (part) => {
      if (part.field !== 'file') {
        part.stream.resume()
        return
      }
      if (!range) {
        files.push({ filename: part.filename, content: await chunkStream(part.stream, options.putBlock) })
        return
      }
      if (chunks.length > 0) {
        // Go: "More files in one request"; nothing of this part is kept.
        chunks.push({ state: 'dropped' })
        part.stream.resume()
        return
      }
      const filePath = chunkFilePath(options.kind, options.query, part.fields, options.chunkName)
      if (filePath !== undefined) {
        const entry: ChunkPart = { state: 'dropped' }
        chunks.push(entry)
        const result = await temp.write(repoId, filePath, range.start, chunksOf(part.stream), {
          strict: options.strict,
          total: range.total,
          end: range.end + 1,
        })
        Object.assign(entry, { state: 'written', filePath, result })
        return
      }
      const spoolPath = temp.spoolPath()
      spools.push(spoolPath)
      chunks.push({ state: 'spooled', spoolPath })
      await pipeline(part.stream, createWriteStream(spoolPath))
    })
    return { fields: form.fields, files, chunks }
  } catch (error) {
    await Promise.all(spools.map((p) => rm(p, { force: true })))
    throw error
  }
}

/** The stored name of a whole-upload part: Go `filepath.Base(handler.Filename)`, NFC. */
export const partFileName = (filename: string): string => baseName(filename).normalize('NFC')
