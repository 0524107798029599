/**
 * Broken servers for the api/v2.1 batch operations (suites/conformance/v21-batch.spec.ts): each variant
 * breaks one rule of seahub's repos_batch.py, copy_move_task.py, query_copy_move_progress.py or
 * cancel_zip_task.py, and the suite must fail on it.
 */
import { bodyOf, jsonOf, type ProxiedRequest, type ProxiedResponse, pathOf, type Variant } from '../proxy.ts'
import { isJson, ok } from './shared.ts'

const at = (req: ProxiedRequest, method: string, path: string) =>
  req.method === method && pathOf(req) === path

/** Rewrites the JSON answer of `method path` with `fn`. */
const rewrite =
  (method: string, path: string, fn: (body: Record<string, unknown>, res: ProxiedResponse) => unknown) =>
  (req: ProxiedRequest, res: ProxiedResponse): ProxiedResponse =>
    at(req, method, path) && isJson(res)
      ? { ...res, body: bodyOf(JSON.stringify(fn(jsonOf(res.body) as Record<string, unknown>, res))) }
      : res

/** A refusal (`status` on `method path`) turned into a 200 with `body`. */
const letThrough =
  (method: string, path: string, status: number, body: unknown) =>
  (req: ProxiedRequest, res: ProxiedResponse): ProxiedResponse =>
    at(req, method, path) && res.status === status ? ok(body) : res

const SYNC_COPY = '/api/v2.1/repos/sync-batch-copy-item/'
const SYNC_MOVE = '/api/v2.1/repos/sync-batch-move-item/'
const PROGRESS = '/api/v2.1/query-copy-move-progress/'
const TASK = '/api/v2.1/copy-move-task/'

export const v21BatchVariants: Variant[] = [
  {
    name: 'batch-copy-dropped',
    breaks: 'sync-batch-copy-item copies the entries before it answers {"success": true}',
    grep: 'sync-batch-copy-item copies a file and a folder',
    onRequest: (req) => (at(req, 'POST', SYNC_COPY) ? ok({ success: true }) : undefined),
  },
  {
    name: 'batch-move-copies',
    breaks: 'sync-batch-move-item removes the entries from the source folder',
    grep: 'sync-batch-move-item moves entries',
    onRequest: (req) => {
      if (at(req, 'POST', SYNC_MOVE)) req.url = req.url.replace(SYNC_MOVE, SYNC_COPY)
      return undefined
    },
  },
  {
    name: 'batch-missing-field-accepted',
    breaks: 'a batch copy or move without src_dirents is refused with 400 "src_dirents invalid."',
    grep: 'batch copy and move refuse a missing field',
    onResponse: letThrough('POST', SYNC_MOVE, 400, { success: true }),
  },
  {
    name: 'batch-move-ignores-lock',
    breaks: "a batch move leaves a file locked by another user in place (403 'File <name> is locked.')",
    grep: 'leave a file locked by another user',
    onResponse: letThrough('POST', SYNC_MOVE, 403, { success: true }),
  },
  {
    name: 'batch-delete-new-head',
    breaks: 'batch-delete-item answers the head commit from before the delete',
    grep: 'batch-delete-item deletes entries in one commit',
    onResponse: rewrite('DELETE', '/api/v2.1/repos/batch-delete-item/', (body) => ({
      ...body,
      commit_id: '0'.repeat(40),
    })),
  },
  {
    name: 'async-progress-wrong-total',
    breaks: 'the progress of a copy task counts the files: done == total when it ends',
    grep: 'async-batch-copy-item to another library answers a task',
    onResponse: rewrite('GET', PROGRESS, (body) => ({ ...body, total: Number(body.total) + 1 })),
  },
  {
    name: 'async-same-library-task-id',
    breaks: 'an asynchronous move within one library is done at once and answers task_id ""',
    grep: 'async-batch-move-item within a library',
    onResponse: rewrite('POST', '/api/v2.1/repos/async-batch-move-item/', () => ({
      task_id: '2d8c4bc1-3a86-4f6e-9a2c-0d6a3cfbd0f6',
    })),
  },
  {
    name: 'reported-task-cancel-fails',
    breaks: 'a task a poll has reported ended is forgotten (copy-mgr.c:81): cancelling it succeeds',
    grep: 'async-batch-copy-item to another library answers a task',
    onResponse: (req, res) =>
      at(req, 'DELETE', TASK) && res.status === 200 ? ok({ error_msg: 'Cancel failed' }, 500) : res,
  },
  {
    name: 'ended-task-cancel-succeeds',
    breaks:
      'a cancel of a task that has ended answers 500 "Cancel failed"; one answered 200 leaves it canceled',
    grep: 'cancelling a move task',
    onResponse: letThrough('DELETE', TASK, 500, { success: true }),
  },
  {
    name: 'unknown-task-progress-404',
    breaks: 'the progress of an unknown copy task answers 500 {"error_msg": "Error"}',
    grep: 'an unknown task: progress answers 500',
    onResponse: (req, res) =>
      at(req, 'GET', PROGRESS) && res.status === 500 ? ok({ error_msg: 'Task not found.' }, 404) : res,
  },
  {
    name: 'copy-move-task-bad-operation-accepted',
    breaks: 'copy-move-task refuses an operation other than copy or move with 400',
    grep: 'copy-move-task refuses an operation',
    onResponse: letThrough('POST', TASK, 400, {}),
  },
  {
    name: 'copy-move-task-same-library-task',
    breaks: 'copy-move-task within one library copies at once and answers {}',
    grep: 'copy-move-task moves a file to another library',
    onResponse: (req, res) =>
      at(req, 'POST', TASK) && res.status === 200 && textIsEmptyObject(res)
        ? ok({ task_id: '2d8c4bc1-3a86-4f6e-9a2c-0d6a3cfbd0f6' })
        : res,
  },
  {
    name: 'cancel-zip-task-without-token',
    breaks: 'cancel-zip-task without a token answers 400 "token invalid."',
    grep: 'POST zip-task answers a zip token',
    onResponse: letThrough('POST', '/api/v2.1/cancel-zip-task/', 400, { success: true }),
  },
]

const FILEOPS = /^\/api2\/repos\/[0-9a-f-]{36}\/fileops\/(move|delete)\/$/
const isFileops = (req: ProxiedRequest, op: string) =>
  req.method === 'POST' && FILEOPS.exec(pathOf(req))?.[1] === op
const isBlock = (req: ProxiedRequest) =>
  req.method === 'GET' && /\/blks\/[^/]+\/[0-9a-f]{40}$/.test(pathOf(req))
/** Block answers already served, by URL, for block-token-reusable. */
const servedBlocks = new Map<string, ProxiedResponse>()

/** Variants of the api2 routes clients use beyond the documents (api2-client-extras.spec.ts). */
export const api2ClientExtrasVariants: Variant[] = [
  {
    name: 'fileops-move-copies',
    breaks: 'api2 fileops/move removes the entries from the source folder',
    grep: 'fileops/move moves entries',
    onRequest: (req) => {
      if (isFileops(req, 'move')) req.url = req.url.replace('/fileops/move/', '/fileops/copy/')
      return undefined
    },
  },
  {
    name: 'fileops-move-same-folder-accepted',
    breaks: 'api2 fileops/move into the source folder answers 400',
    grep: 'fileops/move refuses the source folder',
    onResponse: (req, res) => (isFileops(req, 'move') && res.status === 400 ? ok([]) : res),
  },
  {
    name: 'fileops-delete-dropped',
    breaks: 'api2 fileops/delete deletes the entries before it answers "success"',
    grep: 'fileops/delete deletes the entries',
    onRequest: (req) => (isFileops(req, 'delete') ? ok('success') : undefined),
  },
  {
    name: 'fileops-delete-missing-names-400',
    breaks: 'api2 fileops/delete without file_names answers 404 "File or directory not found."',
    grep: 'fileops/delete without file_names',
    onResponse: (req, res) =>
      isFileops(req, 'delete') && res.status === 404 ? ok({ error_msg: 'Missing argument.' }, 400) : res,
  },
  {
    name: 'block-bytes-corrupted',
    breaks: "the file server's /blks/ answers the block's stored bytes",
    grep: 'downloadblks → block download link',
    onResponse: (req, res) =>
      isBlock(req) && res.status === 200 && res.body.length > 0
        ? { ...res, body: Uint8Array.from(res.body, (b, i) => (i === 0 ? b ^ 1 : b)) }
        : res,
  },
  {
    name: 'block-token-reusable',
    breaks: 'a block download link serves its block once (one-time token)',
    grep: 'downloadblks → block download link',
    onRequest: (req) => (isBlock(req) ? servedBlocks.get(req.url) : undefined),
    onResponse: (req, res) => {
      if (isBlock(req) && res.status === 200) servedBlocks.set(req.url, res)
      return res
    },
  },
  {
    name: 'history-changes-new-as-modified',
    breaks: 'repo_history_changes lists an added file under "added_files"',
    grep: 'lists what one commit changed',
    onResponse: (req, res) => {
      if (
        req.method !== 'GET' ||
        !pathOf(req).startsWith('/api2/repo_history_changes/') ||
        res.status !== 200
      )
        return res
      const body = jsonOf(res.body) as Record<string, unknown>
      return ok({ ...body, added_files: undefined, modified_files: body.added_files })
    },
  },
  {
    name: 'history-changes-error-msg-shape',
    breaks: 'repo_history_changes answers its errors as {"err": …} (api2/views.py:4967)',
    grep: 'without commit_id answers 400',
    onResponse: (req, res) =>
      req.method === 'GET' && pathOf(req).startsWith('/api2/repo_history_changes/') && res.status === 400
        ? ok({ error_msg: 'Argument missing' }, 400)
        : res,
  },
]

const bodyText = (req: ProxiedRequest) => Buffer.from(req.body).toString('latin1')
const setBody = (req: ProxiedRequest, text: string) => {
  req.body = Uint8Array.from(Buffer.from(text, 'latin1'))
}

/** Variants of the request shapes clients send on documented routes (client-variants.spec.ts). */
export const clientVariantVariants: Variant[] = [
  {
    name: 'auth-token-json-refused',
    breaks: 'auth-token accepts a JSON body (DRF parses JSON, form and multipart)',
    grep: 'auth-token accepts a JSON body',
    onRequest: (req) =>
      at(req, 'POST', '/api2/auth-token/') && /json/.test(req.headers.get('content-type') ?? '')
        ? ok({ username: ['This field is required.'], password: ['This field is required.'] }, 400)
        : undefined,
  },
  {
    name: 'mkdir-create-parents-ignored',
    breaks: 'mkdir with create_parents=true creates the missing parents',
    grep: 'mkdir with create_parents',
    onRequest: (req) => {
      if (req.method === 'POST' && /\/dir\/$/.test(pathOf(req)))
        setBody(req, bodyText(req).replace(/&?create_parents=[^&]*/, ''))
      return undefined
    },
  },
  {
    name: 'upload-last-modify-ignored',
    breaks: 'an upload with last_modify gets that mtime (11.0 ignores it: asserted at strict only)',
    grep: 'an upload with last_modify',
    level: 'strict',
    // An unparseable value, which fileop.go ignores (mtime = now).
    onRequest: (req) => {
      if (req.method === 'POST' && /\/upload-api\//.test(pathOf(req)))
        setBody(req, bodyText(req).replace('2020-01-02T03:04:05Z', '2020-01-02T03:04:0xZ'))
      return undefined
    },
  },
  {
    name: 'file-copy-operation-refused',
    breaks: 'POST /api2/repos/{id}/file/ accepts operation=copy (FileView.post; the PHP SDK copies with it)',
    grep: 'file copy onto the same name',
    onRequest: (req) =>
      req.method === 'POST' &&
      /^\/api2\/repos\/[0-9a-f-]{36}\/file\/$/.test(pathOf(req)) &&
      /(^|&)operation=copy(&|$)/.test(bodyText(req))
        ? ok({ error_msg: 'Operation can only be rename, create or move.' }, 400)
        : undefined,
  },
  {
    name: 'no-append-slash',
    breaks: "a URL without its trailing slash is redirected (Django's APPEND_SLASH), not a 404",
    grep: 'without the trailing slash',
    onResponse: (req, res) =>
      res.status === 301 && /^\/api(2|\/v2\.1)\/.*[^/]$/.test(pathOf(req))
        ? {
            status: 404,
            headers: new Headers({ 'content-type': 'text/html' }),
            body: bodyOf('<h1>Not Found</h1>'),
          }
        : res,
  },
]

function textIsEmptyObject(res: ProxiedResponse): boolean {
  const body = jsonOf(res.body)
  return typeof body === 'object' && body !== null && Object.keys(body).length === 0
}
