/**
 * The file server's upload and update endpoints (fileserver/fileop.go: uploadAPICB, uploadAjaxCB,
 * updateAPICB, updateAjaxCB), whole multipart uploads and resumable Content-Range chunks, served at the
 * root and under `/seafhttp`. Bodies stream: busboy → 8 MiB blocks → block store, or → temp segments.
 */
import { doUpdate } from '../upload/doUpdate.ts'
import { doUpload } from '../upload/doUpload.ts'
import {
  CORS_HEADERS,
  fileserverHandler,
  goJson,
  jsonUtf8,
  parseUploadHeaders,
} from '../upload/fileserverHttp.ts'
import { uploadState } from '../upload/state.ts'
import { UPLOAD_OPS } from '../upload/uploadForm.ts'
import type { RouteModule } from './types.ts'

/** fileserver.go::newHTTPRouter: `/upload-api/{.*}`, `/upload-aj/{.*}`, `/update-api/{.*}`, `/update-aj/{.*}`. */
export const fileserverUploadRoutes: RouteModule = ({ app, seaf }) => {
  for (const prefix of ['', '/seafhttp']) {
    for (const op of UPLOAD_OPS) {
      app.all(`${prefix}/${op}/*`, (c) =>
        fileserverHandler(seaf, c, async (cors) => {
          // OPTIONS: the CORS preflight, before the token is looked at.
          if (c.req.method === 'OPTIONS') return new Response(null, { status: 200, headers: CORS_HEADERS })
          const headers = await parseUploadHeaders(c, op, seaf)
          return op.startsWith('upload')
            ? doUpload(seaf, c, op, headers, cors)
            : doUpdate(seaf, c, op, headers, cors)
        }),
      )
    }
    // upload-file.c::idx_progress_cb (the Go server has no such route; see options.idxProgress).
    app.get(`${prefix}/idx_progress`, (c) => {
      const taskId = c.req.query('task_id')
      if (!taskId) return failure(400, 'task id not found')
      const task = uploadState(seaf).idxTasks.get(taskId)
      if (!task || task.expiresAt < Date.now()) return failure(404, 'Failed to get index progress')
      return jsonUtf8(goJson({ indexed: task.total, total: task.total, status: 0, ret_json: task.retJson }))
    })
  }
}

const failure = (status: number, msg: string) =>
  new Response(`{"error": "${msg}"}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  })
