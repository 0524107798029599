/**
 * Deliberately broken servers: each variant breaks one documented behaviour of the server behind the proxy.
 * The proof runs the conformance suite against every variant and expects it to fail on each one.
 */
import { gzipSync } from 'node:zlib'
import {
  bodyOf,
  jsonOf,
  type ProxiedRequest,
  type ProxiedResponse,
  pathOf,
  queryOf,
  textOf,
  type Variant,
} from './proxy.ts'
import { CALIBRATION } from './variants/calibration.ts'
import { CLIENTS_BOOTSTRAP_VARIANTS } from './variants/clients-bootstrap.ts'
import { api2ClientExtrasVariants, clientVariantVariants, v21BatchVariants } from './variants/v21-batch.ts'
import { V21_FILE_VARIANTS } from './variants/v21-files.ts'
import { v21LinkVariants } from './variants/v21-links.ts'

const isJson = (res: ProxiedResponse) => /json/.test(res.headers.get('content-type') ?? '')
const flipHex = (id: string) => id.slice(0, -1) + (id.endsWith('0') ? '1' : '0')
const formField = (req: ProxiedRequest, name: string) => new URLSearchParams(textOf(req.body)).get(name)
const ok = (body: unknown, status = 200): ProxiedResponse => ({
  status,
  headers: new Headers({ 'content-type': 'application/json' }),
  body: bodyOf(JSON.stringify(body)),
})
const reposPath = /^\/api2\/repos\/[0-9a-f-]{36}\/$/

/** views.py::DirView.post: Location …/dir/?p=<quote(parent + '/' + name)>, `//docs` for the root. */
const mkdirLocation = (req: ProxiedRequest): string => {
  const p = queryOf(req).get('p') ?? ''
  const cut = p.lastIndexOf('/')
  return `${pathOf(req)}?p=${encodeURI(`${p.slice(0, cut) || '/'}/${p.slice(cut + 1)}`)}`
}

/** Rewrites the JSON body of matching responses. */
const mapJson =
  (match: (req: ProxiedRequest, res: ProxiedResponse) => boolean, fn: (body: unknown) => unknown) =>
  (req: ProxiedRequest, res: ProxiedResponse): ProxiedResponse => {
    if (!match(req, res) || !isJson(res)) return res
    return { ...res, body: bodyOf(JSON.stringify(fn(jsonOf(res.body)))) }
  }

/**
 * A server that lets through one request the real server refuses: the refusal (`status` on `path`) becomes
 * 200 "success". Each is its own variant, grepping the one test that asks for the refusal.
 */
const refusalLetThrough = (
  name: string,
  breaks: string,
  grep: string,
  status: 400 | 404,
  method: string,
  path: RegExp,
): Variant => ({
  name,
  breaks,
  grep,
  onResponse: (req, res) =>
    req.method === method && path.test(pathOf(req)) && res.status === status ? ok('success') : res,
})
const REPO = '/api2/repos/[0-9a-f-]{36}'

/** A text answer of the file server (its errors are plain text). */
const plainAnswer = (status: number, text: string): ProxiedResponse => ({
  status,
  headers: new Headers({ 'content-type': 'text/plain; charset=utf-8' }),
  body: bodyOf(text),
})

/** The byte length of the multipart body's file part (the one with a `filename`), if there is one. */
const filePartLength = (req: ProxiedRequest): number | undefined => {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(req.headers.get('content-type') ?? '')
  if (!boundary) return undefined
  const body = Buffer.from(req.body)
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`)
  const head = body.indexOf('filename="')
  const start = head < 0 ? -1 : body.indexOf('\r\n\r\n', head)
  const end = start < 0 ? -1 : body.indexOf(delimiter, start + 4)
  return end < 0 ? undefined : end - (start + 4)
}

/** The next byte each resumable upload (link and file name) is at, for the resumable-*-refused variants. */
const nextByte = new Map<string, number>()
/**
 * A server stricter than the real one (which writes any chunk where it says): refuses with 409 a chunk
 * whose start compares to the bytes held as `refused(start, held)` says.
 */
const resumableOrderRefused = (
  name: string,
  what: string,
  grep: string,
  refused: (start: number, held: number) => boolean,
): Variant => {
  const rangeOf = (req: ProxiedRequest) =>
    req.method === 'POST' && /\/upload-api\//.test(pathOf(req))
      ? /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers.get('content-range') ?? '')
      : null
  const keyOf = (req: ProxiedRequest) => `${name} ${pathOf(req)} ${req.headers.get('content-disposition')}`
  return {
    name,
    breaks: `${what} is accepted, as the real server does (fileop.go writes each chunk where it says)`,
    grep,
    onRequest: (req) => {
      const range = rangeOf(req)
      if (!range) return undefined
      const held = nextByte.get(keyOf(req)) ?? 0
      return refused(Number(range[1]), held) ? plainAnswer(409, 'Chunk out of order\n') : undefined
    },
    onResponse: (req, res) => {
      const range = rangeOf(req)
      if (range && res.status === 200) {
        const end = Number(range[2])
        if (end === Number(range[3]) - 1) nextByte.delete(keyOf(req))
        else nextByte.set(keyOf(req), Math.max(nextByte.get(keyOf(req)) ?? 0, end + 1))
      }
      return res
    },
  }
}

const oneTimeCache = new Map<string, ProxiedResponse>()
/** The total of the first chunk of each resumable upload (link and file name), for resumable-total-first-wins. */
const firstTotals = new Map<string, number>()
/** Download URLs served once already, for reuse-link-once. */
const servedOnce = new Set<string>()
/** mkdir and file-create URLs already sent, for the *-clash-dropped variants. */
const seenPaths = new Set<string>()
/** Moves sent on as copies, for move-copies. */
const movedAsCopy = new WeakSet<ProxiedRequest>()
/** The library created last, for malformed-id-hits-newest-library. */
const newestLibrary: { id?: string } = {}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const VARIANTS: Variant[] = [
  ...v21LinkVariants,
  {
    name: 'ping-wrong-status',
    breaks: 'GET /api2/ping/ answers 200 "pong"',
    grep: 'ping answers 200 "pong" without a token',
    onResponse: (req, res) => (pathOf(req) === '/api2/ping/' ? { ...res, status: 201 } : res),
  },
  {
    name: 'no-token-accepted',
    breaks: 'a request without a token is refused with 403 {"detail": ...}',
    grep: 'token checks GET /api2/(auth/ping|repos)/ without a token',
    onResponse: (req, res) =>
      !req.headers.has('authorization') && res.status === 403 && textOf(res.body).includes('credentials')
        ? ok(pathOf(req).endsWith('/ping/') ? 'pong' : [])
        : res,
  },
  {
    name: 'bad-token-403',
    breaks: 'an unknown token is refused with 401 {"detail": "Invalid token"}',
    grep: 'token checks GET /api2/repos/ with an unknown token|a token header without a key',
    onResponse: (_req, res) => (res.status === 401 ? { ...res, status: 403 } : res),
  },
  {
    name: 'repo-list-missing-name',
    breaks: 'library list entries carry "name"',
    grep: 'library lifecycle',
    onResponse: mapJson(
      (req) => req.method === 'GET' && pathOf(req) === '/api2/repos/',
      (body) => (Array.isArray(body) ? body.map(({ name: _n, ...rest }) => rest) : body),
    ),
  },
  {
    name: 'mkdir-200',
    breaks: 'mkdir answers 201 "success" with Location',
    grep: 'mkdir answers 201',
    onResponse: (req, res) =>
      req.method === 'POST' && /\/dir\/$/.test(pathOf(req)) && res.status === 201
        ? { ...res, status: 200 }
        : res,
  },
  {
    name: 'mkdir-dropped',
    breaks: 'a created directory is visible in the listing (dropped write)',
    grep: 'mkdir answers 201',
    onRequest: (req) =>
      req.method === 'POST' &&
      /\/api2\/repos\/[^/]+\/dir\/$/.test(pathOf(req)) &&
      formField(req, 'operation') === 'mkdir'
        ? {
            status: 201,
            // The answer the real server gives (views.py::DirView.post), so that only the listing can tell.
            headers: new Headers({ 'content-type': 'application/json', location: mkdirLocation(req) }),
            body: bodyOf('"success"'),
          }
        : undefined,
  },
  {
    name: 'repo-delete-dropped',
    breaks: 'a deleted library answers 404 afterwards (use after free)',
    grep: 'deleting a library twice',
    onRequest: (req) => (req.method === 'DELETE' && reposPath.test(pathOf(req)) ? ok('success') : undefined),
  },
  {
    name: 'error-shape',
    breaks: 'seahub errors are {"error_msg": ...}',
    grep: 'listing a missing directory answers 404|creating a library without a name',
    onResponse: mapJson(
      (_req, res) => res.status === 404 || res.status === 400,
      (body) =>
        body && typeof body === 'object' && 'error_msg' in body
          ? { error: (body as { error_msg: string }).error_msg }
          : body,
    ),
  },
  {
    name: 'bad-param-500',
    breaks: 'a bad parameter gets a 4xx, never a 5xx',
    grep: 'file operation other than rename|creating a library without a name',
    onResponse: (_req, res) => (res.status === 400 ? { ...res, status: 500 } : res),
  },
  {
    name: 'wrong-method-404',
    breaks: 'a wrong method answers 405 as Django does',
    grep: 'method',
    onResponse: (_req, res) => (res.status === 405 ? { ...res, status: 404 } : res),
  },
  {
    name: 'rename-200',
    breaks: 'file rename answers 301 with Location',
    grep: 'file rename answers 301',
    onResponse: (req, res) => (req.method === 'POST' && res.status === 301 ? { ...res, status: 200 } : res),
  },
  {
    name: 'oid-never-uptodate',
    breaks: 'a directory listing with the current oid answers "uptodate"',
    grep: 'current oid answers',
    onRequest: (req) => {
      if (req.method === 'GET' && /\/dir\/$/.test(pathOf(req)) && queryOf(req).has('oid')) {
        const q = queryOf(req)
        q.delete('oid')
        req.url = `${pathOf(req)}?${q}`
      }
      return undefined
    },
  },
  {
    name: 'history-empty',
    breaks: 'library history grows with each change',
    grep: 'file history grows with each change',
    onResponse: mapJson(
      (req) => /\/history\/$/.test(pathOf(req)),
      (body) => (body && typeof body === 'object' && 'commits' in body ? { ...body, commits: [] } : body),
    ),
  },
  {
    name: 'upload-wrong-id',
    breaks: "the upload's file id is the SHA-1 of the seafile object",
    grep: 'one file: the answer holds the computed id|upload answers the file id computed',
    onResponse: (req, res) => {
      if (!/\/upload-api\//.test(pathOf(req)) || res.status !== 200) return res
      const text = textOf(res.body)
      return { ...res, body: bodyOf(text.replace(/[0-9a-f]{40}/g, flipHex)) }
    },
  },
  {
    name: 'download-corrupted',
    breaks: 'downloads are byte-identical to the upload',
    grep: 'upload answers the file id computed|file link: create, list, download the bytes',
    onResponse: (req, res) => {
      if (!/\/files\//.test(pathOf(req)) || res.body.byteLength === 0 || res.status >= 300) return res
      const body = new Uint8Array(res.body)
      body[0] = body[0]! ^ 0xff
      return { ...res, body }
    },
  },
  {
    name: 'range-ignored',
    breaks: 'a Range request answers 206 with Content-Range',
    grep: 'Range middle|download with a Range answers 206',
    onRequest: (req) => {
      if (/\/files\//.test(pathOf(req))) req.headers.delete('range')
      return undefined
    },
  },
  {
    name: 'etag-wrong',
    breaks: 'the download ETag is the file id',
    grep: 'ETag = file id|carries the file id as ETag',
    onResponse: (req, res) => {
      const etag = res.headers.get('etag')
      if (!/\/files\//.test(pathOf(req)) || !etag) return res
      res.headers.set('etag', flipHex(etag.replaceAll('"', '')))
      return res
    },
  },
  {
    name: 'one-time-token-reusable',
    breaks: 'a one-time download link works once',
    grep: 'one-time link answers 403|one-time download link works once',
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/files\//.test(pathOf(req))) return res
      if (res.status === 200) oneTimeCache.set(req.url, res)
      return res.status === 403 && oneTimeCache.has(req.url) ? oneTimeCache.get(req.url)! : res
    },
  },
  {
    name: 'uploaded-bytes-zero',
    breaks: 'file-uploaded-bytes reports the bytes already held',
    grep: 'file-uploaded-bytes: 0 before',
    onResponse: mapJson(
      (req) => /\/file-uploaded-bytes\/$/.test(pathOf(req)),
      () => ({ uploadedBytes: 0 }),
    ),
  },
  {
    name: 'raw-block-unchecked',
    breaks: 'a raw block whose name is not its SHA-1 is refused',
    grep: 'raw block whose name is not its SHA-1',
    onResponse: (req, res) =>
      /\/upload-raw-blks-api\//.test(pathOf(req)) && res.status >= 400 ? ok('OK') : res,
  },
  {
    name: 'blklist-no-dedupe',
    breaks: 'blklist answers only the blocks the server lacks',
    grep: 'blklist answers only the blocks',
    onResponse: (req, res) => {
      if (req.method !== 'POST' || !/\/upload-blks-link\/$/.test(pathOf(req)) || !isJson(res)) return res
      const asked = (formField(req, 'blklist') ?? '').split(',').filter(Boolean)
      const body = jsonOf(res.body) as Record<string, unknown>
      return { ...res, body: bodyOf(JSON.stringify({ ...body, blklist: asked })) }
    },
  },
  {
    name: 'resumable-nonlast-wrong',
    breaks: 'a non-last Content-Range chunk answers {"success": true}',
    grep: 'chunks of 1 MiB: ',
    onResponse: (req, res) =>
      req.headers.has('content-range') && textOf(res.body).replace(/\s/g, '') === '{"success":true}'
        ? ok({ success: false })
        : res,
  },
  {
    name: 'clash-overwrites-name',
    breaks: 'an upload clashing with an existing name is renamed "name (1).ext"',
    grep: 'a clash renames to',
    onResponse: mapJson(
      (req) => /\/upload-(api|aj)\//.test(pathOf(req)),
      (body) =>
        Array.isArray(body)
          ? body.map((e: { name?: string }) => ({
              ...e,
              name: e.name?.replace(/ \(\d+\)(?=\.[^.]*$|$)/, ''),
            }))
          : body,
    ),
  },
  {
    name: 'range-suffix-full-body',
    breaks: 'a suffix Range (bytes=-N) answers 206 with the last N bytes',
    grep: 'Range suffix',
    onResponse: (req, res) =>
      /^bytes=-/.test(req.headers.get('range') ?? '') && res.status === 206 ? { ...res, status: 200 } : res,
  },
  {
    name: 'missing-block-commit-accepted',
    breaks: 'a block commit naming a block never uploaded is refused with 446',
    grep: 'never uploaded is refused',
    onResponse: (req, res) =>
      /\/upload-blks-api\//.test(pathOf(req)) && res.status === 446
        ? ok({ id: flipHex('0'.repeat(40)) })
        : res,
  },
  {
    name: 'download-no-filename-star',
    breaks: "a non-ASCII download is named by an RFC 5987 filename*=utf-8''<escaped> (not raw UTF-8 only)",
    grep: 'non-ASCII name downloads',
    // Leaves only the raw UTF-8 filename="héllo ✓ (1).txt", as a server unaware of RFC 6266 would send.
    onResponse: (req, res) => {
      const disposition = res.headers.get('content-disposition')
      if (!/\/files\//.test(pathOf(req)) || !disposition || !/filename\*/i.test(disposition)) return res
      res.headers.set('content-disposition', disposition.replace(/;?\s*filename\*\s*=[^;]*/i, ''))
      return res
    },
  },
  {
    name: 'resumable-same-name-overwrites',
    breaks: 'a resumable upload clashing with an existing name is committed as "name (1).ext"',
    grep: 'interleaving chunks of the same name: both commit',
    // Every chunk asks for replace=1: the later commit overwrites the earlier file instead of renaming.
    onRequest: (req) => {
      if (req.method === 'POST' && req.headers.has('content-range') && /\/upload-api\//.test(pathOf(req))) {
        const q = queryOf(req)
        q.set('replace', '1')
        req.url = `${pathOf(req)}?${q}`
      }
      return undefined
    },
  },
  {
    name: 'resumable-total-first-wins',
    breaks: 'a chunk ending at its own Content-Range total commits, whatever total earlier chunks gave',
    grep: 'chunks disagreeing on the total: the one ending',
    // The server holds the first chunk's total as the file size and waits for more bytes: the chunk that
    // ends at its own (smaller) total is answered as a non-last one and never reaches the upstream.
    onRequest: (req) => {
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers.get('content-range') ?? '')
      if (req.method !== 'POST' || !range || !/\/upload-api\//.test(pathOf(req))) return undefined
      const key = `${pathOf(req)} ${req.headers.get('content-disposition') ?? ''}`
      const total = Number(range[3])
      const first = firstTotals.get(key) ?? total
      if (Number(range[2]) === total - 1) firstTotals.delete(key)
      else firstTotals.set(key, first)
      return total !== first ? ok({ success: true }) : undefined
    },
  },
  {
    name: 'bad-content-range-refused',
    breaks:
      'a Content-Range the real server cannot use is ignored: the part is uploaded whole (lax, as fileop.go)',
    grep: 'is ignored: the part is uploaded whole',
    // A stricter server: refuses what parseContentRange rejects instead of taking the part as a whole upload.
    onRequest: (req) => {
      const header = req.headers.get('content-range')
      if (req.method !== 'POST' || header === null || !/\/upload-api\//.test(pathOf(req))) return undefined
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header)
      const usable = range && Number(range[1]) <= Number(range[2]) && Number(range[2]) < Number(range[3])
      return usable ? undefined : plainAnswer(400, 'Invalid Content-Range\n')
    },
  },
  {
    name: 'chunk-length-mismatch-refused',
    breaks:
      'a chunk whose body is longer or shorter than its Content-Range is written whole (lax, as fileop.go)',
    grep: 'is not its range length is written whole',
    // A stricter server: refuses a chunk whose file part does not hold exactly END - START + 1 bytes.
    onRequest: (req) => {
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(req.headers.get('content-range') ?? '')
      const length = range && req.method === 'POST' ? filePartLength(req) : undefined
      if (!range || length === undefined) return undefined
      const declared = Number(range[2]) - Number(range[1]) + 1
      return length === declared ? undefined : plainAnswer(400, 'Chunk length does not match Content-Range\n')
    },
  },
  resumableOrderRefused(
    'resumable-gap-refused',
    'a gap between chunks',
    'a gap is accepted',
    (a, b) => a > b,
  ),
  resumableOrderRefused(
    'resumable-overlap-refused',
    'an overlap between chunks',
    'an overlap is accepted',
    (a, b) => a < b,
  ),
  {
    name: 'zip-not-a-zip',
    breaks: 'GET /zip/{token} answers a zip archive (starting with the PK\\3\\4 local file header)',
    grep: 'finished zip downloads',
    // A gzip stream of the archive where a zip belongs (the headers still say zip).
    onResponse: (req, res) =>
      req.method === 'GET' && /\/zip\/[^/]+\/?$/.test(pathOf(req)) && res.status === 200
        ? { ...res, body: gzipSync(res.body) }
        : res,
  },
  {
    name: 'shared-file-delete-unknown-200',
    breaks: 'DELETE /api2/shared-files/ with an unknown token answers 404 "Token does not exist"',
    grep: 'deleting an unknown private shared file',
    onRequest: (req) =>
      req.method === 'DELETE' && pathOf(req) === '/api2/shared-files/' ? ok({}) : undefined,
  },
  {
    name: 'zip-typed-html',
    breaks: 'GET /zip/{token} is typed application/octet-stream (Go) or application/zip (C)',
    grep: 'finished zip downloads',
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/zip\/[^/]+\/?$/.test(pathOf(req)) || res.status !== 200) return res
      res.headers.set('content-type', 'text/html; charset=utf-8')
      return res
    },
  },
  {
    name: 'zip-inline',
    breaks: 'GET /zip/{token} is sent as an attachment (Content-Disposition: attachment;filename=...)',
    grep: 'finished zip downloads',
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/zip\/[^/]+\/?$/.test(pathOf(req)) || res.status !== 200) return res
      res.headers.set('content-disposition', 'inline')
      return res
    },
  },
  {
    name: 'head-length-zero',
    breaks: 'HEAD on a download URL answers 200 with the Content-Length of the file',
    grep: 'HEAD on a download URL',
    onResponse: (req, res) => {
      if (req.method !== 'HEAD' || !/\/files\//.test(pathOf(req))) return res
      res.headers.set('content-length', '0')
      return res
    },
  },
  // Dropped writes elsewhere: the server answers the documented success body but keeps nothing.
  {
    name: 'unshare-dropped',
    breaks: "a library unshared with DELETE /api2/shared-repos/{repo_id}/ leaves the receiver's list",
    grep: 'a shared library appears for the receiver and disappears after unshare',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api2\/shared-repos\/[0-9a-f-]{36}\/$/.test(pathOf(req))
        ? ok('success')
        : undefined,
  },
  {
    name: 'group-member-add-dropped',
    breaks: 'a member added with PUT /api2/groups/{group_id}/members/ sees the group',
    grep: 'group lifecycle',
    onRequest: (req) =>
      req.method === 'PUT' && /^\/api2\/groups\/\d+\/members\/$/.test(pathOf(req))
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'unstar-dropped',
    breaks: 'an unstarred file leaves GET /api2/starredfiles/',
    grep: 'a starred file appears in the list',
    onRequest: (req) =>
      req.method === 'DELETE' && pathOf(req) === '/api2/starredfiles/' ? ok('success') : undefined,
  },
  {
    name: 'copy-dropped',
    breaks: 'fileops/copy puts a copy of the file in the destination folder',
    grep: 'fileops/copy copies',
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/fileops\/copy\/$/.test(pathOf(req))) return undefined
      const names = (formField(req, 'file_names') ?? '').split(':').filter(Boolean)
      const [repoId, dir] = [formField(req, 'dst_repo') ?? '', formField(req, 'dst_dir') ?? '/']
      return ok(names.map((name) => ({ repo_id: repoId, parent_dir: dir, obj_name: name })))
    },
  },
  {
    name: 'trash-clean-dropped',
    breaks: 'cleaning the trash with keep_days 0 empties it',
    grep: 'trash lists a deleted file and clean empties it',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api\/v2\.1\/repos\/[0-9a-f-]{36}\/trash\/$/.test(pathOf(req))
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'owner-transfer-dropped',
    breaks: 'PUT /api2/repos/{repo_id}/owner/ gives the library to the new owner',
    grep: 'owner transfer changes the owner',
    onRequest: (req) =>
      req.method === 'PUT' && /^\/api2\/repos\/[0-9a-f-]{36}\/owner\/$/.test(pathOf(req))
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'sync-head-stale',
    breaks: "the sync protocol's commit/HEAD is the head the web API shows",
    grep: 'commit/HEAD gives the head',
    // commit/HEAD is JSON written as text (mock/routes/seafhttp-sync.ts), so the text is rewritten.
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/repo\/[0-9a-f-]{36}\/commit\/HEAD\/?$/.test(pathOf(req))) return res
      const text = textOf(res.body)
      return { ...res, body: bodyOf(text.replace(/[0-9a-f]{40}/, flipHex)) }
    },
  },
  {
    name: 'sync-block-corrupted',
    breaks: 'a block fetched with the sync protocol holds the bytes the web API downloads',
    grep: 'a clone gets the tree and bytes',
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/repo\/[0-9a-f-]{36}\/block\/[0-9a-f]{40}$/.test(pathOf(req))) return res
      if (res.status !== 200 || res.body.byteLength === 0) return res
      const body = new Uint8Array(res.body)
      body[0] = body[0]! ^ 0xff
      return { ...res, body }
    },
  },
  {
    name: 'sync-check-blocks-none-missing',
    breaks: 'check-blocks answers the blocks the server lacks',
    grep: 'a client upload becomes the head',
    onResponse: (req, res) =>
      req.method === 'POST' &&
      /\/repo\/[0-9a-f-]{36}\/check-blocks\/$/.test(pathOf(req)) &&
      res.status === 200
        ? { ...res, body: bodyOf('[]') }
        : res,
  },
  {
    name: 'sync-update-unverified',
    breaks: 'update-branch refuses with 446 a head whose files have blocks the server lacks',
    grep: 'update-branch answers 446',
    onResponse: (req, res) =>
      req.method === 'PUT' && /\/commit\/HEAD\/$/.test(pathOf(req)) && res.status === 446
        ? { status: 200, headers: new Headers(), body: new Uint8Array() }
        : res,
  },
  {
    name: 'permission-check-lax',
    breaks: 'permission-check refuses an unknown op or a malformed client id with 400',
    grep: 'permission-check refuses',
    onResponse: (req, res) =>
      /\/repo\/[0-9a-f-]{36}\/permission-check\/$/.test(pathOf(req)) && res.status === 400
        ? { status: 200, headers: new Headers(), body: new Uint8Array() }
        : res,
  },
  {
    name: 'history-limit-dropped',
    breaks: 'a history limit set with PUT history-limit/ is what GET reads back',
    grep: 'history limit: set, then read back',
    onRequest: (req) =>
      req.method === 'PUT' && /^\/api2\/repos\/[0-9a-f-]{36}\/history-limit\/$/.test(pathOf(req))
        ? ok({ keep_days: Number(formField(req, 'keep_days')) })
        : undefined,
  },
  {
    name: 'leave-share-dropped',
    breaks: 'a receiver leaving a shared library (DELETE beshared-repos) no longer sees it',
    grep: 'the receiver can leave a shared library',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api2\/beshared-repos\/[0-9a-f-]{36}\/$/.test(pathOf(req))
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'folder-share-dropped',
    breaks: 'a folder shared with PUT dir/shared_items/ is listed by GET dir/shared_items/',
    grep: 'folder share: share, list',
    onRequest: (req) => {
      if (req.method !== 'PUT' || !/\/dir\/shared_items\/$/.test(pathOf(req))) return undefined
      const user = formField(req, 'username') ?? ''
      return ok({
        success: [
          {
            user_info: { nickname: user, name: user },
            share_type: 'user',
            permission: formField(req, 'permission'),
          },
        ],
        failed: [],
      })
    },
  },
  {
    name: 'move-folder-merge-dropped',
    breaks: 'move-folder-merge moves the folder into the destination',
    grep: 'move-folder-merge moves a folder',
    onRequest: (req) =>
      req.method === 'POST' && pathOf(req) === '/api/v2.1/move-folder-merge/'
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'file-links-relative',
    breaks: 'update, upload-blks and update-blks links are absolute file-server URLs',
    grep: 'upload, update and block links are absolute',
    onResponse: mapJson(
      (req) => req.method === 'GET' && /\/(update|upload-blks|update-blks)-link\/$/.test(pathOf(req)),
      (body) => (typeof body === 'string' ? body.replace(/^https?:\/\/[^/]+/, '') : body),
    ),
  },
  {
    name: 'dir-listing-unsorted',
    breaks: 'a directory listing puts directories first, each kind sorted by name',
    grep: 'directories first, sorted by name',
    onResponse: mapJson(
      (req) => req.method === 'GET' && /^\/api2\/repos\/[0-9a-f-]{36}\/dir\/$/.test(pathOf(req)),
      (body) => (Array.isArray(body) ? [...body].reverse() : body),
    ),
  },
  {
    name: 'dir-type-filter-ignored',
    breaks: 'a directory listing with t=f lists only files and with t=d only directories',
    grep: 'filters files with t=f',
    onRequest: (req) => {
      const q = queryOf(req)
      if (req.method !== 'GET' || !/\/dir\/$/.test(pathOf(req)) || !['f', 'd'].includes(q.get('t') ?? ''))
        return undefined
      q.delete('t')
      req.url = `${pathOf(req)}?${q}`
      return undefined
    },
  },
  {
    name: 'recursive-listing-flat',
    breaks: 'a directory listing with recursive=1 gives every entry below, each with its parent_dir',
    grep: 'recursive directory listing gives',
    onRequest: (req) => {
      const q = queryOf(req)
      if (req.method !== 'GET' || !/\/dir\/$/.test(pathOf(req)) || !q.has('recursive')) return undefined
      q.delete('recursive')
      req.url = `${pathOf(req)}?${q}`
      return undefined
    },
  },
  {
    name: 'rename-same-name-accepted',
    breaks: 'renaming a file to its own name answers 409 "The new name is the same to the old"',
    grep: 'file rename to the same name answers 409',
    onResponse: (req, res) =>
      req.method === 'POST' && /\/file\/$/.test(pathOf(req)) && res.status === 409 ? ok('success') : res,
  },
  {
    name: 'update-missing-file-accepted',
    breaks: 'update-api of a file that does not exist answers 441',
    grep: 'update-api of a missing file answers 441',
    onResponse: (req, res) =>
      /\/update-api\//.test(pathOf(req)) && res.status === 441
        ? {
            status: 200,
            headers: new Headers({ 'content-type': 'text/plain' }),
            body: bodyOf(flipHex('0'.repeat(40))),
          }
        : res,
  },
  {
    name: 'upload-parent-unchecked',
    breaks: "an upload whose parent_dir is not its link's folder is refused with 403",
    grep: 'an upload link bound to another parent_dir is refused',
    onResponse: (req, res) => (/\/upload-api\//.test(pathOf(req)) && res.status === 403 ? ok([]) : res),
  },
  {
    name: 'auth-token-wrong-credentials-401',
    breaks: 'auth-token refuses wrong credentials with 400 {"non_field_errors": [...]}',
    grep: 'auth-token refuses wrong credentials',
    onResponse: (req, res) =>
      pathOf(req) === '/api2/auth-token/' && res.status === 400
        ? ok({ detail: 'Unable to login with provided credentials.' }, 401)
        : res,
  },
  {
    name: 'dir-delete-dropped',
    breaks: 'a deleted directory is gone: listing it answers 404',
    grep: 'directory delete answers 200',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api2\/repos\/[0-9a-f-]{36}\/dir\/$/.test(pathOf(req))
        ? ok('success')
        : undefined,
  },
  {
    name: 'file-delete-dropped',
    breaks: 'a deleted file is gone from the listing',
    grep: 'file delete answers 200',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api2\/repos\/[0-9a-f-]{36}\/file\/$/.test(pathOf(req))
        ? ok('success')
        : undefined,
  },
  {
    name: 'dir-rename-dropped',
    breaks: 'a renamed directory is listed under its new name only',
    grep: 'directory rename answers 200',
    onRequest: (req) =>
      req.method === 'POST' &&
      /^\/api2\/repos\/[0-9a-f-]{36}\/dir\/$/.test(pathOf(req)) &&
      formField(req, 'operation') === 'rename'
        ? ok('success')
        : undefined,
  },
  {
    name: 'history-oldest-first',
    breaks: 'v2.1 library history lists commits newest first',
    grep: 'v2.1 history lists commits newest first',
    onResponse: mapJson(
      (req) => req.method === 'GET' && /^\/api\/v2\.1\/repos\/[0-9a-f-]{36}\/history\/$/.test(pathOf(req)),
      (body) => {
        const b = body as { data?: unknown[] }
        return Array.isArray(b.data) ? { ...b, data: [...b.data].reverse() } : body
      },
    ),
  },
  {
    name: 'unknown-library-403',
    breaks: 'an unknown library answers 404 "Library not found."',
    grep: 'libraries an unknown library answers 404',
    onResponse: (req, res) =>
      /^\/api2\/repos\/[0-9a-f-]{36}\/$/.test(pathOf(req)) && res.status === 404
        ? ok({ error_msg: 'Permission denied.' }, 403)
        : res,
  },
  {
    name: 'upload-link-missing-folder',
    breaks: 'an upload link for a folder that does not exist answers 404',
    grep: 'an upload link for a missing folder answers 404',
    onResponse: (req, res) =>
      /\/upload-link\/$/.test(pathOf(req)) && res.status === 404
        ? ok(`http://127.0.0.1/seafhttp/upload-api/${crypto.randomUUID()}`)
        : res,
  },
  {
    name: 'folder-link-empty',
    breaks: "a folder share link lists the folder's entries",
    grep: 'folder link lists the folder',
    onResponse: (req, res) =>
      /^\/api2\/d\/[^/]+\/dir\/$/.test(pathOf(req)) && res.status === 200 && isJson(res)
        ? { ...res, body: bodyOf('[]') }
        : res,
  },
  {
    name: 'v21-unshare-dropped',
    breaks: 'DELETE /api/v2.1/shared-repos/{repo_id}/ removes the share',
    grep: 'v2.1 DELETE shared-repos unshares',
    onRequest: (req) =>
      req.method === 'DELETE' && /^\/api\/v2\.1\/shared-repos\/[0-9a-f-]{36}\/$/.test(pathOf(req))
        ? ok({ success: true })
        : undefined,
  },
  {
    name: 'replace-ignored',
    breaks: 'an upload with replace=1 keeps the name and replaces the bytes (no "name (1).ext")',
    grep: 'upload with replace=1 keeps the name',
    // The multipart field replace=1 becomes replace=0 (same length, so the body stays well formed).
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/upload-api\//.test(pathOf(req))) return undefined
      const field = Buffer.from('name="replace"\r\n\r\n1')
      const body = Buffer.from(req.body)
      const at = body.indexOf(field)
      if (at >= 0) body[at + field.length - 1] = 0x30
      req.body = body
      return undefined
    },
  },
  {
    name: 'empty-file-sha1',
    breaks: 'the empty file has the id of forty zeros (not the SHA-1 of no bytes)',
    grep: 'the empty file has the id of forty zeros',
    onResponse: (req, res) =>
      /\/upload-api\//.test(pathOf(req)) && res.status === 200
        ? {
            ...res,
            body: bodyOf(
              textOf(res.body).replaceAll('0'.repeat(40), 'da39a3ee5e6b4b0d3255bfef95601890afd80709'),
            ),
          }
        : res,
  },
  {
    name: 'plain-answer-newlines',
    breaks: 'an upload without ret-json answers the ids joined by tabs',
    grep: 'plain answer \\(no ret-json\\)',
    onResponse: (req, res) =>
      /\/upload-api\//.test(pathOf(req)) && !queryOf(req).has('ret-json') && res.status === 200
        ? { ...res, body: bodyOf(`${textOf(res.body).replaceAll('\t', '\n')}\n`) }
        : res,
  },
  {
    name: 'range-past-end-200',
    breaks: 'a Range past the end answers 416 with Content-Range bytes */size',
    grep: 'Range past the end',
    onRequest: (req) => {
      if (/\/files\//.test(pathOf(req))) req.headers.delete('range')
      return undefined
    },
  },
  {
    name: 'download-link-oid-wrong',
    breaks: 'the download link answer carries the file id in its oid header',
    grep: 'with the file id in oid',
    onResponse: (req, res) => {
      const oid = res.headers.get('oid')
      if (!/^\/api2\/repos\/[0-9a-f-]{36}\/file\/$/.test(pathOf(req)) || !oid) return res
      res.headers.set('oid', flipHex(oid))
      return res
    },
  },
  {
    name: 'sync-protocol-version-1',
    breaks: 'the sync protocol-version answers version 2',
    grep: 'protocol-version answers version 2',
    onResponse: (req, res) =>
      /\/protocol-version$/.test(pathOf(req)) && res.status === 200
        ? { ...res, body: bodyOf('{"version": 1}') }
        : res,
  },
  {
    name: 'sync-unknown-library-404',
    breaks: 'the sync protocol answers 444 for a library that does not exist (the client\'s "repo deleted")',
    grep: 'an unknown library is 444',
    onResponse: (_req, res) => (res.status === 444 ? { ...res, status: 404 } : res),
  },
  {
    name: 'file-create-dropped',
    breaks: 'a created file is listed as an empty file',
    grep: 'file create answers 201',
    onRequest: (req) =>
      req.method === 'POST' &&
      /^\/api2\/repos\/[0-9a-f-]{36}\/file\/$/.test(pathOf(req)) &&
      formField(req, 'operation') === 'create'
        ? {
            status: 201,
            headers: new Headers({ 'content-type': 'application/json', location: req.url }),
            body: bodyOf('"success"'),
          }
        : undefined,
  },
  {
    name: 'dir-revert-dropped',
    breaks: 'dir/revert brings a deleted folder back',
    grep: 'a deleted folder comes back with dir/revert',
    onRequest: (req) =>
      req.method === 'PUT' && /\/dir\/revert\/$/.test(pathOf(req)) ? ok({ success: true }) : undefined,
  },
  {
    name: 'file-revert-dropped',
    breaks: 'file/revert restores the bytes of the older version',
    grep: 'file revert restores the bytes',
    onRequest: (req) =>
      req.method === 'PUT' && /\/file\/revert\/$/.test(pathOf(req)) ? ok({ success: true }) : undefined,
  },
  {
    name: 'commit-diff-empty',
    breaks: 'commit info lists the changes of the commit (commit_diffs)',
    grep: 'commit info shows the diff',
    onResponse: mapJson(
      (req) => /^\/api\/v2\.1\/repos\/[0-9a-f-]{36}\/commits\/[0-9a-f]{40}\/$/.test(pathOf(req)),
      (body) =>
        body && typeof body === 'object' && 'commit_diffs' in body ? { ...body, commit_diffs: [] } : body,
    ),
  },
  {
    name: 'file-detail-size-wrong',
    breaks: 'file detail gives the size of the file',
    grep: 'file detail describes an uploaded file',
    onResponse: mapJson(
      (req) => req.method === 'GET' && /\/file\/detail\/$/.test(pathOf(req)),
      (body) => {
        const b = body as { size?: number }
        return typeof b.size === 'number' ? { ...b, size: b.size + 1 } : body
      },
    ),
  },
  {
    name: 'reuse-link-once',
    breaks: 'a download link made with reuse=1 serves the file more than once',
    grep: 'reuse=1 link serves the same bytes twice',
    onResponse: (req, res) => {
      if (req.method !== 'GET' || !/\/files\//.test(pathOf(req)) || res.status !== 200) return res
      if (!servedOnce.has(req.url)) {
        servedOnce.add(req.url)
        return res
      }
      return {
        status: 403,
        headers: new Headers({ 'content-type': 'text/plain' }),
        body: bodyOf('Bad access token'),
      }
    },
  },
  {
    name: 'group-share-dropped',
    breaks: 'a library shared with a group reaches its members',
    grep: 'a library shared with a group reaches',
    onRequest: (req) =>
      req.method === 'PUT' &&
      /^\/api2\/shared-repos\/[0-9a-f-]{36}\/$/.test(pathOf(req)) &&
      queryOf(req).get('share_type') === 'group'
        ? ok('success')
        : undefined,
  },
  {
    name: 'default-repo-forgotten',
    breaks: 'the default library, once created, is reported by GET default-repo with its id',
    grep: 'default library: created on demand',
    onResponse: (req, res) =>
      req.method === 'GET' && pathOf(req) === '/api2/default-repo/' && res.status === 200
        ? ok({ exists: false })
        : res,
  },
  {
    name: 'sync-owner-refused',
    breaks: "permission-check allows the library's owner to download and upload",
    grep: 'permission-check allows the owner',
    onResponse: (req, res) =>
      /\/repo\/[0-9a-f-]{36}\/permission-check\/$/.test(pathOf(req)) && res.status === 200
        ? { status: 403, headers: new Headers(), body: new Uint8Array() }
        : res,
  },
  {
    name: 'head-commits-multi-empty',
    breaks: 'head-commits-multi maps each library asked for to its head',
    grep: 'head-commits-multi maps',
    onResponse: (req, res) =>
      /\/repo\/head-commits-multi\/$/.test(pathOf(req)) && res.status === 200
        ? { ...res, body: bodyOf('{}') }
        : res,
  },
  {
    name: 'update-answer-quoted',
    breaks: 'update-api answers the new file id as bare text (no quotes, ret-json not honoured)',
    grep: 'update-api replaces an existing file',
    onResponse: (req, res) =>
      /\/update-api\//.test(pathOf(req)) && res.status === 200
        ? { ...res, body: bodyOf(JSON.stringify(textOf(res.body).trim())) }
        : res,
  },
  {
    name: 'upload-answer-reordered',
    breaks: 'a multi-file upload answers its files in the order they were sent',
    grep: 'several files in one request are all added, in order',
    onResponse: mapJson(
      (req) => /\/upload-api\//.test(pathOf(req)),
      (body) => (Array.isArray(body) ? [...body].reverse() : body),
    ),
  },
  {
    name: 'relative-path-ignored',
    breaks: 'relative_path puts the upload in nested folders it creates (mkdir -p)',
    grep: 'relative_path creates the nested',
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/upload-api\//.test(pathOf(req))) return undefined
      const text = Buffer.from(req.body).toString('latin1')
      req.body = Buffer.from(text.replace('name="relative_path"', 'name="ignored_path"'), 'latin1')
      return undefined
    },
  },
  {
    name: 'upload-name-normalized',
    breaks: 'an uploaded file keeps its name as given (runs of spaces included)',
    grep: 'name kept as given: "with  two spaces',
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/upload-api\//.test(pathOf(req))) return undefined
      const text = Buffer.from(req.body).toString('latin1')
      const collapsed = text.replace(
        /filename="([^"]*)"/g,
        (_m, name: string) => `filename="${name.replace(/ {2,}/g, ' ')}"`,
      )
      req.body = Buffer.from(collapsed, 'latin1')
      return undefined
    },
  },
  {
    name: 'account-info-other-user',
    breaks: 'account info describes the user the token belongs to',
    grep: 'account info describes the logged-in user',
    onResponse: mapJson(
      (req) => req.method === 'GET' && pathOf(req) === '/api2/account/info/',
      (body) => (body && typeof body === 'object' ? { ...body, email: 'someone-else@example.com' } : body),
    ),
  },
  {
    name: 'mkdir-clash-dropped',
    breaks: 'mkdir of an existing name creates "name (1)"',
    grep: 'mkdir of an existing directory name',
    // The second mkdir of a path answers as if it made it again, and nothing is created.
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/dir\/$/.test(pathOf(req)) || formField(req, 'operation') !== 'mkdir')
        return undefined
      if (!seenPaths.has(req.url)) return void seenPaths.add(req.url)
      return {
        status: 201,
        headers: new Headers({ 'content-type': 'application/json', location: mkdirLocation(req) }),
        body: bodyOf('"success"'),
      }
    },
  },
  {
    name: 'file-create-clash-dropped',
    breaks: 'creating a file with an existing name creates "name (1).ext"',
    grep: 'file create of an existing name',
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/file\/$/.test(pathOf(req)) || formField(req, 'operation') !== 'create')
        return undefined
      if (!seenPaths.has(req.url)) return void seenPaths.add(req.url)
      return {
        status: 201,
        headers: new Headers({ 'content-type': 'application/json', location: req.url }),
        body: bodyOf('"success"'),
      }
    },
  },
  {
    name: 'move-copies',
    breaks: 'a moved file leaves its directory',
    grep: 'file move answers 301',
    // The move is carried out as a copy and answered as the move would be.
    onRequest: (req) => {
      if (req.method !== 'POST' || !/\/file\/$/.test(pathOf(req)) || formField(req, 'operation') !== 'move')
        return undefined
      const form = new URLSearchParams(textOf(req.body))
      form.set('operation', 'copy')
      req.body = bodyOf(form.toString())
      movedAsCopy.add(req)
      return undefined
    },
    onResponse: (req, res) => (movedAsCopy.has(req) && res.status === 200 ? { ...res, status: 301 } : res),
  },
  {
    name: 'download-info-other-library',
    breaks: 'download-info describes the library asked for',
    grep: 'download info describes the library',
    onResponse: mapJson(
      (req) => /\/download-info\/$/.test(pathOf(req)),
      (body) => {
        const b = body as { repo_name?: string }
        return typeof b.repo_name === 'string' ? { ...b, repo_name: `${b.repo_name} (other)` } : body
      },
    ),
  },
  {
    name: 'v21-create-wrong-id',
    breaks: 'POST /api/v2.1/repos/ answers the id of the library it created',
    grep: 'v2.1 create library answers',
    onResponse: mapJson(
      (req) => req.method === 'POST' && pathOf(req) === '/api/v2.1/repos/',
      (body) => {
        const b = body as { repo_id?: string }
        return typeof b.repo_id === 'string' ? { ...b, repo_id: flipHex(b.repo_id) } : body
      },
    ),
  },
  {
    name: 'history-uploader-wrong',
    breaks: 'v2.1 library history names the user who made each commit',
    grep: 'library history \\(v2\\.1\\) names the uploader',
    onResponse: mapJson(
      (req) => req.method === 'GET' && /^\/api\/v2\.1\/repos\/[0-9a-f-]{36}\/history\/$/.test(pathOf(req)),
      (body) => {
        const b = body as { data?: { email?: string }[] }
        return Array.isArray(b.data)
          ? { ...b, data: b.data.map((c) => ({ ...c, email: 'someone-else@example.com' })) }
          : body
      },
    ),
  },
  {
    name: 'block-commit-wrong-id',
    breaks: 'a block-list commit answers the id of the file it made',
    grep: 'blklist → raw blocks → commit',
    onResponse: (req, res) =>
      /\/upload-blks-api\//.test(pathOf(req)) && res.status === 200
        ? { ...res, body: bodyOf(textOf(res.body).replace(/[0-9a-f]{40}/, flipHex)) }
        : res,
  },
  // Refusals the suite asks for, each let through (400 or 404 → 200 "success").
  ...(
    [
      [
        'dir-listing-bad-t-accepted',
        'a directory listing with t other than f or d answers 400',
        't other than f or d',
        400,
        'GET',
        `^${REPO}/dir/$`,
      ],
      [
        'history-limit-no-days-accepted',
        'PUT history-limit without keep_days answers 400',
        'history limit without keep_days',
        400,
        'PUT',
        `^${REPO}/history-limit/$`,
      ],
      [
        'file-history-no-p-accepted',
        'file/history without p answers 400',
        'file history without p',
        400,
        'GET',
        `^${REPO}/file/history/$`,
      ],
      [
        'library-slash-name-accepted',
        'a library name with a slash answers 400 "name invalid."',
        'library whose name has a slash',
        400,
        'POST',
        '^/api2/repos/$',
      ],
      [
        'library-rename-invalid-accepted',
        'renaming a library to an invalid name answers 400 and keeps the name',
        'renaming a library to an invalid name',
        400,
        'POST',
        `^${REPO}/$`,
      ],
      [
        'zip-task-no-dirents-accepted',
        'zip-task without dirents answers 400',
        'zip-task without dirents',
        400,
        'GET',
        '/zip-task/$',
      ],
      [
        'group-bad-operation-accepted',
        'a group POST with an operation other than rename answers 400',
        'renaming with an unknown operation',
        400,
        'POST',
        '^/api2/groups/\\d+/$',
      ],
      [
        'share-no-type-accepted',
        'a share without a valid share_type answers 400 "share_type invalid."',
        'sharing without a share_type',
        400,
        'PUT',
        '^/api/v2\\.1/shared-repos/',
      ],
      [
        'batch-bad-operation-accepted',
        'repos/batch with an unknown operation answers 400',
        'repos/batch with an unknown operation',
        400,
        'POST',
        '^/api/v2\\.1/repos/batch/$',
      ],
      [
        'link-no-path-accepted',
        'creating a share link without a path answers 400',
        'creating a link without a path',
        400,
        'PUT',
        '/file/shared-link/$',
      ],
      [
        'is-staff-invalid-accepted',
        'an is_staff other than a boolean answers 400 "is_staff invalid."',
        'an invalid is_staff value',
        400,
        'PUT',
        '^/api2/accounts/',
      ],
      [
        'sub-repo-no-p-accepted',
        'dir/sub_repo without p answers 400',
        'sub_repo without p',
        400,
        'GET',
        '/dir/sub_repo/$',
      ],
      [
        'star-no-path-accepted',
        'starring without a path answers 400',
        'starring without a path',
        400,
        'POST',
        '^/api2/starredfiles/$',
      ],
      [
        'relative-path-absolute-accepted',
        'an upload whose relative_path starts with "/" is refused with 400',
        'relative_path starting with',
        400,
        'POST',
        '/upload-api/',
      ],
      [
        'replace-not-boolean-accepted',
        'an upload whose replace is not 0 or 1 is refused with 400',
        'replace other than 0/1',
        400,
        'POST',
        '/upload-api/',
      ],
      [
        'long-name-accepted',
        'an upload named with more than 255 bytes is refused with 400',
        'a 256-byte name is refused',
        400,
        'POST',
        '/upload-api/',
      ],
      [
        'quota-check-bad-delta-accepted',
        'the sync quota-check refuses a delta that is not a number with 400',
        'quota-check accepts',
        400,
        'GET',
        '/quota-check/$',
      ],
      [
        'search-no-query-accepted',
        'a search without q answers 400',
        'search without a query',
        400,
        'GET',
        '^/api2/search/$',
      ],
      [
        'auth-token-blank-user-accepted',
        'auth-token refuses a blank username with 400 naming the field',
        'auth-token refuses a blank username',
        400,
        'POST',
        '^/api2/auth-token/$',
      ],
      [
        'mkdir-missing-parent-accepted',
        'mkdir under a missing parent answers 404',
        'mkdir under a missing parent',
        404,
        'POST',
        `^${REPO}/dir/$`,
      ],
      [
        'delete-missing-dir-accepted',
        'deleting a missing directory answers 404',
        'deleting a missing directory',
        404,
        'DELETE',
        `^${REPO}/dir/$`,
      ],
      [
        'unknown-commit-found',
        'an unknown commit answers 404',
        'an unknown commit answers 404',
        404,
        'GET',
        '/commits/[0-9a-f]{40}/$',
      ],
      [
        'unknown-library-trash-found',
        'the trash of an unknown library answers 404',
        'trash of an unknown library',
        404,
        'GET',
        '/trash/$',
      ],
      [
        'unknown-group-delete-accepted',
        'deleting an unknown group answers 404',
        'an unknown group answers 404',
        404,
        'DELETE',
        '^/api2/groups/\\d+/$',
      ],
      [
        'missing-folder-share-found',
        'the shares of a missing folder answer 404',
        'folder share of a missing folder',
        404,
        'GET',
        '/dir/shared_items/$',
      ],
      [
        'unknown-file-link-found',
        'an unknown file-link token answers 404',
        'an unknown file-link token',
        404,
        'GET',
        '^/api2/f/[^/]+/$',
      ],
      [
        'missing-file-download-link',
        'a download link for a missing file or a directory answers 404',
        'download link of a missing file',
        404,
        'GET',
        `^${REPO}/file/$`,
      ],
    ] as const
  ).map(([name, breaks, grep, status, method, path]) =>
    refusalLetThrough(name, breaks, grep, status, method, new RegExp(path)),
  ),
  // Robustness (suites/robustness): each breaks one rule the negative, auth, access or share-link specs check.
  {
    name: 'auth-matrix-no-token',
    breaks: 'every token-protected operation refuses a request without a token (403 detail)',
    // A few operations are enough to catch it (each failing test restarts a Playwright worker).
    grep: 'auth matrix.*(GET /api2/repos/ |GET /api2/account/info/ |DELETE /api2/repos/\\{repo_id\\}/ )',
    onResponse: (req, res) =>
      !req.headers.has('authorization') && res.status === 403 && textOf(res.body).includes('credentials')
        ? ok([])
        : res,
  },
  {
    name: 'malformed-400-as-500',
    breaks: 'a malformed request gets a 4xx, never a 5xx (seahub errors naming an invalid parameter)',
    grep: 'negative requests',
    onResponse: (req, res) =>
      pathOf(req).startsWith('/api') && res.status === 400 && /invalid/i.test(textOf(res.body))
        ? {
            status: 500,
            headers: new Headers({ 'content-type': 'text/html' }),
            body: bodyOf('<h1>Server Error (500)</h1>'),
          }
        : res,
  },
  {
    name: 'share-link-password-ignored',
    breaks: 'a share link with a password opens only with that password',
    grep: 'link with a password',
    onResponse: (req, res) =>
      /^\/api2\/(d|f)\//.test(pathOf(req)) && res.status === 403 && /Password/.test(textOf(res.body))
        ? ok(
            pathOf(req).endsWith('/dir/')
              ? [{ type: 'file', name: 'seed.txt', size: 0 }]
              : { name: 'seed.txt' },
          )
        : res,
  },
  {
    name: 'stranger-permitted',
    breaks: 'a user without a share is refused on library-scoped operations',
    grep: 'without a share.*(GET|DELETE) /api2/repos/\\{repo_id\\}/ ',
    onResponse: (req, res) =>
      /^\/api(2|\/v2\.1)\/repos\/[0-9a-f-]{36}\//.test(pathOf(req)) &&
      res.status === 403 &&
      req.headers.has('authorization')
        ? ok('success')
        : res,
  },
  {
    name: 'admin-check-missing',
    breaks: 'admin-only operations refuse a user who is not an administrator',
    grep: 'admin-only',
    onResponse: (_req, res) =>
      res.status === 403 && textOf(res.body).includes('You do not have permission to perform this action.')
        ? ok([])
        : res,
  },
  {
    name: 'documented-5xx-as-html',
    breaks: "a documented 5xx comes in its documented form (the file server's text line, seahub's JSON)",
    grep: 'generated malformed requests get a 4xx',
    // The status stays one the spec lists for the operation; only the body is an nginx error page.
    onResponse: (_req, res) =>
      res.status >= 500 && !/html/.test(res.headers.get('content-type') ?? '')
        ? {
            status: res.status,
            headers: new Headers({ 'content-type': 'text/html' }),
            body: bodyOf(`<html><body><h1>${res.status} Internal Server Error</h1></body></html>`),
          }
        : res,
  },
  {
    name: 'malformed-id-hits-newest-library',
    breaks: 'a malformed request leaves alone every library it does not name (the witness library)',
    grep: 'generated malformed requests get a 4xx',
    // A lenient lookup: a write naming a library id that is not a UUID goes to the newest library instead.
    onRequest: (req) => {
      const m = /^(\/api(?:2|\/v2\.1)\/repos\/)([^/]+)(\/.*)$/.exec(pathOf(req))
      if (!m || !newestLibrary.id || req.method === 'GET' || !req.headers.has('authorization'))
        return undefined
      const [, head = '', id = '', rest = ''] = m
      if (UUID.test(id) || id === 'public' || id === 'batch') return undefined
      req.url = head + newestLibrary.id + rest + req.url.slice(pathOf(req).length)
      return undefined
    },
    onResponse: (req, res) => {
      if (req.method === 'POST' && /^\/api(2|\/v2\.1)\/repos\/$/.test(pathOf(req)) && isJson(res)) {
        const created = jsonOf(res.body) as { repo_id?: string; id?: string }
        newestLibrary.id = created.repo_id ?? created.id ?? newestLibrary.id
      }
      return res
    },
  },
  ...CLIENTS_BOOTSTRAP_VARIANTS,
  ...V21_FILE_VARIANTS,
  ...v21BatchVariants,
  ...api2ClientExtrasVariants,
  ...clientVariantVariants,
  ...CALIBRATION,
]
