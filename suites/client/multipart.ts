/**
 * multipart/form-data bodies built by the suite itself, with the part headers in their canonical case
 * (`Content-Disposition`, `Content-Type`), as browsers, curl, requests and the desktop client send them.
 *
 * Why not Playwright's own `multipart` option: Playwright 1.65 writes the part headers in lower case
 * (`content-disposition: form-data; …`), and seaf-server 10.0's C file server compares the header name
 * case-sensitively (`server/upload-file.c:parse_mime_header`, `strcmp (header, "Content-Disposition")`):
 * the part gets no name and every upload is refused with 400 `Bad request.` (502 behind nginx for large
 * bodies). RFC 7578 says header names are case-insensitive, so that is a server deviation, but no real
 * client sends lower case; the suite must look like one (real-seafile-10-run.md, "The multipart finding").
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'

/** A file part as Playwright's `multipart` record takes it. */
export interface FilePart {
  name: string
  mimeType: string
  buffer: Buffer
}

export type MultipartValue = string | number | boolean | FilePart | { path: string }
export type MultipartInput = FormData | Record<string, MultipartValue>

interface EncodedPart {
  field: string
  value: Buffer
  filename?: string
  contentType?: string
}

/** A quoted-string parameter as browsers write it (HTML form encoding: `"` and CR/LF escaped). */
const quoted = (s: string) => s.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')

async function partsOf(input: MultipartInput): Promise<EncodedPart[]> {
  const parts: EncodedPart[] = []
  if (input instanceof FormData) {
    for (const [field, v] of input.entries()) {
      if (typeof v === 'string') parts.push({ field, value: Buffer.from(v) })
      else
        parts.push({
          field,
          value: Buffer.from(await v.arrayBuffer()),
          filename: v.name || 'blob',
          contentType: v.type || 'application/octet-stream',
        })
    }
    return parts
  }
  for (const [field, v] of Object.entries(input)) {
    if (typeof v === 'object' && 'buffer' in v)
      parts.push({ field, value: v.buffer, filename: v.name, contentType: v.mimeType })
    else if (typeof v === 'object')
      parts.push({
        field,
        value: readFileSync(v.path),
        filename: v.path.split('/').pop()!,
        contentType: 'application/octet-stream',
      })
    else parts.push({ field, value: Buffer.from(String(v)) })
  }
  return parts
}

/** The body and its `Content-Type` header (with a fresh boundary). */
export async function encodeMultipart(input: MultipartInput): Promise<{ body: Buffer; contentType: string }> {
  const boundary = `----SeafileConformance${randomBytes(12).toString('hex')}`
  const chunks: Buffer[] = []
  for (const p of await partsOf(input)) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(p.field)}"`
    if (p.filename !== undefined)
      head += `; filename="${quoted(p.filename)}"\r\nContent-Type: ${p.contentType}`
    chunks.push(Buffer.from(`${head}\r\n\r\n`), p.value, Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}
