/**
 * The plausible request each negative case starts from: required parameters filled from the spec's
 * examples and the test library (a draft), and the draft rendered into a raw request for the target.
 */
import { createHash } from 'node:crypto'
import {
  headerSafe,
  multipartBody,
  type Part,
  percentEncode,
  queryString,
  type RawRequest,
  urlEncodedBody,
} from './encode.ts'
import { type OperationModel, type ParamModel, resolveRef } from './operations.ts'
import type { Value } from './values.ts'

export type Json = Record<string, unknown>

/** What the generator needs to know about the target: the test library and the links it handed out. */
export interface FuzzContext {
  repoId: string
  /** An existing folder and file of the library (absolute paths). */
  dir: string
  file: string
  /** A commit of the library. */
  commitId?: string
  /** The user's API token, sent with every seahub case so that the server gets past authentication. */
  token?: string
  /** File-server links the server handed out for the library (absolute URLs). */
  links: Partial<Record<'upload' | 'update' | 'uploadBlks' | 'rawBlks' | 'download', string>>
}

export interface Draft {
  path: Map<string, string>
  query: [string, Value][]
  headers: Record<string, string>
  fields: [string, Value][]
  files: Part[]
  media?: string
  raw?: { contentType?: string; body: Uint8Array }
}

export const BOUNDARY = '----seafile-fuzz-7MA4YWxkTrZu0gW'

const FILE_CONTENT = Buffer.from('fuzz payload\n')

export const PATHISH =
  /^(p|path|parent_dir|target_file|relative_path|dst_dir|src_parent_dir|dst_parent_dir|file_name|name|newname|filename|search_path|file_names|repo_name|group_name|obj_name)$/

export const NAMEISH =
  /^(name|newname|file_name|filename|repo_name|group_name|obj_name|src_dirent_name|org_name)$/

const REPO_FIELDS = /^(repo_id|dst_repo|src_repo_id|dst_repo_id|search_repo)$/

export const isMultipart = (media?: string) => /multipart/.test(media ?? '')

export const isBinary = (p: ParamModel) =>
  p.schema.format === 'binary' || (p.schema.items as Json | undefined)?.format === 'binary'

/** The file-server link of an operation, without its query. */
function linkFor(op: OperationModel, ctx: FuzzContext): string | undefined {
  const key = (
    {
      '/upload-api/{token}': 'upload',
      '/update-api/{token}': 'update',
      '/upload-blks-api/{token}': 'uploadBlks',
      '/upload-raw-blks-api/{token}': 'rawBlks',
      '/files/{token}/{filename}': 'download',
    } as const
  )[op.template]
  const link = key ? ctx.links[key] : undefined
  return link?.split('?')[0]
}

/** FILE_SERVER_ROOT as the links reveal it (everything before the route). */
export function fileServerRoot(ctx: FuzzContext): string | undefined {
  const link = ctx.links.upload ?? ctx.links.download
  return link?.replace(/\/(upload-api|files)\/.*$/, '')
}

/** The first documented request example of the operation's preferred media type. */
function bodyExample(doc: Json, op: OperationModel, media: string | undefined): Json {
  const body = resolveRef(doc, op.operation.requestBody) as Json | undefined
  const content = (body?.content as Json | undefined)?.[media ?? ''] as Json | undefined
  const example = content?.example ?? (Object.values((content?.examples as Json) ?? {})[0] as Json)?.value
  return typeof example === 'object' && example !== null && !Array.isArray(example) ? (example as Json) : {}
}

/** A plausible value for a parameter: the test library where one is named, else the spec's example. */
export function plausible(op: OperationModel, p: ParamModel, ctx: FuzzContext): Value | undefined {
  if (p.name === 'repo_id' || REPO_FIELDS.test(p.name)) return ctx.repoId
  if (p.name === 'commit_id') return ctx.commitId ?? '0'.repeat(40)
  if (p.in === 'path' && p.name === 'token') return undefined
  if (/^(p|path|target_file)$/.test(p.name))
    return op.method === 'DELETE'
      ? '/fuzz-missing'
      : /file|revision|thumbnail|starred/.test(op.template)
        ? ctx.file
        : ctx.dir
  if (p.name === 'parent_dir') return '/'
  if (p.name === 'file_name') return 'fuzz.txt'
  if (p.example !== undefined && typeof p.example !== 'object') return String(p.example)
  if (Array.isArray(p.schema.enum)) return String(p.schema.enum[0])
  if (p.schema.default !== undefined) return String(p.schema.default)
  const type = Array.isArray(p.schema.type) ? p.schema.type[0] : p.schema.type
  if (type === 'integer' || type === 'number') return String(p.schema.minimum ?? 1)
  if (type === 'boolean') return 'true'
  return 'fuzz'
}

export function baseline(doc: Json, op: OperationModel, ctx: FuzzContext, index: number): Draft {
  const d: Draft = { path: new Map(), query: [], headers: {}, fields: [], files: [] }
  const bodyParams = op.params.filter((p) => p.in === 'body')
  const hasFile = bodyParams.some(isBinary)
  if (op.body) {
    const media = op.body.mediaTypes
    d.media = hasFile
      ? media.find(isMultipart)
      : (media.find((m) => m === 'application/x-www-form-urlencoded') ?? media[0])
  }
  const example = bodyExample(doc, op, d.media)
  for (const p of op.params) {
    if (p.in === 'body') {
      if (isBinary(p)) {
        // upload-raw-blks-api: a part's filename is its block id (sha1 of the bytes).
        const filename = /raw-blks/.test(op.template)
          ? createHash('sha1').update(FILE_CONTENT).digest('hex')
          : `fuzz-${index}.bin`
        d.files.push({ name: p.name, value: FILE_CONTENT, filename })
        continue
      }
      const fromExample = example[p.name]
      // The library's own id, paths and commit rather than the example's, so the request reaches its real
      // checks (seahub's revert views look the commit up before the permission check).
      const value = REPO_FIELDS.test(p.name)
        ? ctx.repoId
        : /^(p|path|target_file|commit_id)$/.test(p.name) && (fromExample !== undefined || p.required)
          ? plausible(op, p, ctx)
          : fromExample !== undefined
            ? fromExample
            : p.required
              ? plausible(op, p, ctx)
              : undefined
      if (value === undefined) continue
      for (const v of Array.isArray(value) ? value : [value])
        d.fields.push([p.name, typeof v === 'string' || v instanceof Uint8Array ? v : String(v)])
      continue
    }
    if (!p.required) continue
    const value = plausible(op, p, ctx)
    if (value === undefined) continue
    if (p.in === 'path') d.path.set(p.name, percentEncode(value))
    else if (p.in === 'query') d.query.push([p.name, value])
    else d.headers[p.name] = headerSafe(value)
  }
  return d
}

export function render(op: OperationModel, d: Draft, ctx: FuzzContext): RawRequest | undefined {
  let url: string
  if (op.fileserver) {
    const root = fileServerRoot(ctx)
    if (!root) return undefined
    const link = linkFor(op, ctx)
    const token = d.path.get('token') ?? (link ? undefined : '0'.repeat(36))
    url = op.template.replace(
      /\{([^}]+)\}/g,
      (_m, name: string) => d.path.get(name) ?? (name === 'filename' ? 'fuzz.txt' : '0'.repeat(36)),
    )
    if (link && token === undefined) {
      // The link's own token (and name) unless the case broke them.
      const linkPath = link.slice(root.length)
      url =
        op.template === '/files/{token}/{filename}' && d.path.has('filename')
          ? linkPath.replace(/[^/]+$/, d.path.get('filename')!)
          : linkPath
    }
    url = root + url
  } else {
    url = op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => d.path.get(name) ?? 'fuzz')
  }
  if (d.query.length > 0) url += `${url.includes('?') ? '&' : '?'}${queryString(d.query)}`
  // Seahub cases carry the token so that they reach the parameter checks behind authentication; a case
  // that breaks the Authorization header itself overrides it. File-server routes use their link token.
  const auth: Record<string, string> =
    !op.fileserver && ctx.token ? { Authorization: `Token ${ctx.token}` } : {}
  const headers = { ...auth, ...d.headers }
  let body: Uint8Array | undefined
  if (d.raw) {
    body = d.raw.body
    if (d.raw.contentType !== undefined) headers['Content-Type'] = d.raw.contentType
  } else if (d.media && op.method !== 'GET' && op.method !== 'HEAD') {
    if (isMultipart(d.media)) {
      body = multipartBody([...d.fields.map(([name, value]) => ({ name, value })), ...d.files], BOUNDARY)
      headers['Content-Type'] = `multipart/form-data; boundary=${BOUNDARY}`
    } else if (/json/.test(d.media)) {
      body = Buffer.from(
        JSON.stringify(
          Object.fromEntries(
            d.fields.map(([k, v]) => [k, typeof v === 'string' ? v : Buffer.from(v).toString('latin1')]),
          ),
        ),
      )
      headers['Content-Type'] = 'application/json'
    } else {
      body = urlEncodedBody(d.fields)
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
    }
  }
  return { method: op.method, url, headers, body }
}
