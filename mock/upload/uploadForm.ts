/**
 * What the upload and update handlers share (fileop.go::doUpload, doUpdate): reading the form, the
 * fields Go parses the same way, and a chunk's checks and temp write.
 */
import { rm } from 'node:fs/promises'
import type { Context } from 'hono'
import type { Seafile } from '../model/seafile.ts'
import type { IndexedContent } from './blockChunker.ts'
import { fileNameFromDisposition } from './contentDisposition.ts'
import type { ChunkRange } from './contentRange.ts'
import { joinPath } from './fileNames.ts'
import { parseGoInt, refuse, requestBody, type UploadHeaders } from './fileserverHttp.ts'
import { formValue, MultipartError } from './multipart.ts'
import { type ReceivedForm, receiveUploadForm, type UploadKind } from './receive.ts'
import { uploadState } from './state.ts'
import { OffsetConflictError, type TempUploadStore } from './tempUploads.ts'

/** The four upload routes of fileserver.go::newHTTPRouter. */
export const UPLOAD_OPS = ['upload-api', 'upload-aj', 'update-api', 'update-aj'] as const
export type UploadOp = (typeof UPLOAD_OPS)[number]

/** One file ready to be committed: its final name and content. */
export interface Indexed {
  name: string
  content: IndexedContent
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** `last_modify` as Go reads it: RFC 3339 or ignored (0 → now). */
export function lastModify(value: string): number {
  if (!RFC3339.test(value)) return 0
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000)
}

/** fileop.go: `replace` must parse as 0 or 1 when given. */
export function readReplace(query: URLSearchParams, fields: ReceivedForm['fields']): boolean {
  const text = formValue(query, fields, 'replace')
  if (text === '') return false
  const value = parseGoInt(text)
  if (value !== 0 && value !== 1) refuse(400, 'Invalid argument replace.\n')
  return value === 1
}

/** The body's checks and the temp write of a chunk: what both doUpload and doUpdate do with one. */
export async function storeChunk(
  form: ReceivedForm,
  temp: TempUploadStore,
  repoId: string,
  dirs: { given: string; target: string },
  chunkName: string | undefined,
  strict: boolean,
  range: ChunkRange,
): Promise<string> {
  if (!dirs.given.startsWith('/')) refuse(400, 'Invalid parent dir')
  if (form.chunks.length === 0) refuse(400, 'No file in multipart form.\n')
  if (form.chunks.length > 1) refuse(400, 'More files in one request')
  // writeBlockDataToTmpFile: a missing or malformed request Content-Disposition is an internal error.
  if (chunkName === undefined) refuse(500, 'Internal error.\n')
  const filePath = joinPath('/', dirs.target, chunkName)
  const part = form.chunks[0]!
  if (part.state === 'spooled')
    await temp.writeSpool(repoId, filePath, range.start, part.spoolPath, {
      strict,
      total: range.total,
      end: range.end + 1,
    })
  else if (part.state === 'written' && part.filePath !== filePath)
    // The naming fields came after the part, which was written under the fields seen before it.
    refuse(400, 'relative_path must come before the file part in a chunk.')
  return filePath
}

/** A spooled chunk that a refusal left unwritten (written ones were already moved and deleted). */
export async function discardSpools(form: ReceivedForm): Promise<void> {
  for (const part of form.chunks) if (part.state === 'spooled') await rm(part.spoolPath, { force: true })
}

/** Reads the form; a broken body is Go's ParseMultipartForm failure (400, empty) unless strict mode refused the offset. */
export async function receive(
  c: Context,
  options: Parameters<typeof receiveUploadForm>[2],
): Promise<ReceivedForm> {
  try {
    return await receiveUploadForm(requestBody(c), c.req.header('content-type') ?? null, options)
  } catch (error) {
    if (error instanceof MultipartError) refuse(400)
    if (error instanceof OffsetConflictError) refuse(409, error.message)
    throw error
  }
}

/**
 * How doUpload and doUpdate both start: the request's token, range and chunk name, then the form read
 * (a chunk goes to the temp store as it arrives). Both Go handlers call setAccessControl first, so every
 * answer from here on carries the CORS headers.
 */
export async function receiveRequest(
  seaf: Seafile,
  c: Context,
  kind: UploadKind,
  headers: UploadHeaders,
  cors: { value: boolean },
) {
  const { grant, range } = headers
  const repoId = grant.repoId
  const query = new URL(c.req.url).searchParams
  const temp = await uploadState(seaf).temp()
  const chunkName = range ? fileNameFromDisposition(c.req.header('content-disposition')) : undefined
  cors.value = true
  const form = await receive(c, {
    kind,
    repoId,
    query,
    range,
    chunkName,
    temp,
    strict: seaf.options.resumableStrict,
    putBlock: (id, bytes) => seaf.blocks.put(id, bytes),
  })
  return { grant, range, repoId, query, temp, chunkName, form }
}
