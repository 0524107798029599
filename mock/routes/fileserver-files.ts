/**
 * File download on the file server: `GET|HEAD /files/<token>/<name>` at the root and under `/seafhttp`
 * (fileop.go::accessCB, doFile, doFileRange), streamed from blocks.
 */
import { ERRORS, fail, fileserverError } from '../errors.ts'
import type { MockContext } from '../http/env.ts'
import { streamOf } from '../http/streams.ts'
import { goPathEscape, rawUtf8Header, withRawHeaderBytes } from './fileserver-headers.ts'
import type { RouteContext } from './types.ts'

const DOWNLOAD_OPS = new Set(['view', 'download', 'download-link'])

// fileop.go::parseContentType (abridged); text types get `; charset=gbk`.
const TYPES: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  xml: 'text/xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  mp3: 'audio/mp3',
  mp4: 'video/mp4',
  zip: 'application/zip',
}

function contentType(name: string): string {
  const dot = name.lastIndexOf('.')
  const type = dot >= 0 ? TYPES[name.slice(dot + 1).toLowerCase()] : undefined
  if (!type) return 'application/octet-stream'
  return type.startsWith('text/') ? `${type}; charset=gbk` : type
}

/** fileop.go::parseRange over one range: `[start, end]`, or `undefined` when unsatisfiable/invalid. */
function parseRange(header: string, size: number): [number, number] | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return undefined
  if (m[1] === '') {
    const n = Number(m[2])
    if (n === 0) return undefined
    return [Math.max(0, size - n), size - 1]
  }
  const start = Number(m[1])
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  if (start >= size || start > end) return undefined
  return [start, end]
}

export function fileserverFileRoutes({ app, seaf }: RouteContext): void {
  async function serve(c: MockContext): Promise<Response> {
    const token = c.req.param('token') ?? ''
    // Hono has decoded the segment once already (undecodable escapes stay as sent).
    const name = c.req.param('name') ?? ''
    const grant = seaf.accessTokens.query(token)
    if (!grant) fail(ERRORS.ACCESS_TOKEN_NOT_FOUND)
    if (!DOWNLOAD_OPS.has(grant.op)) fail(ERRORS.OP_MISMATCH)
    if (c.req.header('if-modified-since')) return new Response(null, { status: 304 })
    const repo = await seaf.repos.get(grant.repoId)
    if (!repo) fail(fileserverError(400, 'Bad repo id'))
    if (repo.encryption && !seaf.passwords.isSet(repo.id, grant.user)) fail(ERRORS.REPO_ENCRYPTED_NO_PASSWORD)
    const file = await seaf.fs.getFile(grant.objId)
    if (!file) fail(fileserverError(400, 'Bad file id'))
    const disposition = grant.op === 'view' ? 'inline' : 'attachment'
    const headers: Record<string, string> = {
      ETag: grant.objId,
      'Last-Modified': new Date().toUTCString(),
      'Cache-Control': 'max-age=3600',
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
      'Content-Type': contentType(name),
      // fileop.go::setCommonHeaders: RFC 5987 `filename*` (url.PathEscape) first, then the raw UTF-8 name.
      'Content-Disposition': `${disposition};filename*=utf-8''${goPathEscape(name)};filename="${rawUtf8Header(name)}"`,
    }
    if (name.toLowerCase().endsWith('.svg')) headers['Content-Security-Policy'] = 'sandbox'
    const range = c.req.header('range')
    if (range && file.size > 0 && !repo.encryption) {
      const span = parseRange(range, file.size)
      if (!span)
        return new Response(null, {
          status: 416,
          headers: { ...headers, 'Content-Range': `bytes */${file.size}` },
        })
      const [start, end] = span
      return withRawHeaderBytes(
        new Response(streamOf(seaf.readFile(grant.objId, start, end)), {
          status: 206,
          headers: {
            ...headers,
            'Accept-Ranges': 'bytes',
            'Content-Range': `bytes ${start}-${end}/${file.size}`,
            'Content-Length': String(end - start + 1),
          },
        }),
      )
    }
    headers['Content-Length'] = String(file.size)
    return withRawHeaderBytes(
      new Response(file.size === 0 ? null : streamOf(seaf.readFile(grant.objId)), { status: 200, headers }),
    )
  }
  for (const prefix of ['', '/seafhttp']) app.get(`${prefix}/files/:token/:name`, serve)
}
