/** HTTP pieces shared by the file server's upload, block and zip routes (fileserver/fileop.go). */
import { Readable } from 'node:stream'
import type { Context } from 'hono'
import { fileserverError, fileserverJsonError, renderError } from '../errors.ts'
import type { AccessToken } from '../model/accessTokens.ts'
import type { Seafile } from '../model/seafile.ts'
import { type ChunkRange, parseContentRange } from './contentRange.ts'

/** fileop.go::setAccessControl, on every answer of the upload handlers once the token is accepted. */
export const CORS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers':
    'x-requested-with, content-type, content-range, content-disposition, accept, origin, authorization',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
  'Access-Control-Max-Age': '86400',
})

/** A failed upload step: Go's `appError` (status, message), rendered through formatJSONError. */
export class UploadFailure extends Error {
  override readonly name = 'UploadFailure'
  constructor(
    readonly status: number,
    /** Empty for the many 500s without a message, which send a lone "\n". */
    readonly msg: string,
  ) {
    super(`${status} ${msg}`)
  }
}

/** Throws the Go handler's `return &appError{nil, msg, status}`. */
export function refuse(status: number, msg = ''): never {
  throw new UploadFailure(status, msg)
}

/**
 * The wire form of an upload error: formatJSONError wraps a non-empty message as `{"error": "msg"}`, then
 * http.Error forces text/plain and appends "\n" (a message ending in "\n" keeps its raw newline inside).
 */
export function failureResponse(failure: UploadFailure, cors: boolean): Response {
  const value =
    failure.msg === ''
      ? fileserverError(failure.status, '')
      : fileserverJsonError(failure.status, failure.msg)
  const res = renderError(value)
  if (cors) for (const [k, v] of Object.entries(CORS_HEADERS)) res.headers.set(k, v)
  return res
}

/** Go `json.Marshal`: compact, UTF-8, with `<`, `>`, `&`, U+2028 and U+2029 escaped. */
export const goJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )

/** A 200 whose body Go writes without a Content-Type, so net/http sniffs text. */
export const sniffedText = (body: string, headers: Record<string, string> = {}): Response =>
  new Response(body, { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } })

export const jsonUtf8 = (body: string, headers: Record<string, string> = {}): Response =>
  new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  })

/** @hono/node-server keeps the IncomingMessage on its Request under a private symbol. */
function incomingOf(req: Request): unknown {
  const key = Object.getOwnPropertySymbols(req).find((s) => s.description === 'incomingKey')
  return key ? (req as unknown as Record<symbol, unknown>)[key] : undefined
}

/**
 * The request body as a Node stream: straight from the socket under node:http (no web-stream hop, which
 * costs a third of the throughput), else from the fetch Request (in-process calls). The socket is found
 * in the env node-server passes, or, when a wrapper dropped the env, on node-server's own Request.
 */
export function requestBody(c: Context): Readable {
  const candidates = [(c.env as { incoming?: unknown } | undefined)?.incoming, incomingOf(c.req.raw)]
  for (const incoming of candidates)
    if (incoming instanceof Readable && !incoming.readableDidRead && !incoming.readableEnded) return incoming
  const body = c.req.raw.body
  return body
    ? Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>)
    : Readable.from([])
}

/** The token segment after `/<op>/` (Go splits the path on "/" and takes the second part). */
export function tokenSegment(pathname: string, op: string): string {
  const at = pathname.indexOf(`/${op}/`)
  return at < 0 ? '' : (pathname.slice(at + op.length + 2).split('/')[0] ?? '')
}

/** The largest upload the mock takes when no max_upload_size is set (1 TiB). */
export const MOCK_SIZE_CAP = 2 ** 40

/** What parseUploadHeaders learns before the body is read. */
export interface UploadHeaders {
  grant: AccessToken
  /** The token's folder (`obj_id` `{"parent_dir": …}`), except for `update` tokens. */
  tokenParentDir: string
  range: ChunkRange | undefined
}

/** Go `strconv.ParseInt(s, 10, 64)`, or `undefined`. */
export function parseGoInt(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined
  const value = Number(text)
  return Number.isSafeInteger(value) ? value : undefined
}

/** The library owner's usage (the size of their libraries) and quota; `undefined` when unlimited. */
export async function ownerQuota(
  seaf: Seafile,
  repoId: string,
): Promise<{ usage: number; quota: number } | undefined> {
  const repo = await seaf.repos.get(repoId)
  if (!repo) return undefined
  const owner = await seaf.users.get(repo.owner)
  const quota = owner?.quota ?? seaf.options.userQuota
  if (quota < 0) return undefined
  let usage = 0
  for (const r of await seaf.repos.list())
    if (r.owner === repo.owner) usage += (await seaf.fs.stats((await seaf.repos.head(r)).root_id)).size
  return { usage, quota }
}

/** fileserver/quota.go::checkQuota: `usage + delta >= quota` is over; a negative quota is unlimited. */
export async function overQuota(seaf: Seafile, repoId: string, delta: number): Promise<boolean> {
  const q = await ownerQuota(seaf, repoId)
  return q !== undefined && q.usage + delta >= q.quota
}

/**
 * fileop.go::parseUploadHeaders: the token (first 36 characters of its segment), its op against the URL's
 * (prefix rule, `upload-link` as `upload`), its folder, the Content-Range, then quota and size limits
 * against Content-Length (or the range's total) before any byte of the body is read.
 */
export async function parseUploadHeaders(c: Context, urlOp: string, seaf: Seafile): Promise<UploadHeaders> {
  const segment = tokenSegment(new URL(c.req.url).pathname, urlOp)
  if (segment.length < 36) refuse(400, 'Invalid URL')
  const grant = seaf.accessTokens.query(segment.slice(0, 36))
  if (!grant) refuse(403, 'Access token not found')
  const op = grant.op === 'upload-link' ? 'upload' : grant.op
  if (!urlOp.startsWith(op)) refuse(403, 'Operation does not match access token.')
  let tokenParentDir = ''
  // `update` tokens carry "dummy" (and so do the C server's update-blks-api ones).
  if (!op.startsWith('update')) {
    try {
      tokenParentDir = String((JSON.parse(grant.objId) as { parent_dir?: unknown }).parent_dir ?? '')
    } catch {
      refuse(500)
    }
    if (tokenParentDir === '') refuse(500)
  }
  const rangeHeader = c.req.header('content-range')
  const range = parseContentRange(rangeHeader)
  // The real server ignores a Content-Range it cannot use (a whole upload); strict mode refuses it.
  if (rangeHeader !== undefined && !range && seaf.options.resumableStrict)
    refuse(400, 'Invalid Content-Range: need bytes START-END/TOTAL with START <= END < TOTAL.\n')
  const method = c.req.method
  if (method === 'POST' || method === 'PUT') {
    const declared = Math.max(0, parseGoInt(c.req.header('content-length') ?? '') ?? 0)
    const contentLength = range && range.total > 0 ? range.total : declared
    if (await overQuota(seaf, grant.repoId, contentLength)) refuse(443, 'Out of quota.\n')
    // Without max_upload_size the mock still refuses absurd sizes: a sparse 1 PB chunk would be indexed.
    const max = seaf.options.maxUploadSize > 0 ? seaf.options.maxUploadSize : MOCK_SIZE_CAP
    if (contentLength > max) refuse(442, 'File size is too large.\n')
  }
  return { grant, tokenParentDir, range }
}

/** Runs a file-server handler, rendering its refusals as the Go handlers do and any crash as a bare 500. */
export async function fileserverHandler(
  seaf: Seafile,
  c: Context,
  run: (cors: { value: boolean }) => Promise<Response>,
): Promise<Response> {
  const cors = { value: false }
  try {
    return await run(cors)
  } catch (error) {
    if (error instanceof UploadFailure) return failureResponse(error, cors.value)
    seaf.options.log(`mock: ${c.req.method} ${c.req.url}: ${(error as Error).stack ?? String(error)}`)
    return failureResponse(new UploadFailure(500, 'Internal error.\n'), cors.value)
  }
}
