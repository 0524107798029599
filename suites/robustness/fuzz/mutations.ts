/**
 * What a negative case breaks in a draft: one parameter's value (wrong type, huge, traversal, long name,
 * invalid UTF-8, bad path segment), a required parameter left out, a malformed body or multipart, a bad
 * Content-Range or header; and the breaks the real server answers with a documented 5xx.
 */
import fc from 'fast-check'
import { BOUNDARY, type Draft, isBinary, isMultipart, type Json, NAMEISH, PATHISH } from './draft.ts'
import { headerSafe, multipartBody, type Part, percentEncode } from './encode.ts'
import { isAdminOnly, isLibraryScoped, type OperationModel, type ParamModel } from './operations.ts'
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

export interface Mutation {
  kind: MutationKind
  detail: string
  mustRefuse: boolean
  apply(d: Draft): void
}

const describeValue = (v: Value) => {
  const s = typeof v === 'string' ? JSON.stringify(v) : `bytes ${Buffer.from(v).toString('hex')}`
  return s.length > 80 ? `${s.slice(0, 60)}… (${typeof v === 'string' ? v.length : v.byteLength} long)` : s
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
export function mutationsFor(
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
