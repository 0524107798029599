/**
 * Negative requests generated from the spec with fast-check. Each case starts from a plausible request
 * for one operation (required parameters filled from the spec's examples and the test library) and breaks
 * exactly one thing: a missing required parameter, a wrong-typed or huge value, path traversal, a name over
 * 255 bytes, invalid UTF-8, a bad path segment, a malformed body or multipart, a bad Content-Range or header.
 * The same seed and count give the same cases (fc.sample is prefix-stable), so a failure is replayed with
 * `SEAFILE_FUZZ_SEED`.
 */
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import {
  headerSafe,
  multipartBody,
  type Part,
  percentEncode,
  queryString,
  type RawRequest,
  urlEncodedBody,
} from './encode.ts'
import {
  isAdminOnly,
  isLibraryScoped,
  type OperationModel,
  type ParamModel,
  resolveRef,
} from './operations.ts'
import {
  badContentRange,
  badHeader,
  badPathSegment,
  huge,
  invalidUtf8,
  longName,
  traversal,
  type Value,
  wrongType,
} from './values.ts'

type Json = Record<string, unknown>

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

export type MutationKind =
  | 'missing-required'
  | 'wrong-type'
  | 'huge-value'
  | 'path-traversal'
  | 'long-name'
  | 'invalid-utf8'
  | 'bad-path-param'
  | 'malformed-body'
  | 'malformed-multipart'
  | 'bad-content-range'
  | 'bad-header'

export interface NegativeCase {
  /** Position in the generated list (with the seed, it identifies the case). */
  index: number
  /** `GET /api2/repos/{repo_id}/dir/`. */
  operation: string
  kind: MutationKind
  /** What was broken, e.g. `query p = "/../.."`. */
  detail: string
  /** The request must be refused with a 4xx (a required parameter is missing). */
  mustRefuse: boolean
  request: RawRequest
}

interface Draft {
  path: Map<string, string>
  query: [string, Value][]
  headers: Record<string, string>
  fields: [string, Value][]
  files: Part[]
  media?: string
  raw?: { contentType?: string; body: Uint8Array }
}

interface Mutation {
  kind: MutationKind
  detail: string
  mustRefuse: boolean
  apply(d: Draft): void
}

const BOUNDARY = '----seafile-fuzz-7MA4YWxkTrZu0gW'
const FILE_CONTENT = Buffer.from('fuzz payload\n')
const PATHISH =
  /^(p|path|parent_dir|target_file|relative_path|dst_dir|src_parent_dir|dst_parent_dir|file_name|name|newname|filename|search_path|file_names|repo_name|group_name|obj_name)$/
const NAMEISH = /^(name|newname|file_name|filename|repo_name|group_name|obj_name|src_dirent_name|org_name)$/
const REPO_FIELDS = /^(repo_id|dst_repo|src_repo_id|dst_repo_id|search_repo)$/
const isMultipart = (media?: string) => /multipart/.test(media ?? '')
const isBinary = (p: ParamModel) =>
  p.schema.format === 'binary' || (p.schema.items as Json | undefined)?.format === 'binary'
const describeValue = (v: Value) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : `bytes ${Buffer.from(v).toString('hex')}`
  return s.length > 80 ? `${s.slice(0, 60)}… (${typeof v === 'string' ? v.length : v.byteLength} long)` : s
}

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
function plausible(op: OperationModel, p: ParamModel, ctx: FuzzContext): Value | undefined {
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

function baseline(doc: Json, op: OperationModel, ctx: FuzzContext, index: number): Draft {
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

const setValue = (d: Draft, p: ParamModel, value: Value) => {
  if (p.in === 'path') d.path.set(p.name, percentEncode(value))
  else if (p.in === 'header') d.headers[p.name] = headerSafe(value)
  else {
    const list = p.in === 'query' ? d.query : d.fields
    const kept = list.filter(([k]) => k !== p.name)
    list.length = 0
    list.push(...kept, [p.name, value])
  }
}

/** One mutation that replaces a parameter's value, over the parameters `pick` allows. */
function valueMutation(
  kind: MutationKind,
  params: ParamModel[],
  values: (p: ParamModel) => fc.Arbitrary<Value>,
): fc.Arbitrary<Mutation> | undefined {
  if (params.length === 0) return undefined
  return fc
    .constantFrom(...params)
    .chain((p) => values(p).map((value) => ({ p, value })))
    .map(({ p, value }) => ({
      kind,
      detail: `${p.in} ${p.name} = ${describeValue(value)}`,
      mustRefuse: false,
      apply: (d: Draft) => setValue(d, p, value),
    }))
}

/** Malformed bodies of the operation's own media type (never containing the plausible fields). */
const malformedBodies: fc.Arbitrary<{ contentType?: string; body: string | Uint8Array; what: string }> =
  fc.oneof(
    fc.constantFrom(
      { contentType: 'application/json', body: '{"name": ', what: 'truncated JSON' },
      { contentType: 'application/json', body: '[1, 2, ', what: 'truncated JSON array' },
      { contentType: 'application/json', body: 'null', what: 'JSON null' },
      { contentType: 'application/json', body: '"a string"', what: 'JSON string' },
      {
        contentType: 'application/json',
        body: '{"a": {"b": {"c": [[[[[[[[[[[]]]]]]]]]]]}}}',
        what: 'nested JSON',
      },
      { contentType: 'application/json; charset=utf-16', body: '{"x":1}', what: 'wrong charset' },
      {
        contentType: 'application/x-www-form-urlencoded',
        body: 'a=%zz&b=%&=&&==',
        what: 'bad percent escapes',
      },
      {
        contentType: 'application/x-www-form-urlencoded',
        body: Uint8Array.from([0xff, 0xfe, 0x00, 0x3d]),
        what: 'binary form',
      },
      { contentType: 'text/plain', body: 'hello', what: 'text/plain body' },
      {
        contentType: 'application/xml',
        body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
        what: 'XML',
      },
      { contentType: undefined, body: 'no content type', what: 'no Content-Type' },
    ),
    fc.uint8Array({ minLength: 1, maxLength: 512 }).map((body) => ({
      contentType: 'application/json',
      body,
      what: 'random bytes as JSON',
    })),
  )

/** Broken multipart bodies: boundaries missing or wrong, truncated parts, bad part headers, bare LF. */
function malformedMultipart(
  file: Part | undefined,
): fc.Arbitrary<{ contentType?: string; body: Uint8Array; what: string }> {
  const good = multipartBody([{ name: 'parent_dir', value: '/' }, ...(file ? [file] : [])], BOUNDARY)
  const mp = `multipart/form-data; boundary=${BOUNDARY}`
  const text = (s: string) => Buffer.from(s)
  return fc.oneof(
    fc.constantFrom(
      { contentType: 'multipart/form-data', body: good, what: 'no boundary parameter' },
      { contentType: 'multipart/form-data; boundary=', body: good, what: 'empty boundary' },
      { contentType: 'multipart/form-data; boundary=other', body: good, what: 'boundary mismatch' },
      {
        contentType: mp,
        body: good.subarray(0, Math.floor(good.byteLength / 2)),
        what: 'truncated in the middle',
      },
      { contentType: mp, body: good.subarray(0, good.byteLength - 8), what: 'closing boundary cut' },
      {
        contentType: mp,
        body: text(`--${BOUNDARY}\r\n\r\nno headers\r\n--${BOUNDARY}--\r\n`),
        what: 'part without Content-Disposition',
      },
      {
        contentType: mp,
        body: text(`--${BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${BOUNDARY}--\r\n`),
        what: 'part without a name',
      },
      {
        contentType: mp,
        body: text(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename=""\r\n\r\nx\r\n--${BOUNDARY}--\r\n`,
        ),
        what: 'empty filename',
      },
      {
        contentType: mp,
        body: text(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a\r\n\r\nx\r\n--${BOUNDARY}--\r\n`,
        ),
        what: 'unterminated filename quote',
      },
      {
        contentType: mp,
        body: text(
          `--${BOUNDARY}\nContent-Disposition: form-data; name="parent_dir"\n\n/\n--${BOUNDARY}--\n`,
        ),
        what: 'bare LF line ends',
      },
      { contentType: mp, body: text(`--${BOUNDARY}--\r\n`), what: 'no parts' },
      { contentType: mp, body: new Uint8Array(0), what: 'empty body' },
      {
        contentType: mp,
        body: text(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="p"\r\n${'X-Pad: y\r\n'.repeat(2000)}\r\nv\r\n--${BOUNDARY}--\r\n`,
        ),
        what: '2000 part headers',
      },
    ),
    fc
      .uint8Array({ minLength: 1, maxLength: 1024 })
      .map((body) => ({ contentType: mp, body, what: 'random bytes' })),
  )
}

/** The mutations that apply to an operation. */
function mutationsFor(
  doc: Json,
  op: OperationModel,
  file: Part | undefined,
  avoidServerErrors: boolean,
): fc.Arbitrary<Mutation>[] {
  const avoided = avoidServerErrors ? (REAL_SERVER_ERRORS.params[op.label] ?? []) : []
  const all = op.params.filter((p) => !avoided.includes(p.name))
  const nonPath = all.filter((p) => p.in !== 'path' && !isBinary(p))
  const strings = nonPath.filter((p) => p.in !== 'header')
  const out: (fc.Arbitrary<Mutation> | undefined)[] = []
  const required = nonPath.filter((p) => p.required)
  if (required.length > 0)
    out.push(
      fc.constantFrom(...required).map((p) => ({
        kind: 'missing-required' as const,
        detail: `${p.in} ${p.name} left out`,
        mustRefuse: !(REAL_SERVER_ACCEPTS_MISSING[op.label] ?? []).includes(p.name),
        apply: (d: Draft) => {
          if (p.in === 'query') d.query = d.query.filter(([k]) => k !== p.name)
          else if (p.in === 'body') d.fields = d.fields.filter(([k]) => k !== p.name)
          else delete d.headers[p.name]
        },
      })),
    )
  const pathParams = all.filter((p) => p.in === 'path')
  out.push(
    pathParams.length === 0
      ? undefined
      : fc.tuple(fc.constantFrom(...pathParams), badPathSegment).map(([p, seg]) => ({
          kind: 'bad-path-param' as const,
          detail: `path ${p.name} = ${seg}`,
          mustRefuse: false,
          apply: (d: Draft) => void d.path.set(p.name, seg),
        })),
  )
  if (op.body && op.method !== 'GET' && op.method !== 'HEAD') {
    const multipart = op.body.mediaTypes.some(isMultipart)
    if (op.body.mediaTypes.some((m) => !isMultipart(m)))
      out.push(
        malformedBodies.map(({ contentType, body, what }) => ({
          kind: 'malformed-body' as const,
          detail: what,
          mustRefuse: false,
          apply: (d: Draft) => {
            d.raw = { contentType, body: typeof body === 'string' ? Buffer.from(body) : body }
          },
        })),
      )
    if (multipart)
      out.push(
        malformedMultipart(file).map(({ contentType, body, what }) => ({
          kind: 'malformed-multipart' as const,
          detail: what,
          mustRefuse: false,
          apply: (d: Draft) => {
            d.raw = { contentType, body }
          },
        })),
      )
  }
  // Operations outside the test library that create or change something (a library, a group, an
  // organization) only get mutations that certainly invalidate them: nothing is left behind on the target.
  const global = !isLibraryScoped(op) && !op.fileserver && op.method !== 'GET' && !isAdminOnly(doc, op)
  if (!global) {
    out.push(
      valueMutation(
        'wrong-type',
        nonPath.filter((p) => typedSchema(p.schema)),
        (p) => wrongType(p.schema),
      ),
    )
    out.push(
      valueMutation('huge-value', strings, () =>
        huge(op.method === 'GET' || op.method === 'DELETE' ? 30_000 : 300_000),
      ),
    )
    out.push(
      valueMutation(
        'path-traversal',
        [...strings, ...pathParams].filter(
          (p) => PATHISH.test(p.name) || (p.in === 'path' && p.name === 'filename'),
        ),
        () => traversal,
      ),
    )
    out.push(
      valueMutation(
        'long-name',
        strings.filter((p) => NAMEISH.test(p.name) || PATHISH.test(p.name)),
        (p) => (PATHISH.test(p.name) && !NAMEISH.test(p.name) ? longName.map((n) => `/${n}`) : longName),
      ),
    )
    out.push(valueMutation('invalid-utf8', strings, () => invalidUtf8))
    const headers = all.filter((p) => p.in === 'header')
    const range = headers.find((p) => p.name.toLowerCase() === 'content-range')
    if (range)
      out.push(
        badContentRange.map((value) => ({
          kind: 'bad-content-range' as const,
          detail: `Content-Range: ${value}`,
          mustRefuse: false,
          apply: (d: Draft) => {
            d.headers['Content-Range'] = value
            d.headers['Content-Disposition'] = 'attachment; filename="fuzz-chunk.bin"'
          },
        })),
      )
    out.push(
      valueMutation(
        'bad-header',
        headers.filter((p) => p !== range),
        () => badHeader,
      ),
    )
    if (file && !(avoidServerErrors && REAL_SERVER_ERRORS.filenameIsBlockId.includes(op.label))) {
      // The uploaded file's own name: traversal, too long, not UTF-8.
      out.push(
        fc.oneof(traversal, longName, invalidUtf8).map((name) => ({
          kind: (typeof name !== 'string'
            ? 'invalid-utf8'
            : name.length > 255 || Buffer.byteLength(name) > 255
              ? 'long-name'
              : 'path-traversal') as MutationKind,
          detail: `file part filename = ${describeValue(name)}`,
          mustRefuse: false,
          apply: (d: Draft) => {
            d.files = d.files.map((f) => ({ ...f, filename: name }))
          },
        })),
      )
    }
  }
  return out.filter((m): m is fc.Arbitrary<Mutation> => m !== undefined)
}

/**
 * Negative requests the real server answers with a 5xx, as the spec documents (x-seafile-evidence). Left out
 * where no 5xx may be tolerated (strict level, the mock's fuzz test); kept at core level, where the judge
 * accepts the documented status.
 */
export const REAL_SERVER_ERRORS = {
  /** fileop.go::doUploadRawBlks/indexRawBlocks: a part whose filename is not sha1(part) → 500, empty body. */
  filenameIsBlockId: ['POST /upload-raw-blks-api/{token}'],
  /** fileop.go::commitFileBlocks: `blockids` that is not a JSON array of ids → 500. */
  params: {
    'POST /upload-blks-api/{token}': ['blockids'],
    // fileop.go::doUpload: a relative_path mkdirWithParents cannot create → 500 "Internal error.\n".
    'POST /upload-api/{token}': ['relative_path'],
    // query_copy_move_progress.py: an unknown task id makes get_copy_task return None → 500 'Error'.
    'GET /api/v2.1/query-copy-move-progress/': ['task_id'],
    // thumbnail/utils.py::generate_thumbnail: a `p` naming a file that is no image fails in PIL → 500
    // 'Failed to get thumbnail.' (the fuzz run uploads files whose names other cases' `p` may hit).
    'GET /api2/repos/{repo_id}/thumbnail/': ['p'],
  } as Record<string, string[]>,
}

/**
 * Required parameters whose absence the real server accepts (so a missing one is no strict-level failure):
 * seahub 5 DirShareView.post splits `emails` on commas and shares with each valid one: none → 200.
 */
export const REAL_SERVER_ACCEPTS_MISSING: Record<string, string[]> = {
  'POST /api2/repos/{repo_id}/dir/share/': ['emails'],
}

const typedSchema = (s: Json) =>
  s.type === 'integer' ||
  s.type === 'number' ||
  s.type === 'boolean' ||
  s.type === 'array' ||
  Array.isArray(s.type) ||
  Array.isArray(s.enum) ||
  typeof s.pattern === 'string' ||
  s.format === 'date-time'

function render(op: OperationModel, d: Draft, ctx: FuzzContext): RawRequest | undefined {
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

export interface GenerateOptions {
  doc: Json
  operations: OperationModel[]
  context: FuzzContext
  seed: number
  /** How many cases in all, spread round-robin over the operations. */
  count: number
  /** Leave out the negative requests the real server answers with a documented 5xx (REAL_SERVER_ERRORS). */
  avoidServerErrors?: boolean
}

export interface Generated {
  cases: NegativeCase[]
  /** Operations with no mutation that is safe to send (and why), or no link to send it to. */
  skipped: { operation: string; reason: string }[]
}

const labelSeed = (seed: number, label: string) =>
  (seed ^ createHash('sha1').update(label).digest().readInt32BE(0)) | 0

/** The cases for `seed`: the first `count` of an endless, deterministic round-robin over the operations. */
export function generateCases(o: GenerateOptions): Generated {
  const skipped: Generated['skipped'] = []
  const usable: { op: OperationModel; arb: fc.Arbitrary<Mutation> }[] = []
  for (const op of o.operations) {
    if (op.fileserver && !fileServerRoot(o.context)) {
      skipped.push({ operation: op.label, reason: 'the target handed out no file-server link' })
      continue
    }
    const file = op.params.some(isBinary) ? baseline(o.doc, op, o.context, 0).files[0] : undefined
    const arbs = mutationsFor(o.doc, op, file, o.avoidServerErrors ?? false)
    if (arbs.length === 0) {
      skipped.push({ operation: op.label, reason: 'no mutation is both applicable and safe to send' })
      continue
    }
    usable.push({ op, arb: fc.oneof(...arbs) })
  }
  const perOp = usable.map(({ op, arb }) => {
    const runs = Math.ceil(o.count / Math.max(usable.length, 1))
    return {
      op,
      mutations: runs > 0 ? fc.sample(arb, { seed: labelSeed(o.seed, op.label), numRuns: runs }) : [],
    }
  })
  const cases: NegativeCase[] = []
  for (let index = 0; index < o.count && usable.length > 0; index++) {
    const { op, mutations } = perOp[index % perOp.length]!
    const mutation = mutations[Math.floor(index / perOp.length)]!
    const draft = baseline(o.doc, op, o.context, index)
    mutation.apply(draft)
    const request = render(op, draft, o.context)
    if (!request) continue
    cases.push({
      index,
      operation: op.label,
      kind: mutation.kind,
      detail: mutation.detail,
      mustRefuse: mutation.mustRefuse,
      request,
    })
  }
  return { cases, skipped }
}

/** The unbroken request of an operation, as every case starts from: required parameters filled in. */
export function plausibleRequest(
  doc: Json,
  op: OperationModel,
  context: FuzzContext,
): RawRequest | undefined {
  return render(op, baseline(doc, op, context, 0), context)
}
